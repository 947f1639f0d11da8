// `npm run bench:scanner`: the scanner's pure core on a deterministic synthetic market.
// Per scan: prepare chains, enumerate every vertical, price and filter them (funnel), compute metrics, score,
// rank, cut to maxRows, and diff against the previous scan. Quotes tick between scans (not timed).
// Runs the TypeScript sources directly through @swc-node/register (no build step).
// Timed per scan: the engine alone (ScanEngine.run: everything up to the ranked rows) and the full scan (+ diff).
// Ends with table rows for docs/benchmarks.md. Env: BENCH_RUNS (30), BENCH_WARMUP (5); BENCH_REFERENCE=1 also times
// the straightforward reference engine (scan-engine.reference.ts) interleaved with the lean one on the same chains,
// so the speedup is measured under the same machine load.
//
// Product-path cases (issue 16, bench-scanner-product.mjs): `cold` (case C in the gateway sources' shape, fresh
// processes: first score, after idling, warm; with and without the scan's start-up warm-up), `update` (one symbol's
// update among 30 held, incremental vs the old full re-score) and `scale` (~100,000 quotes: full score and one
// symbol's update merged). Env: BENCH_CASES (A,B,C,cold,update,scale), BENCH_COLD_PROCS (5 per variant),
// BENCH_IDLE_MS (10000), BENCH_FULL_GCS (0: full collections between the warm-up and the first cold score),
// BENCH_UPDATES (30).
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.env.SWC_NODE_PROJECT ??= resolve(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('reflect-metadata');
require('@swc-node/register');
const scanner = require(resolve(root, 'libs/scanner/src/index.ts'));
const testing = require(resolve(root, 'libs/scanner/src/testing.ts'));
const WITH_REFERENCE = process.env.BENCH_REFERENCE === '1';
const reference = WITH_REFERENCE ? require(resolve(root, 'libs/scanner/src/lib/scan/scan-engine.reference.ts')) : null;

const product = await import('./bench-scanner-product.mjs');
const CASES = new Set((process.env.BENCH_CASES ?? 'A,B,C,cold,update,scale').split(','));
const UPDATES = Number(process.env.BENCH_UPDATES ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);

if (process.env.BENCH_CHILD === 'cold') {
  await product.coldChild(scanner, testing, NOW);
  process.exit(0);
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

function bench(name, shape, config) {
  const market = testing.syntheticMarket({ now: NOW, seed: 42, ...shape });
  const contracts = market.quotes.size;
  const engine = new scanner.ScanEngine(config);
  const differ = new scanner.ScanDiffer({ fingerprint: (r) => scanner.spreadRowFingerprint(r), now: () => NOW });
  const times = [];
  const engineTimes = [];
  const referenceTimes = [];
  const refEngine = reference ? new reference.ReferenceScanEngine(config) : null;
  let last;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    testing.tickQuotes(market, 0.2, 1000 + i, NOW);
    const chains = testing.syntheticChains(market);
    const t0 = performance.now();
    const res = engine.run(chains, NOW);
    const t1 = performance.now();
    const delta = differ.apply(res.rows);
    const ms = performance.now() - t0;
    if (i >= WARMUP) {
      times.push(ms);
      engineTimes.push(t1 - t0);
    }
    if (refEngine) {
      const r0 = performance.now();
      refEngine.run(chains, NOW);
      if (i >= WARMUP) referenceTimes.push(performance.now() - r0);
    }
    last = { res, delta };
  }
  const med = pct(times, 0.5);
  const p95 = pct(times, 0.95);
  const engineMed = pct(engineTimes, 0.5);
  const engineP95 = pct(engineTimes, 0.95);
  const f = last.res.funnel;
  console.log(`\n${name}`);
  console.log(`  market: ${shape.underlyings?.length ?? 8} underlyings × ${shape.expiries} expiries × ${shape.strikesPerExpiry} strikes = ${fmt(contracts)} option quotes`);
  console.log(`  funnel: ${fmt(f.candidates)} verticals → ${f.steps.map((s) => `${s.id} ${fmt(s.after)}`).join(' → ')} → top ${fmt(f.returned)}`);
  console.log(`  engine (ScanEngine.run: build + filters + metrics + score + rank + rows): median ${engineMed.toFixed(2)} ms, p95 ${engineP95.toFixed(2)} ms, min ${Math.min(...engineTimes).toFixed(2)} ms`);
  if (refEngine)
    console.log(`  reference engine, interleaved: median ${pct(referenceTimes, 0.5).toFixed(2)} ms, p95 ${pct(referenceTimes, 0.95).toFixed(2)} ms, min ${Math.min(...referenceTimes).toFixed(2)} ms (lean engine ${(pct(referenceTimes, 0.5) / engineMed).toFixed(1)}× faster at the median)`);
  console.log(`  full scan (engine + diff): median ${med.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, min ${Math.min(...times).toFixed(2)} ms over ${RUNS} runs`);
  console.log(`  throughput (full scan): ${fmt(f.candidates / (med / 1000))} spreads/s, ${fmt(contracts / (med / 1000))} contracts/s`);
  console.log(`  last delta: seq ${last.delta?.seq ?? '-'}, +${last.delta?.added.length ?? 0} ~${last.delta?.updated.length ?? 0} -${last.delta?.removed.length ?? 0}`);
  return { name, contracts, candidates: f.candidates, returned: f.returned, medianMs: med, p95Ms: p95, engineMedianMs: engineMed, engineP95Ms: engineP95 };
}

const ALL = ['bull-call', 'bear-put', 'bull-put', 'bear-call'];
const TYPICAL = {
  dte: { min: 7, max: 60 },
  shortDelta: { min: 0.15, max: 0.35 },
  legOpenInterest: { min: 100 },
  legBidAskPct: { max: 30 },
  pop: { min: 0.5 },
  earnings: 'exclude',
};

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`node ${process.version}; ${availableParallelism()} cores, load average ${load()}; ${WARMUP} warm-up + ${RUNS} timed scans per case; 20 % of quotes tick between scans`);
const results = [];
if (CASES.has('A')) results.push(bench('A. 8 × 20 × 60, all four verticals, widths 1/2.5/5/10, no filters', { expiries: 20, strikesPerExpiry: 60 }, { spreadTypes: ALL, widths: [1, 2.5, 5, 10] }));
if (CASES.has('B')) results.push(bench('B. 8 × 20 × 60, all four verticals, widths 1/2.5/5/10, typical filters', { expiries: 20, strikesPerExpiry: 60 }, { spreadTypes: ALL, widths: [1, 2.5, 5, 10], filters: TYPICAL }));
if (CASES.has('C')) results.push(bench('C. issue #5 target: ~10,000 quotes (8 × 10 × 62), all verticals, no filters', { expiries: 10, strikesPerExpiry: 62 }, { spreadTypes: ALL, widths: [1, 2.5, 5, 10] }));

// Rows for docs/benchmarks.md (paste under the scanner section with the date and the machine's load).
const ms = (x) => x.toFixed(1);
console.log(`\nFor docs/benchmarks.md (node ${process.version}, ${availableParallelism()} cores, load average ${load()}, ${RUNS} scans per case, ${new Date().toISOString().slice(0, 10)}):\n`);
console.log('| case | option quotes | verticals | engine median / p95 | full scan (+ diff) median / p95 | contracts/s (full scan median) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results)
  console.log(`| ${r.name.split('.')[0]} | ${fmt(r.contracts)} | ${fmt(r.candidates)} | ${ms(r.engineMedianMs)} / ${ms(r.engineP95Ms)} ms | ${ms(r.medianMs)} / ${ms(r.p95Ms)} ms | ${fmt(r.contracts / (r.medianMs / 1000))} |`);

// ---------------------------------------------------------------- product-path cases (issue 16)
const f1 = (x) => x.toFixed(1);
const wc = (t) => `${f1(t.ms)} ms (CPU ${f1(t.cpu)})`;
if (CASES.has('cold')) {
  const procs = Number(process.env.BENCH_COLD_PROCS ?? 5);
  const c = product.coldCase(fileURLToPath(import.meta.url), procs);
  console.log(`\ncold. case C (9,920 quotes, 51,560 verticals) in the gateway sources' shape, ${procs} fresh processes per variant, idle ${process.env.BENCH_IDLE_MS ?? 10000} ms, ${process.env.BENCH_FULL_GCS ?? 0} full GCs before the first score (medians; wall, main-thread CPU)`);
  console.log('| | first score in a fresh process | after idling | warm (median of 30) |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| no warm-up | ${wc(c.plain.first)} | ${wc(c.plain.idled)} | ${wc(c.plain.warm)} |`);
  console.log(`| after the scan's start-up warm-up (${f1(c.warmedUp.warmUpMs)} ms wall, ${f1(c.warmedUp.warmUpScoringMs)} ms scoring) | ${wc(c.warmedUp.first)} | ${wc(c.warmedUp.idled)} | ${wc(c.warmedUp.warm)} |`);
  console.log('JSON cold ' + JSON.stringify(c));
}
const updateRow = (r) =>
  `| ${r.label} | ${fmt(r.symbols)} / ${fmt(r.quotes)} / ${fmt(r.verticals)} | ${r.symbol} (${fmt(r.symbolQuotes)} quotes) | ${f1(r.update.ms)} / ${f1(r.update.p95)} ms (CPU ${f1(r.update.cpu)}) | ${f1(r.merge)} ms | ${f1(r.diff)} ms | ${f1(r.full.ms)} / ${f1(r.full.p95)} ms (CPU ${f1(r.full.cpu)}) | ${wc(r.updateAll)} |`;
const updates = [];
if (CASES.has('update')) {
  const market = product.thirtySymbols(testing, NOW);
  updates.push(await product.updateCase(scanner, testing, NOW, { market, symbol: 'SPY', config: product.CASE_C.config, updates: UPDATES, label: 'D: 30 held, one updated' }));
}
if (CASES.has('scale')) {
  const market = product.hundredThousand(testing, NOW);
  updates.push(await product.updateCase(scanner, testing, NOW, { market, symbol: 'SPX', config: product.CASE_C.config, updates: Math.min(UPDATES, 10), label: 'E: 100k, SPX updated' }));
  updates.push(await product.updateCase(scanner, testing, NOW, { market, symbol: 'SPY', config: product.CASE_C.config, updates: UPDATES, label: 'E: 100k, SPY updated' }));
}
if (updates.length) {
  console.log(`\nIncremental rescoring (warm, after the start-up warm-up; medians / p95; ${UPDATES} updates, full re-scores: up to 10)`);
  console.log('| case | symbols / quotes / verticals | symbol updated | one-symbol update (score + merge) | of which merge | diff | full re-score of every chain | first full score (updateAll) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of updates) console.log(updateRow(r));
  console.log('JSON updates ' + JSON.stringify(updates));
}
