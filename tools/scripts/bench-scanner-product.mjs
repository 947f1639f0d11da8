// The product-path cases of `npm run bench:scanner` (issue 16), imported by bench-scanner.mjs.
// - cold: case C's chains in the gateway sources' exact shape (quotes made by toOptionQuote), scored in fresh
//   processes: the first run, a run after the process idled (BENCH_IDLE_MS, allocating meanwhile as a process
//   serving the gateway does), then warm; with and without the warm-up the continuous scan runs at start.
// - update: 30 underlyings held by IncrementalScan; one symbol's quotes change, that symbol is re-scored and merged
//   (and, for comparison, the old design: every chain re-scored).
// - scale: a ~100,000-quote universe (29 underlyings + an SPX-sized chain): full score, and one symbol's update merged.
// Times are wall clock (performance.now) and, beside them, the main thread's CPU time (process.threadCpuUsage),
// which a loaded machine inflates less.
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const ALL = ['bull-call', 'bear-put', 'bull-put', 'bear-call'];
export const CASE_C = { config: { spreadTypes: ALL, widths: [1, 2.5, 5, 10] }, shape: { expiries: 10, strikesPerExpiry: 62 } };

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const cpuMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};
/** Runs fn, returns its wall and main-thread CPU milliseconds. */
export function timed(fn) {
  const c0 = cpuMs();
  const t0 = performance.now();
  fn();
  return { ms: performance.now() - t0, cpu: cpuMs() - c0 };
}

/** The market's chains as the gateway sources build them (chainFromDefinition over toOptionQuote's objects). */
export function gatewayChains(scanner, m) {
  const quotes = new Map();
  for (const [k, q] of m.quotes) quotes.set(k, scanner.gatewayShapedQuote(q));
  return m.definitions.map((d, i) => scanner.chainFromDefinition(d, m.underlyings[i], m.rate, quotes));
}

/** One fresh process (BENCH_CHILD=cold): first score, score after idling, warm scores. Prints one JSON line. */
export async function coldChild(scanner, testing, now) {
  const warmUp = process.env.BENCH_CHILD_WARMUP === '1';
  const idleMs = Number(process.env.BENCH_IDLE_MS ?? 10_000);
  const market = testing.syntheticMarket({ now, seed: 42, ...CASE_C.shape });
  let warm = null;
  if (warmUp) {
    const t0 = performance.now();
    const r = await scanner.warmUpScanEngine([{ ...CASE_C.config, maxRows: 500 }], now);
    warm = { ms: performance.now() - t0, scoringMs: r.ms, runs: r.runs };
  }
  // BENCH_FULL_GCS=N: N full collections between the warm-up and the first score (what a long first acquisition does).
  const fullGcs = Number(process.env.BENCH_FULL_GCS ?? 0);
  if (fullGcs > 0) {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    for (let i = 0; i < fullGcs; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const engine = new scanner.ScanEngine(CASE_C.config, { holdOrder: true });
  const score = (i) => {
    testing.tickQuotes(market, 0.2, 1000 + i, now);
    const chains = gatewayChains(scanner, market);
    return timed(() => engine.run(chains, now));
  };
  const first = score(0);
  // Idle as a serving process does: timers, sockets, garbage; several young and old collections happen.
  let junk = [];
  const end = Date.now() + idleMs;
  while (Date.now() < end) {
    for (let i = 0; i < 2000; i++) junk.push({ t: i, v: [i, i + 1], s: `x${i}` });
    if (junk.length > 400_000) junk = [];
    await new Promise((r) => setTimeout(r, 5));
  }
  junk = null;
  const idled = score(1);
  const warmRuns = [];
  for (let i = 2; i < 32; i++) warmRuns.push(score(i));
  const med = (k) => pct(warmRuns.map((r) => r[k]), 0.5);
  console.log('JSON ' + JSON.stringify({ warmUp: warm, first, idled, warm: { ms: med('ms'), cpu: med('cpu') } }));
}

/** Spawns `procs` fresh processes per variant (without / with the start-up warm-up) and reports medians. */
export function coldCase(script, procs) {
  const out = {};
  for (const variant of ['0', '1']) {
    const runs = [];
    for (let p = 0; p < procs; p++) {
      const r = spawnSync(process.execPath, [script], { env: { ...process.env, BENCH_CHILD: 'cold', BENCH_CHILD_WARMUP: variant }, encoding: 'utf8' });
      const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('JSON '));
      if (!line) throw new Error(`cold child failed: ${r.stderr}`);
      runs.push(JSON.parse(line.slice(5)));
    }
    const m = (f) => pct(runs.map(f), 0.5);
    out[variant === '1' ? 'warmedUp' : 'plain'] = {
      first: { ms: m((r) => r.first.ms), cpu: m((r) => r.first.cpu) },
      idled: { ms: m((r) => r.idled.ms), cpu: m((r) => r.idled.cpu) },
      warm: { ms: m((r) => r.warm.ms), cpu: m((r) => r.warm.cpu) },
      warmUpMs: variant === '1' ? m((r) => r.warmUp.ms) : 0,
      warmUpScoringMs: variant === '1' ? m((r) => r.warmUp.scoringMs) : 0,
      procs,
    };
  }
  return out;
}

/** n underlyings: the synthetic eight, then variants of them (other spots, vols, increments). */
export function underlyings(testing, n) {
  const base = testing.SYNTHETIC_UNDERLYINGS;
  const out = [];
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    const k = Math.floor(i / base.length);
    out.push(k === 0 ? b : { ...b, symbol: `${b.symbol}${k}`, spot: Math.round(b.spot * (1 + 0.13 * k)), iv: b.iv * (1 + 0.1 * k) });
  }
  return out;
}

function merge(a, b) {
  return { rate: a.rate, definitions: [...a.definitions, ...b.definitions], underlyings: [...a.underlyings, ...b.underlyings], quotes: new Map([...a.quotes, ...b.quotes]) };
}

function tickSymbol(testing, m, symbol, seed, now) {
  const own = new Map([...m.quotes].filter(([k]) => k.startsWith(`${symbol}|`)));
  testing.tickQuotes({ ...m, quotes: own }, 0.5, seed, now);
  for (const [k, q] of own) m.quotes.set(k, q);
}

/**
 * Held symbols, one updated at a time: `updates` timed updates of `symbol` (its quotes tick; its chain rebuilt, not
 * timed), re-scored alone and merged; then as many full re-scores of every chain held (the old design).
 */
export async function updateCase(scanner, testing, now, { market, symbol, config, updates, label }) {
  const symbols = market.definitions.map((d) => d.symbol);
  const chainOf = (s) => gatewayChains(scanner, { ...market, definitions: market.definitions.filter((d) => d.symbol === s), underlyings: market.underlyings.filter((u) => u.symbol === s) })[0];
  await scanner.warmUpScanEngine([{ ...config, maxRows: 500 }], now);
  const inc = new scanner.IncrementalScan(config);
  const chains = new Map(symbols.map((s) => [s, chainOf(s)]));
  const all = timed(() => inc.updateAll(symbols.map((s) => ({ symbol: s, chain: chains.get(s) })), now));
  const first = inc.merge(symbols);
  const differ = new scanner.ScanDiffer({ fingerprint: (r) => scanner.spreadRowFingerprint(r), now: () => now });
  differ.apply(first.rows);
  const upd = [];
  const mergeMs = [];
  const diffMs = [];
  for (let i = 0; i < updates; i++) {
    tickSymbol(testing, market, symbol, 500 + i, now);
    const chain = chainOf(symbol);
    chains.set(symbol, chain);
    let res;
    const t = timed(() => {
      inc.update({ symbol, chain }, now);
      res = inc.merge(symbols);
    });
    mergeMs.push(res.ms);
    upd.push(t);
    diffMs.push(timed(() => differ.apply(res.rows)).ms);
  }
  const full = [];
  const engine = new scanner.ScanEngine(config);
  for (let i = 0; i < Math.min(updates, 10); i++) {
    const list = symbols.map((s) => chains.get(s));
    full.push(timed(() => engine.run(list, now)));
  }
  const med = (xs, k) => pct(xs.map((x) => x[k]), 0.5);
  const symbolQuotes = [...market.quotes.keys()].filter((k) => k.startsWith(`${symbol}|`)).length;
  return {
    label,
    symbols: symbols.length,
    quotes: market.quotes.size,
    verticals: first.funnel.candidates,
    symbol,
    symbolQuotes,
    updateAll: all,
    update: { ms: med(upd, 'ms'), p95: pct(upd.map((x) => x.ms), 0.95), cpu: med(upd, 'cpu') },
    merge: pct(mergeMs, 0.5),
    diff: pct(diffMs, 0.5),
    full: { ms: med(full, 'ms'), p95: pct(full.map((x) => x.ms), 0.95), cpu: med(full, 'cpu') },
  };
}

/** 30 underlyings: SPY as large as the simulator's (18 expiries × 134 strikes, 4,824 quotes), 29 others 12 × 50. */
export function thirtySymbols(testing, now) {
  const all = underlyings(testing, 30);
  const spy = testing.syntheticMarket({ now, seed: 31, underlyings: all.slice(0, 1), expiries: 18, strikesPerExpiry: 134 });
  return merge(spy, testing.syntheticMarket({ now, seed: 30, underlyings: all.slice(1), expiries: 12, strikesPerExpiry: 50 }));
}

/** ~100,000 quotes: 29 underlyings × 12 expiries × 60 strikes, and SPX with 60 expiries × 500 strikes. */
export function hundredThousand(testing, now) {
  const rest = testing.syntheticMarket({ now, seed: 100, underlyings: underlyings(testing, 29), expiries: 12, strikesPerExpiry: 60 });
  const spx = testing.syntheticMarket({ now, seed: 101, underlyings: [{ symbol: 'SPX', spot: 6650, iv: 0.16, increment: 5, dividendYield: 0.012 }], expiries: 60, strikesPerExpiry: 500 });
  return merge(spx, rest);
}
