// `npm run bench:scan`: a full 8-underlying scan against the simulator under IB's limits (100 lines, 50 msg/s; the
// connection layer paces at 45/s and holds at most 90 lines), loopback only, wall clock. Reports, per quote mode,
// the time of a cold cycle (first of the day: options streamed for their open interest), a warm cycle, and the
// floor set by the message rate and the lines. Bounded: about 2 minutes.
//
// BENCH_CASE=product (issue 16): the product's own path, `ContinuousScanService` on the gateway sources, scanning
// SPY alone (all four verticals, widths 1/2/5, no filters), and reports the scan status's `lastScanMs` for each
// cycle: the first scoring (cold: first in a fresh process) and the later ones (each after the process spent a
// cycle acquiring quotes). Env: BENCH_CYCLES (3), BENCH_SYMBOLS (SPY), BENCH_SIM_RATE (simulator messages/s, IB's 50;
// the client paces at 90 % of it), BENCH_CURVE=N (instead of the scan: acquire the chains once, then score them with
// one engine N times back to back in this fresh process: the JIT warm-up curve on the gateway's own chains; after the
// scan's start-up warm-up unless BENCH_NO_WARMUP=1), BENCH_NO_WARMUP=1 (the scan without its start-up warm-up), BENCH_BUDGET_MS.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.env.SWC_NODE_PROJECT ??= resolve(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('reflect-metadata');
require('@swc-node/register');
const { startSimulator } = require(resolve(root, 'libs/ib-sim/src/index.ts'));
const { IbkrRuntime, SystemClock } = require(resolve(root, 'libs/ibkr/src/index.ts'));
const scanner = require(resolve(root, 'libs/scanner/src/index.ts'));

const SYMBOLS = ['SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN'];
const RATE = 45;
const LINES = 90;
const SETTINGS = {
  spreadTypes: ['bull-put', 'bear-call'],
  widths: [5],
  filters: { dte: { min: 21, max: 45 }, shortDelta: { min: 0.15, max: 0.3 }, legBidAskPct: { max: 30 }, pop: { min: 0.5 } },
};
const MODES = (process.env.BENCH_MODES ?? 'snapshot,stream').split(',');
const deadline = Date.now() + Number(process.env.BENCH_BUDGET_MS ?? 170_000);
const s = (ms) => (ms / 1000).toFixed(1) + ' s';

async function ready(rt) {
  const end = Date.now() + 15_000;
  while (rt.connection.state !== 'ready') {
    if (Date.now() > end) throw new Error('gateway not ready');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function cycle(sources, clock, engine) {
  const t0 = performance.now();
  const chains = [];
  let quoted = 0;
  let listed = 0;
  for (const symbol of SYMBOLS) {
    const a = await scanner.acquireChain(symbol, sources, { now: clock.now(), rate: 0.045, spreadTypes: SETTINGS.spreadTypes, widths: SETTINGS.widths, dte: SETTINGS.filters.dte, shortDelta: SETTINGS.filters.shortDelta });
    chains.push(a.chain);
    quoted += a.prefilter.contracts.length - a.missing.length;
    listed += a.prefilter.listed;
  }
  const acquireMs = performance.now() - t0;
  const res = engine.run(chains, clock.now(), { contractsListed: listed, contractsQuoted: quoted });
  return { acquireMs, scanMs: res.ms, quoted, listed, rows: res.rows.length, matched: res.funnel.matched };
}

if (process.env.BENCH_CASE === 'product') {
  await productCase();
  process.exit(0);
}

async function productCase() {
  const symbols = (process.env.BENCH_SYMBOLS ?? 'SPY').split(',');
  const cycles = Number(process.env.BENCH_CYCLES ?? 3);
  const simRate = Number(process.env.BENCH_SIM_RATE ?? 50);
  const clock = new SystemClock();
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, controlPort: false, seed: 42, limits: { messagesPerSecond: simRate } });
  const rt = new IbkrRuntime({ gateway: { kind: 'simulator', host: '127.0.0.1', port: sim.port }, clientId: 9, requestRate: Math.floor(simRate * 0.9), maxSubscriptions: LINES }, clock);
  rt.start();
  await ready(rt);
  const sources = scanner.createIbkrMarketSources({ coordinator: rt.coordinator, lines: rt.lines, clock });
  const warmUp = process.env.BENCH_NO_WARMUP !== '1';
  const curve = Number(process.env.BENCH_CURVE ?? 0);
  if (curve > 0) {
    const settings = { spreadTypes: ['bull-call', 'bear-put', 'bull-put', 'bear-call'], widths: [1, 2, 5] };
    const chains = [];
    for (const symbol of symbols) chains.push((await scanner.acquireChain(symbol, sources, { now: clock.now(), rate: 0.045, ...settings })).chain);
    const now = clock.now();
    if (warmUp) await scanner.warmUpScanEngine([settings], now);
    const engine = new scanner.ScanEngine(settings);
    const cpu = () => (process.threadCpuUsage().user + process.threadCpuUsage().system) / 1000;
    const out = [];
    for (let i = 0; i < curve; i++) {
      const c0 = cpu();
      const r = engine.run(chains, now);
      out.push({ ms: +r.ms.toFixed(1), cpu: +(cpu() - c0).toFixed(1), verticals: r.funnel.candidates });
    }
    console.log(`back to back on ${symbols.join(',')} (${out[0].verticals} verticals), warm-up ${warmUp ? 'on' : 'off'}: ${out.map((o) => `${o.ms} (CPU ${o.cpu})`).join(', ')} ms; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log('JSON ' + JSON.stringify(out));
    sources.release();
    await rt.stop();
    await sim.stop();
    return;
  }
  const scan = new scanner.ContinuousScanService(sources, clock, { quoteMode: 'snapshot', release: () => sources.release(), warmUp });
  // Bench-only instrumentation: the main thread's CPU time of each scoring pass (score + merge), beside the status's
  // wall-clock lastScanMs (a loaded machine inflates wall time, not CPU time).
  const cpuNow = () => (process.threadCpuUsage().user + process.threadCpuUsage().system) / 1000;
  let scoringCpu = 0;
  const P = scanner.IncrementalScan.prototype;
  for (const name of ['update', 'merge']) {
    // (updateAll scores through update: not wrapped, or it would count twice)
    const orig = P[name];
    P[name] = function (...args) {
      const c0 = cpuNow();
      try {
        return orig.apply(this, args);
      } finally {
        scoringCpu += cpuNow() - c0;
      }
    };
  }
  const seen = [];
  let done;
  const finished = new Promise((r) => (done = r));
  const t0 = performance.now();
  scan.events$.subscribe((e) => {
    if (e.type !== 'status' || e.status.scans <= seen.length) return;
    const st = e.status;
    const cpuMs = +scoringCpu.toFixed(1);
    scoringCpu = 0;
    seen.push({ cycle: st.scans, lastScanMs: st.lastScanMs, cpuMs, cycleMs: st.lastCycleMs, rows: st.rows, candidates: st.funnel?.candidates ?? 0, quoted: st.funnel?.contractsQuoted ?? 0 });
    console.log(`cycle ${st.scans}: lastScanMs ${st.lastScanMs} ms (scoring CPU over the cycle ${cpuMs} ms; ${st.funnel?.candidates} verticals from ${st.funnel?.contractsQuoted} quotes, ${st.rows} rows), cycle ${(st.lastCycleMs / 1000).toFixed(1)} s`);
    if (seen.length >= cycles || Date.now() > deadline) done();
  });
  await scan.start({ symbols, spreadTypes: ['bull-call', 'bear-put', 'bull-put', 'bear-call'], widths: [1, 2, 5] });
  await finished;
  await scan.stop();
  await scan.dispose();
  await rt.stop();
  await sim.stop();
  console.log(`\nproduct path: ${symbols.join(',')}, all four verticals, widths 1/2/5, no filters, simulator at ${simRate} msg/s, warm-up ${warmUp ? 'on' : 'off'}; ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('JSON ' + JSON.stringify(seen));
}

const results = [];
for (const mode of MODES) {
  if (Date.now() > deadline - 60_000) {
    console.log(`skipping ${mode}: time budget`);
    continue;
  }
  const clock = new SystemClock();
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, controlPort: false, seed: 42 });
  const rt = new IbkrRuntime({ gateway: { kind: 'simulator', host: '127.0.0.1', port: sim.port }, clientId: 9, requestRate: RATE, maxSubscriptions: LINES }, clock);
  rt.start();
  await ready(rt);
  const sources = scanner.createIbkrMarketSources({ coordinator: rt.coordinator, lines: rt.lines, clock }, { quotes: { mode } });
  const engine = new scanner.ScanEngine({ ...SETTINGS, maxRows: 500 });
  const t0 = performance.now();
  await Promise.all(SYMBOLS.map((x) => sources.chains.definition(x)));
  const chainMs = performance.now() - t0;
  const chainRequests = sources.chains.loads.reduce((n, l) => n + l.requests, 0);
  const cold = await cycle(sources, clock, engine);
  const warm = await cycle(sources, clock, engine);
  const st = sources.quotes.stats();
  const slots = sources.quotes.lineSlots();
  const errors100 = rt.policy.count(100);
  sources.release();
  await rt.stop();
  await sim.stop();
  results.push({ mode, chainMs, chainRequests, cold, warm, st, slots, errors100 });
  const n = warm.quoted;
  const msgsWarm = mode === 'snapshot' ? n : 2 * n;
  console.log(`\n${mode}: ${SYMBOLS.length} underlyings, ${n} contracts quoted of ${warm.listed} listed (pre-filter), ${slots} lines for options`);
  console.log(`  chains (daily, static): ${chainRequests} requests in ${s(chainMs)} (floor ${s((chainRequests / RATE) * 1000)})`);
  console.log(`  cold cycle (first of the day${mode === 'snapshot' ? ': options streamed for OI' : ''}): ${s(cold.acquireMs)}, scoring ${cold.scanMs.toFixed(1)} ms, ${cold.matched} matched`);
  console.log(`  warm cycle: ${s(warm.acquireMs)}, scoring ${warm.scanMs.toFixed(1)} ms, ${warm.matched} matched, ${warm.rows} rows`);
  console.log(`  floor, warm: messages ${msgsWarm} ÷ ${RATE}/s = ${s((msgsWarm / RATE) * 1000)}; lines ${n} ÷ ${slots} × round trip (≈ 0 on loopback) ≈ 0`);
  console.log(`  warm / floor = ${(warm.acquireMs / ((msgsWarm / RATE) * 1000)).toFixed(2)}; error 100: ${errors100}; backoffs ${st.backoffs}`);
}
console.log('\nJSON ' + JSON.stringify(results.map((r) => ({ mode: r.mode, chainMs: Math.round(r.chainMs), chainRequests: r.chainRequests, coldMs: Math.round(r.cold.acquireMs), warmMs: Math.round(r.warm.acquireMs), contracts: r.warm.quoted, scanMs: +r.warm.scanMs.toFixed(2), errors100: r.errors100 }))));
process.exit(0);
