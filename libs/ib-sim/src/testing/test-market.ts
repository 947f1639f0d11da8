import { ManualClock } from '../clock';
import { CORE_SYMBOLS, createMarketModel, type SimMarketModel } from '../market';

export interface TestMarketOptions {
  /** Market model seed. Default 1. */
  seed?: number;
  /**
   * Milliseconds between market steps. Default 250 (the simulator's default). Each step moves every underlying,
   * so a ManualClock advanced over long spans costs one step per `marketStepMs`: a trading day at 250 ms is
   * ~94,000 steps (~1.4 s of CPU). Tests that move hours or days should pass a larger step (e.g. 5_000–60_000).
   */
  marketStepMs?: number;
  /** Start of the ManualClock (epoch ms or Date). Default 2026-11-23 15:00 UTC (10:00 New York, a Monday). */
  start?: number | Date;
  /** Underlyings to list: default the core eight (CORE_SYMBOLS), `'all'` for the 30 of the product. */
  symbols?: readonly string[] | 'all';
}

/**
 * One real market model and its ManualClock, to share between the simulators of a test file
 * (building the core eight's 35,600 options takes about half a second; all 30 names' 82,800 about 2 s). Pass the result to `startTestSimulator`
 * (`startTestSimulator({ ...shared })`); the simulator then uses this model and its step.
 *
 * `createTestMarket(seed)` is kept for compatibility; `createTestMarket({ seed, marketStepMs, start })` sets more.
 */
export function createTestMarket(
  seedOrOptions: number | TestMarketOptions = {},
): { clock: ManualClock; market: SimMarketModel; marketStepMs: number } {
  const opts: TestMarketOptions = typeof seedOrOptions === 'number' ? { seed: seedOrOptions } : seedOrOptions;
  const marketStepMs = opts.marketStepMs ?? 250;
  if (!(marketStepMs > 0) || !Number.isFinite(marketStepMs)) throw new RangeError('marketStepMs must be a number > 0');
  const clock = opts.start === undefined ? new ManualClock() : new ManualClock(opts.start);
  const symbols = opts.symbols === 'all' ? undefined : (opts.symbols ?? CORE_SYMBOLS);
  return { clock, market: createMarketModel({ clock, seed: opts.seed ?? 1, stepMs: marketStepMs, symbols }), marketStepMs };
}
