/**
 * Which contracts can matter (ADR 0017): every candidate vertical is scored on estimated quotes (quote-estimator.ts)
 * by the scan engine itself, and only the legs of spreads whose score could reach the top maxRows are quoted.
 *
 * Bounds. With the estimated score e (open interest unknown: the depth term counted as 0) and the measured model
 * error m (|e − true score without the depth term| on seeded markets, docs/benchmarks.md "Pruning"):
 *   lo = e − m                 ≤ the true score (the depth term is ≥ 0),
 *   hi = e + m + DEPTH_MAX     ≥ the true score (DEPTH_MAX = the most the depth term adds: 100·w_liq·0.3/Σw).
 * The threshold T is the maxRows-th largest lo among the spreads that pass the filters on estimates, over every
 * symbol estimated so far in the cycle (PruneThreshold): at least maxRows spreads score ≥ T, so a spread with
 * hi < T cannot reach the top. Contracts are pruned only when no spread using them has hi ≥ T (filters never prune
 * on their own: a spread failing a filter on estimates may pass on real quotes). Expiries whose anchors gave no fit
 * keep every candidate.
 */
import { SCAN_DEFAULT_MAX_ROWS, type SpreadRow } from '@ibsc/shared-dto';
import { chainFromDefinition, contractKey, type ChainDefinition, type OptionContract, type OptionQuote, type UnderlyingSnapshot } from '../chain/option-chain';
import { ScanEngine, type ScanConfig } from '../scan/scan-engine';
import { DEFAULT_SCORE_WEIGHTS, scoreParts } from '../scoring/spread-score';
import { PRICE_BOUNDS_TOLERANCE } from '../spreads/spread-metrics';
import { QuoteEstimator } from './quote-estimator';
import { nextTurn } from '@ibsc/clock';

/**
 * Score points of model error allowed for (SCAN_PRUNE_MARGIN). Not a proven bound: the estimate's error on the
 * simulator's seeded markets has p99 ≈ 10 points with a heavy tail (docs/benchmarks.md, "Pruning"); what is shown is
 * that the top maxRows come out equal to quoting everything (acquisition/score-pruning.int-spec.ts).
 */
export const DEFAULT_PRUNE_MARGIN = 5;

/** The maxRows-th largest lower bound seen over a cycle's symbols (−∞ until maxRows bounds are known). */
export class PruneThreshold {
  private lows: number[] = [];

  constructor(readonly maxRows: number = SCAN_DEFAULT_MAX_ROWS) {}

  offer(lows: readonly number[]): void {
    this.lows = this.lows.concat(lows).sort((a, b) => b - a).slice(0, this.maxRows);
  }

  value(): number {
    return this.lows.length >= this.maxRows ? this.lows[this.maxRows - 1] : Number.NEGATIVE_INFINITY;
  }

  /** A copy of the lows held, in the threshold's order (largest first): what a worker thread is sent. */
  lowsNow(): Float64Array<ArrayBuffer> {
    return Float64Array.from(this.lows);
  }

  /** Holds `lows` instead: a snapshot from lowsNow(), taken as is (a worker's threshold after its plan). */
  restore(lows: ArrayLike<number>): void {
    this.lows = Array.from(lows).slice(0, this.maxRows);
  }
}

export interface PrunePlan {
  /** Contracts to quote (anchors excluded: already quoted), most promising first. */
  quote: OptionContract[];
  /** Candidates not quoted because none of their spreads can reach the top. */
  pruned: number;
  /** The threshold used (score points). */
  threshold: number;
  /** Expiries without a fit (every candidate kept). */
  unfitted: number;
}

export interface PruneInputs {
  def: ChainDefinition;
  und: UnderlyingSnapshot;
  rate: number;
  now: number;
  /** The pre-filter's candidates (DTE window, short-delta band). */
  candidates: readonly OptionContract[];
  /** Real quotes of the anchors. */
  anchors: ReadonlyMap<string, OptionQuote>;
  config: ScanConfig;
  threshold: PruneThreshold;
  margin?: number;
}

/** The most the depth term adds to a score (points). */
export function depthMaxPoints(config: Pick<ScanConfig, 'scoreWeights'>): number {
  const w = config.scoreWeights ?? DEFAULT_SCORE_WEIGHTS;
  const total = w.edge + w.pop + w.liquidity;
  return total > 0 ? (100 * Math.max(0, w.liquidity) * 0.3) / total : 0;
}

/** Every spread of `chainQuotes` scored by the engine (all rows, no cut); open interest ignored. */
export function scoreAll(inputs: Pick<PruneInputs, 'def' | 'und' | 'rate' | 'now' | 'config'>, quotes: ReadonlyMap<string, OptionQuote>, withFilters: boolean): SpreadRow[] {
  const noOi = new Map<string, OptionQuote>();
  for (const [k, q] of quotes) noOi.set(k, q.openInterest === null ? q : { ...q, openInterest: null });
  const chain = chainFromDefinition(inputs.def, inputs.und, inputs.rate, noOi);
  const cfg: ScanConfig = { ...inputs.config, maxRows: Number.POSITIVE_INFINITY, filters: withFilters ? inputs.config.filters : undefined };
  return new ScanEngine(cfg).run([chain], inputs.now).rows;
}

/** Estimated quotes of the candidates (anchors: their real quotes); null where an expiry has no fit. */
export function estimatedQuotes(inputs: Pick<PruneInputs, 'def' | 'und' | 'rate' | 'now' | 'candidates' | 'anchors'>): { quotes: Map<string, OptionQuote>; unfitted: OptionContract[] } {
  const est = new QuoteEstimator(inputs.def, inputs.und, inputs.rate, inputs.now, inputs.anchors);
  const quotes = new Map<string, OptionQuote>();
  const unfitted: OptionContract[] = [];
  for (const c of inputs.candidates) {
    const key = contractKey(c);
    const real = inputs.anchors.get(key);
    const q = real ?? est.estimate(c);
    if (q) quotes.set(key, q);
    else unfitted.push(c);
  }
  return { quotes, unfitted };
}

export interface ScoreBounds {
  lo: number;
  hi: number;
  /** The estimate sits near the price bounds, where a cent flips the score to 0 (PRICE_OUTSIDE_BOUNDS) or back. */
  nearBounds: boolean;
}

/**
 * Bounds of a spread's real score from its estimated row. Near the price bounds (the expected fill within
 * 0.05 + the estimated half-width of either end) a few cents decide between a score of 0 and a full one, so the
 * bounds span both: lo as if outside, hi as if inside.
 */
export function scoreBounds(row: SpreadRow, margin: number, config: Pick<ScanConfig, 'scoreWeights'>): ScoreBounds {
  const w = config.scoreWeights ?? DEFAULT_SCORE_WEIGHTS;
  const slack = margin + depthMaxPoints(config);
  const outside = row.flags.includes('PRICE_OUTSIDE_BOUNDS');
  const delta = 0.05 + Math.abs(row.netNatural - row.netMid);
  const p = row.expectedFill;
  const nearBounds = Math.min(Math.abs(p - PRICE_BOUNDS_TOLERANCE), Math.abs(row.width - PRICE_BOUNDS_TOLERANCE - p)) <= delta;
  if (!nearBounds) return outside ? { lo: -margin, hi: margin, nearBounds } : { lo: row.score - margin, hi: row.score + slack, nearBounds };
  const parts = scoreParts(row, w);
  const total = w.edge + w.pop + w.liquidity;
  const inside = total > 0 ? (100 * (w.edge * parts.edge + w.pop * parts.pop + w.liquidity * parts.liquidity)) / total : 0;
  return { lo: -margin, hi: Math.max(row.score, Number.isFinite(inside) ? inside : 0) + slack, nearBounds };
}

/**
 * The plan for one symbol. Scored expiry by expiry (verticals never span two), yielding to the event loop between
 * expiries: the estimate of a large chain costs seconds of CPU on a loaded machine, and the API must keep answering.
 */
export async function planQuotes(inputs: PruneInputs): Promise<PrunePlan> {
  const margin = inputs.margin ?? DEFAULT_PRUNE_MARGIN;
  const { quotes, unfitted } = estimatedQuotes(inputs);
  const filtered = Object.values(inputs.config.filters ?? {}).some((v) => v !== undefined);
  const all: SpreadRow[] = [];
  const lows: number[] = [];
  for (const e of inputs.def.expiries) {
    if (!inputs.candidates.some((c) => c.expiry === e.expiry)) continue;
    const one = { ...inputs, def: { ...inputs.def, expiries: [e] } };
    // Upper bounds of every spread (no filters): what is worth quoting, best first.
    const rows = scoreAll(one, quotes, false);
    all.push(...rows);
    // Lower bounds of the spreads that pass the filters on estimates: the threshold (one engine run less without filters).
    for (const r of filtered ? scoreAll(one, quotes, true) : rows) lows.push(scoreBounds(r, margin, inputs.config).lo);
    await nextTurn();
  }
  inputs.threshold.offer(lows);
  const t = inputs.threshold.value();
  const best = new Map<string, number>();
  const symbol = inputs.def.symbol;
  for (const r of all) {
    const hi = scoreBounds(r, margin, inputs.config).hi;
    if (hi < t) continue;
    for (const leg of [r.short, r.long]) {
      const key = contractKey({ symbol, expiry: r.expiry, right: leg.right, strike: leg.strike });
      if ((best.get(key) ?? Number.NEGATIVE_INFINITY) < hi) best.set(key, hi);
    }
  }
  const unfittedExpiries = new Set(unfitted.map((c) => c.expiry));
  const keep: Array<{ c: OptionContract; p: number }> = [];
  let pruned = 0;
  for (const c of inputs.candidates) {
    const key = contractKey(c);
    if (inputs.anchors.has(key)) continue;
    const p = unfittedExpiries.has(c.expiry) && !quotes.has(key) ? Number.POSITIVE_INFINITY : best.get(key);
    if (p === undefined) pruned++;
    else keep.push({ c, p });
  }
  keep.sort((a, b) => b.p - a.p);
  return { quote: keep.map((x) => x.c), pruned, threshold: t, unfitted: unfittedExpiries.size };
}
