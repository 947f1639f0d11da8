/**
 * Audits of the pruning on a fully known market (a seeded one: every quote is there to compare with): the
 * estimate's error against the real scores, and the top maxRows from pruned acquisition against quoting everything.
 * Used by the safety test and `npm run bench:pruning` (docs/benchmarks.md, "Pruning").
 */
import { SCAN_DEFAULT_MAX_ROWS, type SpreadRow } from '@ibsc/shared-dto';
import { chainFromDefinition, contractKey, type OptionQuote } from '../chain/option-chain';
import { prefilterContracts } from '../prefilter';
import { ScanEngine, type ScanConfig } from '../scan/scan-engine';
import type { SyntheticMarket } from '../testing/synthetic-market';
import { anchorContracts } from './quote-estimator';
import { DEFAULT_PRUNE_MARGIN, depthMaxPoints, estimatedQuotes, planQuotes, PruneThreshold, scoreAll, scoreBounds } from './score-pruning';

export interface EstimateError {
  /** Spreads compared (scored on both estimates and real quotes). */
  spreads: number;
  /** Of those, estimated near the price bounds (bounded by 0 … full score instead of the error). */
  nearBounds: number;
  /** Spreads whose real score (without the depth term) fell outside the bounds from the estimate at `margin`. */
  violations: number;
  /** |estimate − real| without the depth term, score points: over all, and over spreads near the top. */
  max: number;
  p99: number;
  maxNearTop: number;
  nearTop: number;
}

/** Estimate error of every spread of `market` (filters ignored), anchors quoted from the market itself. */
export function measureEstimateError(market: SyntheticMarket, now: number, config: ScanConfig, margin = DEFAULT_PRUNE_MARGIN, nearTopPts = 15): EstimateError {
  const errs: number[] = [];
  let nearBounds = 0;
  let violations = 0;
  const depth = depthMaxPoints(config);
  const pairs: Array<{ real: number; err: number }> = [];
  market.definitions.forEach((def, i) => {
    const und = market.underlyings[i];
    const cand = prefilterContracts(def, und, { now, rate: market.rate, spreadTypes: config.spreadTypes, widths: config.widths }).contracts;
    const inputs = { def, und, rate: market.rate, now, config, candidates: cand, anchors: anchorQuotes(market, def, und, now, cand) };
    const est = new Map(scoreAll(inputs, estimatedQuotes(inputs).quotes, false).map((r) => [r.id, r]));
    for (const r of scoreAll(inputs, market.quotes, false)) {
      const e = est.get(r.id);
      if (e === undefined) continue;
      const b = scoreBounds(e, margin, config);
      if (r.score < b.lo || r.score > b.hi - depth) violations++;
      if (b.nearBounds) {
        nearBounds++;
        continue;
      }
      errs.push(Math.abs(e.score - r.score));
      pairs.push({ real: r.score, err: Math.abs(e.score - r.score) });
    }
  });
  errs.sort((a, b) => a - b);
  const top = [...pairs].sort((a, b) => b.real - a.real);
  const cut = top[Math.min(top.length - 1, (config.maxRows ?? SCAN_DEFAULT_MAX_ROWS) - 1)]?.real ?? 0;
  const near = top.filter((p) => p.real >= cut - nearTopPts);
  return {
    spreads: errs.length + nearBounds,
    nearBounds,
    violations,
    max: errs.at(-1) ?? 0,
    p99: errs[Math.floor(errs.length * 0.99)] ?? 0,
    maxNearTop: Math.max(0, ...near.map((p) => p.err)),
    nearTop: near.length,
  };
}

function anchorQuotes(market: SyntheticMarket, def: SyntheticMarket['definitions'][number], und: SyntheticMarket['underlyings'][number], now: number, candidates: ReadonlyArray<{ expiry: string }>): Map<string, OptionQuote> {
  const out = new Map<string, OptionQuote>();
  for (const c of anchorContracts(def, und, new Set(candidates.map((x) => x.expiry)), now, market.rate)) {
    const q = market.quotes.get(contractKey(c));
    if (q) out.set(contractKey(c), q);
  }
  return out;
}

export interface PruningComparison {
  listed: number;
  candidates: number;
  anchors: number;
  quoted: number;
  pruned: number;
  /** Top maxRows: from pruned acquisition, and from quoting every candidate. */
  pruned_rows: SpreadRow[];
  full_rows: SpreadRow[];
  /** Ids in one top and not the other. */
  missing: string[];
  extra: string[];
  /** Largest score difference between the k-th rows of the two tops (0 when equal). */
  maxRankScoreDiff: number;
}

/** One cycle of pruned acquisition over `market`'s symbols vs quoting every pre-filter candidate. */
export async function comparePruned(market: SyntheticMarket, now: number, config: ScanConfig, margin?: number): Promise<PruningComparison> {
  const threshold = new PruneThreshold(config.maxRows ?? SCAN_DEFAULT_MAX_ROWS);
  const prunedChains = [];
  const fullChains = [];
  let listed = 0;
  let candidates = 0;
  let anchors = 0;
  let quoted = 0;
  let pruned = 0;
  for (let i = 0; i < market.definitions.length; i++) {
    const def = market.definitions[i];
    const und = market.underlyings[i];
    const pre = prefilterContracts(def, und, { now, rate: market.rate, spreadTypes: config.spreadTypes, widths: config.widths, dte: config.filters?.dte, shortDelta: config.filters?.shortDelta });
    listed += pre.listed;
    candidates += pre.contracts.length;
    const a = anchorQuotes(market, def, und, now, pre.contracts);
    const plan = await planQuotes({ def, und, rate: market.rate, now, candidates: pre.contracts, anchors: a, config, threshold, margin });
    anchors += a.size;
    quoted += a.size + plan.quote.length;
    pruned += plan.pruned;
    const got = new Map(a);
    for (const c of plan.quote) {
      const q = market.quotes.get(contractKey(c));
      if (q) got.set(contractKey(c), q);
    }
    const all = new Map<string, OptionQuote>();
    for (const c of pre.contracts) {
      const q = market.quotes.get(contractKey(c));
      if (q) all.set(contractKey(c), q);
    }
    prunedChains.push(chainFromDefinition(def, und, market.rate, got));
    fullChains.push(chainFromDefinition(def, und, market.rate, all));
  }
  const p = new ScanEngine(config).run(prunedChains, now).rows;
  const f = new ScanEngine(config).run(fullChains, now).rows;
  const pIds = new Set(p.map((r) => r.id));
  const fIds = new Set(f.map((r) => r.id));
  let maxRankScoreDiff = Math.abs(p.length - f.length) > 0 ? Number.POSITIVE_INFINITY : 0;
  for (let k = 0; k < Math.min(p.length, f.length); k++) maxRankScoreDiff = Math.max(maxRankScoreDiff, Math.abs(p[k].score - f[k].score));
  return {
    listed,
    candidates,
    anchors,
    quoted,
    pruned,
    pruned_rows: p,
    full_rows: f,
    missing: f.filter((r) => !pIds.has(r.id)).map((r) => r.id),
    extra: p.filter((r) => !fIds.has(r.id)).map((r) => r.id),
    maxRankScoreDiff,
  };
}
