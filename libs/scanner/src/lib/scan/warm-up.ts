/**
 * Warming the scan engine before the product's first scoring (issue 16).
 *
 * The product scores each symbol once per cycle, seconds to minutes apart, so without help its scorings run in
 * V8's first tiers (interpreter, baseline) for many cycles: on the simulator's SPY chain (20,708 verticals) the
 * same engine run back to back takes about 100, 50, 30, 20, 20, 7, then 5 ms. A few runs on a seeded chain shaped
 * exactly like the gateway sources' (quotes made by `toOptionQuote` from the line manager's `Quote`, some legs
 * unquoted, one-sided, crossed, without greeks, IV, volume or OI) with the scan's own settings get the kernels
 * optimized with the type feedback the real chains give, so the first real scoring runs optimized code.
 *
 * Chunked: one run per macrotask (setImmediate), so the event loop keeps serving while the first chain is acquired.
 *
 * It also reserves the engines' shared working memory (lean/workspace.ts) for a large chain, WARM_UP_RESERVE, and
 * faults it in, so the first real scoring does not allocate and touch ≈ 10 MB of fresh columns.
 */
import type { Quote } from '@ibsc/ibkr';
import { chainFromDefinition, type OptionChain, type OptionQuote } from '../chain/option-chain';
import { toOptionQuote } from '../ibkr/quote-convert';
import { roughenMarket, syntheticMarket, SYNTHETIC_UNDERLYINGS } from '../testing/synthetic-market';
import { expNegFast, fastTables, logisticFast, normCdfFast } from './lean/fast-tables';
import { sharedWorkspace, type WorkspaceCapacity } from './lean/workspace';
import { ScanEngine, type ScanConfig } from './scan-engine';
import { nextTurn } from '@ibsc/clock';

/**
 * Runs per configuration: five over each of the eight warm-up chains. A run's time stops falling after about 8, but
 * the kernels are entered once per run, and with 12 the approximate pass was still in V8's middle tier (Maglev) when
 * the first real scoring started, which then ran its 51,560 spreads there (case C: ≈ 10 ms of the pass against 4.7
 * with 36 or more). The extra runs are the fast ones: 40 cost about 1.5× the scoring time of 12.
 */
export const WARM_UP_RUNS = 40;

/**
 * The shared workspace's size after the warm-up: 16,384 quoted legs and 98,304 verticals (≈ 15 MB). The spread
 * columns are sized before enumerating, to the bound types × widths × strikes (case C: 79,360 for 51,560 verticals;
 * the simulator's SPY, 4 types × 3 widths × 2,412 strikes: 28,944), so this holds either without growing. A larger
 * run grows the columns once and they stay at that size.
 */
export const WARM_UP_RESERVE: Readonly<WorkspaceCapacity> = { legs: 16_384, spreads: 98_304 };

export interface WarmUpResult {
  runs: number;
  /** CPU time spent scoring (wall time of the runs, excluding the pauses between them). */
  ms: number;
}

/** The synthetic market's quote as the gateway sources hand it over: a line manager `Quote` through toOptionQuote. */
export function gatewayShapedQuote(q: OptionQuote): OptionQuote {
  const quote: Quote = { generic: {}, delayed: false, updatedAt: q.quoteTime };
  if (q.bid !== null) quote.bid = q.bid;
  if (q.ask !== null) quote.ask = q.ask;
  if (q.volume !== null) quote.volume = q.volume;
  if (q.delta !== null || q.iv !== null) {
    quote.model = {};
    if (q.iv !== null) quote.model.impliedVolatility = q.iv;
    if (q.delta !== null) quote.model.delta = q.delta;
    if (q.gamma !== null) quote.model.gamma = q.gamma;
    if (q.theta !== null) quote.model.theta = q.theta;
    if (q.vega !== null) quote.model.vega = q.vega;
  }
  return toOptionQuote(quote, q.openInterest, q.quoteTime);
}

/**
 * Eight seeded, roughened chains in the gateway sources' shape (about 4,600 quotes), one per synthetic underlying:
 * strikes every 1, 2.5 and 5, with and without a dividend or an earnings date, and wings deep enough that the
 * approximate pass meets |d| beyond its tables' span. Every kind of value a real chain brings (integer and fractional
 * strikes and prices, nulls) is seen here first: with only the first four underlyings and ±16 strikes, the first real
 * chain deoptimized the loader and the approximate pass ("wrong map", "insufficient type feedback"); two cheap
 * "wrong map" deoptimizations remain (buildSmile, the partner cache's sameStrikes: the strikes arrays' elements kind).
 */
export function warmUpChains(now: number): OptionChain[] {
  const m = roughenMarket(syntheticMarket({ now, seed: 16, underlyings: SYNTHETIC_UNDERLYINGS, expiries: 6, strikesPerExpiry: 48 }), 17, now);
  const quotes = new Map<string, OptionQuote>();
  for (const [k, q] of m.quotes) quotes.set(k, gatewayShapedQuote(q));
  return m.definitions.map((d, i) => chainFromDefinition(d, m.underlyings[i], m.rate, quotes));
}

/**
 * Every branch of the approximate pass's tables, before any chain is scored: their tails (|z| past the grid, NaN)
 * are rare in chains, so the kernels were optimized without feedback for them and deoptimized on the first real
 * chain that had one (a deep wing). Feedback is collected while a function is not yet optimized: so this runs first.
 */
export function warmUpTables(): number {
  const t = fastTables();
  let sum = 0;
  for (let x = -60; x <= 60; x += 0.75) sum += normCdfFast(t.n, x) + logisticFast(t.s, x) + expNegFast(t.e, Math.abs(x));
  for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) sum += normCdfFast(t.n, x) + logisticFast(t.s, x) + expNegFast(t.e, x);
  return sum;
}

/** Runs the engine WARM_UP_RUNS times per configuration, one symbol per run (as the continuous scan does). */
export async function warmUpScanEngine(configs: readonly ScanConfig[], now: number, runs = WARM_UP_RUNS): Promise<WarmUpResult> {
  sharedWorkspace().reserve(WARM_UP_RESERVE.legs, WARM_UP_RESERVE.spreads);
  warmUpTables();
  const chains = warmUpChains(now);
  let ms = 0;
  let n = 0;
  for (const config of configs) {
    const engine = new ScanEngine(config, { holdOrder: true });
    for (let i = 0; i < runs; i++) {
      await nextTurn();
      const chain = chains[i % chains.length];
      const t0 = performance.now();
      engine.run([chain], now, { hintKey: String(i % chains.length) });
      ms += performance.now() - t0;
      n++;
    }
  }
  return { runs: n, ms };
}
