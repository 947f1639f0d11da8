/**
 * `npm run chaos` (tools/scripts/chaos.mjs runs this): a bounded soak of the built API against the simulated gateway
 * in its own process. The 8-symbol scan runs; a trader places, re-sends and cancels orders; previews are timed; a
 * seeded schedule of faults (gateway restarts, drops, farm outages, database outages, kill -9 of the API) is
 * injected one after another. Then everything settles and the books are checked against the gateway's ledger.
 */
import { createMarketModel, SystemClock } from '@ibsc/ib-sim';
import { nearMoneyOption, SeededRandom } from '@ibsc/ib-sim/testing';
import { Client } from 'pg';
import { audit, settle, type AuditResult } from './chaos-audit';
import { faultSchedule, inject, waitForRecovery, type Fault, type FaultKind } from './chaos-faults';
import { ApiSupervisor, startDatabaseProxy, startSimProcess } from './chaos-processes';
import { ChaosClient, ChaosTraffic, type HttpTally, type SpreadPick, type TrafficStats } from './chaos-traffic';
import { newDataDir } from '../built-api';
import { ADMIN_PASSWORD, createDatabase } from '../cluster';
import { join } from 'node:path';

export const SCAN_SYMBOLS = ['SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN'];

export interface ChaosOptions {
  /** A PostgreSQL server; the soak creates (and drops) its own database on it. */
  serverUrl: string;
  faults: number;
  seed: number;
  short: boolean;
  log?: (line: string) => void;
}

export interface ChaosReport {
  faults: Record<FaultKind, number>;
  /** Recovery after each fault: ms to a ready session and database, or null if not within 90 s. */
  recoveries: Array<{ kind: FaultKind; ms: number | null }>;
  traffic: TrafficStats;
  http: HttpTally;
  audit: AuditResult;
  crashes: Array<{ code: number | null; signal: string | null; tail: string }>;
  /** Exits with code 3: the owner lost its session lock (database outage, a keep-alive too slow) and rejoins, by design. */
  deposed: number;
  apiRestarts: number;
  wallMs: number;
}

/** Credit spreads 5 wide whose short leg is one of the strikes nearest the money, about a month out. */
function spreadPool(seed: number): SpreadPick[] {
  const market = createMarketModel({ clock: new SystemClock(), seed });
  const out: SpreadPick[] = [];
  try {
    for (const symbol of ['SPY', 'QQQ', 'IWM']) {
      for (const right of ['P', 'C'] as const) {
        const atm = nearMoneyOption(market, symbol, right);
        const strikes = new Set(market.findContracts({ secType: 'OPT', symbol, right, expiry: atm.expiry }).flatMap((c) => (c.secType === 'OPT' ? [c.strike] : [])));
        for (const k of [...strikes].sort((a, b) => Math.abs(a - atm.strike) - Math.abs(b - atm.strike)).slice(0, 6)) {
          const long = right === 'P' ? k - 5 : k + 5;
          if (strikes.has(long)) out.push({ symbol, expiry: atm.expiry, right, shortStrike: k, longStrike: long });
        }
      }
    }
  } finally {
    market.dispose();
  }
  return out;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  const rnd = new SeededRandom(opts.seed);
  const schedule: Fault[] = faultSchedule(SeededRandom.derive(opts.seed, 'faults'), { faults: opts.faults, short: opts.short });
  const db = await createDatabase(opts.serverUrl);
  const { proxy, databaseUrl } = await startDatabaseProxy(db.url);
  const simLog = join(newDataDir(), 'ib-sim.log');
  const sim = await startSimProcess(opts.seed, simLog);
  const api = new ApiSupervisor(databaseUrl, sim.port, log);
  const pg = new Client({ connectionString: db.url });
  let stopTraffic = false;
  const loops: Array<Promise<void>> = [];
  try {
    await api.start();
    await pg.connect();
    const base = await api.base();
    const client = new ChaosClient(base, ADMIN_PASSWORD);
    if (!(await client.login())) throw new Error('login failed');
    if ((await waitForRecovery(base, 60_000)) === null) throw new Error('the API did not reach the gateway');
    log(`API on ${base}, simulator on ${sim.port} (control ${sim.control}, log ${simLog}; API log ${api.logFile}), database through a proxy on ${proxy.port}`);

    // the scan is refused with 503 (Retry-After) until the session is fully up: retried as the console would
    const scanDeadline = Date.now() + 240_000;
    for (;;) {
      const scan = await client.call('POST', '/scan/start', { symbols: SCAN_SYMBOLS, spreadTypes: ['bull-put', 'bear-call'], widths: [5], filters: { dte: { min: 7, max: 60 } } }, {}, true, 120_000);
      if (scan.status === 200) break;
      log(`scan start answered ${scan.status} ${JSON.stringify(scan.body)}; again in 2 s`);
      if (![0, 503].includes(scan.status) || Date.now() > scanDeadline) throw new Error(`scan start answered ${scan.status}: ${JSON.stringify(scan.body)}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    // the spreads to trade: near the money on SPY, QQQ and IWM, from a market model built from the simulator's seed
    // (the same chains it lists), so orders start with the scan rather than after its first results
    const pool = spreadPool(opts.seed);
    log(`scan started; ${pool.length} spreads to trade`);

    const traffic = new ChaosTraffic(client, SeededRandom.derive(opts.seed, 'traffic'), () => pool, `chaos-${process.pid}-${opts.seed}`);
    let faultActive = false;
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    loops.push(
      (async () => {
        while (!stopTraffic) {
          await traffic.step();
          await pause(opts.short ? 400 : 1200 + rnd.next() * 1500);
        }
      })(),
      (async () => {
        while (!stopTraffic) {
          await traffic.preview(!faultActive && api.up());
          await pause(opts.short ? 500 : 1500);
        }
      })(),
    );

    // a quiet start: orders working and the scan acquiring before the first fault
    await pause(opts.short ? 5_000 : 15_000);
    const counts = Object.fromEntries(['gateway-restart', 'drop', 'farm-outage', 'database-outage', 'api-kill'].map((k) => [k, 0])) as Record<FaultKind, number>;
    const recoveries: ChaosReport['recoveries'] = [];
    for (const [i, f] of schedule.entries()) {
      faultActive = true;
      log(`fault ${i + 1}/${schedule.length} ${f.kind}${f.downMs ? ` ${f.downMs} ms` : ''}: injecting`);
      await inject(f, { sim, dbProxy: proxy, api, rnd });
      const ms = await waitForRecovery(base, 90_000);
      faultActive = false;
      counts[f.kind]++;
      recoveries.push({ kind: f.kind, ms });
      log(`fault ${i + 1}/${schedule.length} ${f.kind}${f.downMs ? ` ${f.downMs} ms` : ''}: ${ms === null ? 'NOT recovered within 90 s' : `recovered in ${ms} ms`}`);
      await pause(f.gapMs);
    }

    stopTraffic = true;
    await Promise.all(loops);
    await client.call('POST', '/scan/stop');
    log('faults done; settling (cancelling what still works, waiting for reconciliation)');
    const settleMs = await settle(pg, client, sim, opts.short ? 90_000 : 150_000);
    // one more position pass after the last fills (POSITIONS_RECONCILE_SEC 30) for the API's drift view
    await pause(opts.short ? 2_000 : 35_000);
    const result = await audit(pg, client, sim, settleMs);
    return {
      faults: counts,
      recoveries,
      traffic: traffic.stats,
      http: client.tally,
      audit: result,
      crashes: api.crashes().map((c) => ({ code: c.code, signal: c.signal, tail: c.tail })),
      deposed: api.deposed().length,
      apiRestarts: api.exits.length,
      wallMs: Date.now() - t0,
    };
  } finally {
    stopTraffic = true;
    await Promise.allSettled(loops);
    await proxy.restore().catch(() => undefined);
    await api.stop().catch(() => undefined);
    await pg.end().catch(() => undefined);
    await sim.stop().catch(() => undefined);
    await proxy.close().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}

const pct = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]);
};

/** The printed table; `ok` when every must-be-0 figure is 0. */
export function formatReport(r: ChaosReport): { text: string; ok: boolean } {
  const a = r.audit;
  const must: Array<[string, number]> = [
    ['duplicates', a.duplicates.length],
    ['lost fills', a.lostFills.length + a.doubleBooked],
    ['position differences', a.positionDifferences.length],
    ['stuck orders', a.stuck.length],
    ['fill quantity differences', a.fillQuantityDifferences.length],
    ['gateway orders unknown to the DB', a.unknownAtDb.length],
    ['5xx', r.http.serverErrors.length],
    ['crashes', r.crashes.length],
  ];
  const total = Object.values(r.faults).reduce((x, y) => x + y, 0);
  const rec = r.recoveries.map((x) => x.ms).filter((x): x is number => x !== null);
  const notRecovered = r.recoveries.filter((x) => x.ms === null).length;
  const lines = [
    `faults injected         ${total} (${Object.entries(r.faults).map(([k, n]) => `${k} ${n}`).join(', ')})`,
    `recovery after a fault  median ${pct(rec, 0.5)} ms, p95 ${pct(rec, 0.95)} ms, max ${pct(rec, 1)} ms; not recovered within 90 s: ${notRecovered}`,
    `orders                  ${a.orders} (${a.filledOrders} filled; placed ${r.traffic.placed}, same-key re-sends answered ${r.traffic.replays}, cancels accepted ${r.traffic.cancels})`,
    `fills                   ${a.fills} gateway executions (legs and combos)`,
    ...must.map(([k, n]) => `${k.padEnd(33)}${n}`),
    `API position drift view ${a.apiDrift ?? 'n/a'} differences`,
    `HTTP                    ${r.http.requests} requests; 503 with Retry-After ${r.http.unavailable503}; no answer (API restarting) ${r.http.noAnswer} (timeouts ${r.http.timeouts}); by status ${JSON.stringify(r.http.byStatus)}`,
    `preview, scan running   median ${pct(r.traffic.previewMs, 0.5)} ms, p95 ${pct(r.traffic.previewMs, 0.95)} ms (n=${r.traffic.previewMs.length}, between faults); with faults median ${pct(r.traffic.previewMsAll, 0.5)} ms, p95 ${pct(r.traffic.previewMsAll, 0.95)} ms (n=${r.traffic.previewMsAll.length})`,
    `API exits               ${r.apiRestarts} (kill -9 by the harness ${r.faults['api-kill']}; deposed, exit code 3 by design ${r.deposed}), settle ${a.settleMs} ms, wall ${Math.round(r.wallMs / 1000)} s`,
  ];
  const details = [
    ...a.duplicates.map((x) => `  duplicate: ${x}`),
    ...a.lostFills.slice(0, 20).map((x) => `  lost fill: ${x}`),
    ...a.positionDifferences.slice(0, 20).map((d) => `  position conId ${d.conId}: gateway ${d.gateway}, DB ${d.db}`),
    ...a.stuck.slice(0, 20).map((s) => `  stuck: ${s.orderRef} DB ${s.db}, gateway ${s.gateway ?? 'none'}`),
    ...a.fillQuantityDifferences.slice(0, 20).map((s) => `  filled: ${s.orderRef} DB ${s.db}, gateway ${s.gateway}`),
    ...a.unknownAtDb.slice(0, 20).map((x) => `  unknown at the DB: ${x}`),
    ...r.http.serverErrors.slice(0, 20).map((e) => `  ${e.status} ${e.method} ${e.path}: ${e.body}`),
    ...r.crashes.map((c) => `  crash (code ${c.code}, signal ${c.signal}):\n${c.tail}`),
  ];
  const ok = must.every(([, n]) => n === 0);
  return { text: [...lines, ...details, 'JSON ' + JSON.stringify({ faults: r.faults, must: Object.fromEntries(must), orders: a.orders, fills: a.fills })].join('\n') + '\n', ok };
}
