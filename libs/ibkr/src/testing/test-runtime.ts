import type { ConnectionState } from '@ibsc/shared-dto';
import type { Clock } from '../lib/clock/clock';
import type { StateChange } from '../lib/events/ibkr-event-bus';
import { IbkrOptions, IbkrRuntime } from '../lib/ibkr-runtime';

/** An IbkrRuntime against a simulator on 127.0.0.1:`port`, with test defaults (fast backoff, no jitter). */
export function createTestRuntime(port: number, clock: Clock, overrides: Partial<IbkrOptions> = {}): IbkrRuntime {
  return new IbkrRuntime(
    {
      gateway: { kind: 'simulator', host: '127.0.0.1', port },
      clientId: 7,
      handshakeTimeoutMs: 3_000,
      backoff: { initialMs: 200, maxMs: 5_000, jitter: 0 },
      clientIdRetryDelayMs: 1_000,
      ...overrides,
    },
    clock,
  );
}

/** Records the runtime's state changes, collapsing repeats. */
export class StateRecorder {
  readonly changes: StateChange[] = [];

  constructor(rt: IbkrRuntime) {
    rt.bus.on('state', (s) => this.changes.push(s));
  }

  states(): ConnectionState[] {
    return this.changes.map((c) => c.to);
  }

  clear(): void {
    this.changes.length = 0;
  }
}
