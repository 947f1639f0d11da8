import { HttpStatus } from '@nestjs/common';
import type { SimulatorFarm, SimulatorRestartMode } from '@ibsc/shared-dto';
import { DomainError } from '../common/domain-error';
import type { SimulatorFaultTarget } from './simulator-fault-target';

/** How long the API waits for the standalone simulator's control endpoint before answering 502. */
export const SIMULATOR_CONTROL_TIMEOUT_MS = 5_000;

/**
 * A standalone simulator's HTTP control endpoint (SIM_CONTROL_URL; docs/simulator.md "Control endpoint"). An
 * endpoint that does not answer, or answers with an error, gives a 502 naming SIM_CONTROL_URL: the fault was not
 * (knowingly) injected.
 */
export class SimulatorControlClient implements SimulatorFaultTarget {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = SIMULATOR_CONTROL_TIMEOUT_MS,
  ) {}

  get where(): string {
    return this.baseUrl;
  }

  async restart(downSeconds: number, mode: SimulatorRestartMode): Promise<void> {
    await this.post('/faults/restart', { downSeconds, mode });
  }

  async flapFarm(farm: SimulatorFarm, downSeconds: number): Promise<void> {
    await this.post('/faults/flap-farm', { farm, downSeconds });
  }

  async dropClient(clientId: number): Promise<boolean> {
    const result = (await this.post('/faults/drop-client', { clientId })) as { dropped?: unknown } | null;
    if (typeof result?.dropped !== 'boolean') throw this.failure('answered drop-client without "dropped"');
    return result.dropped;
  }

  private async post(path: string, body: Record<string, unknown>): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const reason = errorField(e, 'name') === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : describe(e);
      throw this.failure(`did not answer POST ${path}: ${reason}`);
    }
    let json: { ok?: boolean; result?: unknown; error?: string } | undefined;
    try {
      json = (await res.json()) as typeof json;
    } catch {
      json = undefined;
    }
    if (!res.ok || json?.ok !== true) {
      throw this.failure(`answered POST ${path} with ${res.status}${json?.error ? `: ${json.error}` : ''}`);
    }
    return json.result ?? null;
  }

  private failure(what: string): DomainError {
    return new DomainError(HttpStatus.BAD_GATEWAY, 'SIMULATOR_CONTROL_FAILED', `the simulator's control endpoint (SIM_CONTROL_URL=${this.baseUrl}) ${what}`);
  }
}

/** fetch's errors carry the socket error as `cause` (checked by shape: errors may come from another realm). */
function describe(e: unknown): string {
  const cause = typeof e === 'object' && e !== null ? (e as { cause?: unknown }).cause : undefined;
  const code = errorField(cause, 'code');
  const message = errorField(cause, 'message') || errorField(e, 'message') || String(e);
  return code && !message.includes(code) ? `${code} ${message}`.trim() : message;
}

function errorField(e: unknown, field: 'name' | 'code' | 'message'): string {
  const v = typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[field] : undefined;
  return typeof v === 'string' ? v : '';
}
