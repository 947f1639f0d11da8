// `npm run bench:freshness` (issue 17): what a trader sees of a broad scan on IB's real limits. The 8-symbol scan (all
// four verticals, widths 1/2/5, no filters) through the product's own scanner module (ScannerModule's factory, the
// connection layer at 45 messages/s and 90 lines) against the simulator with the realistic-timings preset
// (SIM_TIMINGS=realistic: snapshots end after 2-11 s holding their line, first ticks after 100-400 ms). Loopback, wall
// clock. Prints: time to first row, time to the first full cycle, quote age p50/p95 of the top 100 rows (by score, what
// the grid shows first) and of all rows over time and at the end, messages/s used against 45, lines used against 90,
// errors 100/101 (must be 0). Row ages come from each row's `quoteTime` (epoch ms of its oldest leg quote); a row
// without it is counted as "n/a", as is anything the scanner does not expose.
// Env: BENCH_DURATION_S (300: the "after 5 minutes" figures), BENCH_SYMBOLS (the 8), BENCH_TIMINGS (realistic | fast),
// BENCH_SAMPLE_S (30: the timeline's step).
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { checkNode, root } from './node-check.mjs';

checkNode();
process.env.SWC_NODE_PROJECT ??= resolve(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('reflect-metadata');
require('@swc-node/register');
const { NestFactory } = require('@nestjs/core');
const { Registry } = require('prom-client');
const { startSimulator } = require(resolve(root, 'libs/ib-sim/src/index.ts'));
const { ClientSession } = require(resolve(root, 'libs/ib-sim/src/server/client-session.ts'));
const { IbkrRuntime, SystemClock, IBKR_RUNTIME } = require(resolve(root, 'libs/ibkr/src/index.ts'));
const { ScannerModule, ContinuousScanService } = require(resolve(root, 'libs/scanner/src/index.ts'));

const SYMBOLS = (process.env.BENCH_SYMBOLS ?? 'SPY,QQQ,IWM,AAPL,MSFT,NVDA,TSLA,AMZN').split(',');
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 300) * 1000;
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_S ?? 30) * 1000;
const TIMINGS = process.env.BENCH_TIMINGS ?? 'realistic';
const RATE = 45;
const LINES = 90;
const s = (ms) => (ms === null || ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
const pct = (xs, p) => {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// IB's errors 100 (message rate) and 101 (too many lines) as the simulator sends them; every other code too.
const errors = {};
const sendError = ClientSession.prototype.sendError;
ClientSession.prototype.sendError = function (reqId, code, text) {
  errors[code] = (errors[code] ?? 0) + 1;
  return sendError.call(this, reqId, code, text);
};

// Distinct option contracts the gateway was asked to quote (snapshot or stream): the first cycle's progress, measured
// at the simulator whatever the scanner reports.
const { MarketDataService } = require(resolve(root, 'libs/ib-sim/src/market-data/market-data-service.ts'));
const quotedAtGateway = new Set();
for (const name of ['snapshot', 'subscribe']) {
  const orig = MarketDataService.prototype[name];
  MarketDataService.prototype[name] = function (session, tickerId, contract, ...rest) {
    if (contract.secType === 'OPT') quotedAtGateway.add(contract.conId);
    return orig.call(this, session, tickerId, contract, ...rest);
  };
}

const clock = new SystemClock();
const sim = await startSimulator({ host: '127.0.0.1', port: 0, controlPort: false, seed: 42, timings: TIMINGS });
const listedOptions = SYMBOLS.reduce((n, symbol) => n + sim.market.findContracts({ secType: 'OPT', symbol }).length, 0);
const rt = new IbkrRuntime({ gateway: { kind: 'simulator', host: '127.0.0.1', port: sim.port }, clientId: 9, requestRate: RATE, maxSubscriptions: LINES }, clock);
rt.start();
for (const end = Date.now() + 30_000; rt.connection.state !== 'ready'; ) {
  if (Date.now() > end) throw new Error('gateway not ready within 30 s');
  await new Promise((r) => setTimeout(r, 20));
}
// The product's scanner wiring (ScannerModule.forRootAsync's factory) on this runtime, as apps/api composes it.
class BenchRuntimeModule {}
const runtimeModule = { module: BenchRuntimeModule, providers: [{ provide: IBKR_RUNTIME, useValue: rt }], exports: [IBKR_RUNTIME] };
class BenchModule {}
const scannerModule = ScannerModule.forRootAsync({ imports: [runtimeModule], useFactory: () => ({ quotes: { mode: 'snapshot' }, registry: new Registry() }) });
const ctx = await NestFactory.createApplicationContext({ module: BenchModule, imports: [scannerModule] }, { logger: false });
const scan = ctx.get(ContinuousScanService);

/** Quote ages (ms) of rows, from each row's quoteTime; rows without one are counted apart. */
function ages(rows, now) {
  const out = [];
  let missing = 0;
  for (const r of rows) {
    if (typeof r.quoteTime === 'number' && Number.isFinite(r.quoteTime)) out.push(Math.max(0, now - r.quoteTime));
    else missing++;
  }
  return { p50: pct(out, 50), p95: pct(out, 95), max: out.length ? Math.max(...out) : null, n: out.length, missing };
}
function sample(t) {
  const now = clock.now();
  const top = scan.results({ page: 0, pageSize: 100, sort: 'score', order: 'desc' }).rows;
  const all = scan.results({ page: 0, pageSize: Number.MAX_SAFE_INTEGER, sort: 'score', order: 'desc' }).rows;
  const st = scan.status();
  return { t: Math.round(t / 1000), quotedAtGateway: quotedAtGateway.size, rows: all.length, top100: ages(top, now), all: ages(all, now), oldestQuoteAgeMs: st.oldestQuoteAgeMs ?? null, scans: st.scans, quoted: st.funnel?.contractsQuoted ?? null, listed: st.funnel?.contractsListed ?? null };
}

const t0 = performance.now();
const since = () => performance.now() - t0;
let firstRowMs = null;
let firstCycleMs = null;
const sub = scan.events$.subscribe((e) => {
  if (firstRowMs === null && e.type === 'delta' && e.delta.added.length > 0) firstRowMs = since();
  if (firstRowMs === null && e.type === 'snapshot' && e.snapshot.rows.length > 0) firstRowMs = since();
  if (firstCycleMs === null && e.type === 'status' && e.status.scans >= 1) firstCycleMs = since();
});

// Messages per second (client → gateway, what IB's 50/s limit counts) and lines, sampled every second.
const perSecond = [];
const linesUsed = [];
let lastMsgs = sim.counts().messagesReceived;
const meter = setInterval(() => {
  const c = sim.counts();
  perSecond.push(c.messagesReceived - lastMsgs);
  lastMsgs = c.messagesReceived;
  linesUsed.push(c.marketDataLines);
}, 1000);

const timeline = [];
const sampler = setInterval(() => {
  const x = sample(since());
  timeline.push(x);
  console.log(`t=${x.t}s rows ${x.rows} · top 100 age p50 ${s(x.top100.p50)} p95 ${s(x.top100.p95)} · all p50 ${s(x.all.p50)} p95 ${s(x.all.p95)} · cycles ${x.scans} · options quoted at the gateway ${x.quotedAtGateway} (last funnel ${x.quoted ?? 'n/a'}/${x.listed ?? 'n/a'}) · lines ${linesUsed.at(-1)}`);
}, SAMPLE_MS);

await scan.start({ symbols: SYMBOLS, spreadTypes: ['bull-call', 'bear-put', 'bull-put', 'bear-call'], widths: [1, 2, 5] });
await new Promise((r) => setTimeout(r, Math.max(0, DURATION_MS - since())));
clearInterval(sampler);
clearInterval(meter);
const end = sample(since());
sub.unsubscribe();

const msgs = { mean: perSecond.length ? perSecond.reduce((a, b) => a + b, 0) / perSecond.length : 0, p95: pct(perSecond, 95), max: perSecond.length ? Math.max(...perSecond) : 0 };
const lines = { mean: linesUsed.length ? linesUsed.reduce((a, b) => a + b, 0) / linesUsed.length : 0, max: linesUsed.length ? Math.max(...linesUsed) : 0 };
const e100 = errors[100] ?? 0;
const e101 = errors[101] ?? 0;
const ok = (cond) => (cond === null ? 'n/a' : cond ? 'met' : 'NOT met');
const lim = (x, l) => (x === null ? null : x <= l);
console.log(`\nbench:freshness: ${SYMBOLS.length} symbols (${SYMBOLS.join(',')}), all four verticals, widths 1/2/5, no filters; simulator timings ${TIMINGS}; ${s(since())}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`time to first row        ${s(firstRowMs)}   (target ≤ 10 s: ${ok(firstRowMs === null ? false : firstRowMs <= 10_000)})`);
console.log(`time to first full cycle ${firstCycleMs === null ? `not reached in ${s(since())}` : s(firstCycleMs)} (${end.quotedAtGateway} options quoted at the gateway of ${listedOptions} listed; last funnel ${end.quoted ?? 'n/a'} of ${end.listed ?? 'n/a'})`);
console.log(`top 100 rows' quote age  p50 ${s(end.top100.p50)} p95 ${s(end.top100.p95)} max ${s(end.top100.max)} (targets p50 ≤ 5 s: ${ok(lim(end.top100.p50, 5000))}; p95 ≤ 15 s: ${ok(lim(end.top100.p95, 15_000))})${end.top100.missing ? `; ${end.top100.missing} rows without quoteTime` : ''}`);
console.log(`all rows' quote age      p50 ${s(end.all.p50)} p95 ${s(end.all.p95)} max ${s(end.all.max)} over ${end.rows} rows; status oldestQuoteAgeMs ${s(end.oldestQuoteAgeMs)}`);
console.log(`messages/s to gateway    mean ${msgs.mean.toFixed(1)} p95 ${msgs.p95 ?? 'n/a'} max ${msgs.max} (limit 45 paced, IB 50)`);
console.log(`market-data lines        mean ${lines.mean.toFixed(1)} max ${lines.max} (limit 90, IB 100)`);
const lane = scan.status().freshLane;
console.log(`fresh lane               ${lane ? `${lane.legs} legs, ${lane.held} held lines; ${lane.refreshed} refreshes (${lane.fromStreams} from streams, ${lane.fromRotation} by rotation, ${lane.missed} missed); ${(lane.messages / (since() / 1000)).toFixed(1)} messages/s` : 'off'}`);
console.log(`errors 100 / 101         ${e100} / ${e101} (must be 0: ${ok(e100 + e101 === 0)}); all codes ${JSON.stringify(errors)}`);
console.log('JSON ' + JSON.stringify({ symbols: SYMBOLS, timings: TIMINGS, durationMs: Math.round(since()), firstRowMs: firstRowMs && Math.round(firstRowMs), firstCycleMs: firstCycleMs && Math.round(firstCycleMs), end, timeline, msgs, lines, errors: { 100: e100, 101: e101, all: errors } }));

await scan.stop();
await ctx.close();
await rt.stop();
await sim.stop();
process.exit(0);
