/**
 * The seeded fault schedule of `npm run chaos` and how each fault is made: gateway restarts and client drops and
 * farm outages through the simulator's control endpoint, database outages by cutting the TCP proxy in front of
 * PostgreSQL, and kill -9 of the API (restarted by the supervisor). One fault at a time; after each, the harness waits
 * until the API reports the gateway session ready and the database up again, then pauses before the next.
 */
import type { SeededRandom } from '@ibsc/ib-sim/testing';
import type { TcpProxy } from '@ibsc/ibkr/testing';
import { CHAOS_CLIENT_ID, type ApiSupervisor, type SimProcess } from './chaos-processes';

export const FAULT_KINDS = ['gateway-restart', 'drop', 'farm-outage', 'database-outage', 'api-kill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** How long it lasts (restart, farm and database outages), ms. */
  downMs: number;
  /** Pause after recovery before the next fault, ms. */
  gapMs: number;
}

export interface ScheduleOptions {
  faults: number;
  /** Short mode: every kind once, then the rest at random; short outages. */
  short: boolean;
}

const WEIGHTS: Record<FaultKind, number> = { 'gateway-restart': 0.27, drop: 0.27, 'farm-outage': 0.2, 'database-outage': 0.12, 'api-kill': 0.14 };

/** The whole schedule, drawn up front from the seed (the same seed gives the same faults in the same order). */
export function faultSchedule(rnd: SeededRandom, opts: ScheduleOptions): Fault[] {
  const between = (lo: number, hi: number) => Math.round(lo + rnd.next() * (hi - lo));
  const pick = (): FaultKind => {
    let x = rnd.next();
    for (const k of FAULT_KINDS) {
      x -= WEIGHTS[k];
      if (x < 0) return k;
    }
    return 'drop';
  };
  const out: Fault[] = [];
  for (let i = 0; i < opts.faults; i++) {
    const kind = opts.short && i < FAULT_KINDS.length ? FAULT_KINDS[i] : pick();
    const downMs =
      kind === 'gateway-restart' ? between(2_000, opts.short ? 4_000 : 10_000)
      : kind === 'farm-outage' ? between(3_000, opts.short ? 5_000 : 10_000)
      : kind === 'database-outage' ? between(5_000, opts.short ? 8_000 : 30_000)
      : 0;
    out.push({ kind, downMs, gapMs: between(1_000, opts.short ? 2_000 : 3_000) });
  }
  return out;
}

export interface Recovery {
  kind: FaultKind;
  /** From the end of the fault to the API reporting the session ready and the database up, ms (null: not within the limit). */
  ms: number | null;
}

/** Injects one fault and returns when it has ended (the outage over, the API process serving again). */
export async function inject(fault: Fault, deps: { sim: SimProcess; dbProxy: TcpProxy; api: ApiSupervisor; rnd: SeededRandom }): Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  switch (fault.kind) {
    case 'gateway-restart':
      await deps.sim.ctl('POST', '/faults/restart', { downSeconds: fault.downMs / 1000, mode: deps.rnd.next() < 0.5 ? 'refuse' : 'silent' });
      await sleep(fault.downMs);
      return;
    case 'drop':
      await deps.sim.ctl('POST', '/faults/drop-client', { clientId: CHAOS_CLIENT_ID });
      return;
    case 'farm-outage':
      await deps.sim.ctl('POST', '/faults/flap-farm', { farm: deps.rnd.next() < 0.7 ? 'market' : 'hmds', downSeconds: fault.downMs / 1000 });
      await sleep(fault.downMs);
      return;
    case 'database-outage':
      await deps.dbProxy.cut();
      try {
        await sleep(fault.downMs);
      } finally {
        await deps.dbProxy.restore();
      }
      return;
    case 'api-kill':
      await deps.api.kill9();
      return;
  }
}

/** Polls the API's health until the gateway session is ready and the database up, or `limitMs` passes. */
export async function waitForRecovery(base: string, limitMs: number): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    try {
      const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(3000) });
      const body = (await res.json()) as { details?: { session?: { ibkr?: { state?: string } } } };
      if (res.status === 200 && body.details?.session?.ibkr?.state === 'ready') return Date.now() - t0;
    } catch {
      /* restarting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}
