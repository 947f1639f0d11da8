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
 */
import type { Quote } from '@ibsc/ibkr';
import { chainFromDefinition, type OptionChain, type OptionQuote } from '../chain/option-chain';
import { toOptionQuote } from '../ibkr/quote-convert';
import { roughenMarket, syntheticMarket, SYNTHETIC_UNDERLYINGS } from '../testing/synthetic-market';
import { ScanEngine, type ScanConfig } from './scan-engine';

/** Runs per configuration: past the point where the engine's time stops falling (about 8 on the chains measured). */
export const WARM_UP_RUNS = 12;

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

/** Two seeded, roughened chains in the gateway sources' shape (about 2,000 quotes). */
export function warmUpChains(now: number): OptionChain[] {
  const m = roughenMarket(syntheticMarket({ now, seed: 16, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 4), expiries: 8, strikesPerExpiry: 32 }), 17, now);
  const quotes = new Map<string, OptionQuote>();
  for (const [k, q] of m.quotes) quotes.set(k, gatewayShapedQuote(q));
  return m.definitions.map((d, i) => chainFromDefinition(d, m.underlyings[i], m.rate, quotes));
}

/** Runs the engine WARM_UP_RUNS times per configuration, one symbol per run (as the continuous scan does). */
export async function warmUpScanEngine(configs: readonly ScanConfig[], now: number, runs = WARM_UP_RUNS): Promise<WarmUpResult> {
  const chains = warmUpChains(now);
  let ms = 0;
  let n = 0;
  for (const config of configs) {
    const engine = new ScanEngine(config, { holdOrder: true });
    for (let i = 0; i < runs; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const chain = chains[i % chains.length];
      const t0 = performance.now();
      engine.run([chain], now, { hintKey: String(i % chains.length) });
      ms += performance.now() - t0;
      n++;
    }
  }
  return { runs: n, ms };
}
