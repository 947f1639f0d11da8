/**
 * One full scan over prepared chains: enumerate verticals, keep those with a usable market, run the candidate
 * filters, compute metrics, run the row filters, score, rank and cut. Its results are a pure function of the input
 * and the filter chains' learned order, which is why an engine instance lives as long as its scan configuration
 * (it also keeps the last rank thresholds, which only save work). Its working memory (typed columns) is the process's
 * shared workspace (lean/workspace.ts), borrowed for the duration of a run.
 *
 * This is the lean path (docs/scanner.md, "How the scan is fast"): per-leg and per-expiry values are computed once
 * into typed columns, every vertical is a row of typed columns, filters run on those columns, scores are bounded
 * cheaply and computed exactly only where they can reach the top maxRows, a bounded heap ranks them, and full
 * SpreadRow objects are built only for the rows returned. It computes exactly what the straightforward path
 * (scan-engine.reference.ts, kept for the equivalence test) computes.
 */
import {
  SCAN_DEFAULT_K,
  SCAN_DEFAULT_MAX_ROWS,
  type ScanFilters,
  type ScanFunnel,
  type ScanFunnelStep,
  type SpreadRow,
  type SpreadType,
} from '@ibsc/shared-dto';
import { newYorkDayNumber } from '../chain/calendar';
import type { OptionChain } from '../chain/option-chain';
import type { CrossedQuotePolicy } from '../chain/prepared-chain';
import { buildFilters } from '../filters/build-filters';
import { FilterChain, type FilterChainOptions } from '../filters/filter-chain';
import { DEFAULT_SCORE_WEIGHTS, type ScoreWeights } from '../scoring/spread-score';
import { computeSpreadMetrics, DEFAULT_STALE_AFTER_MS, type SpreadMetricsOptions } from '../spreads/spread-metrics';
import { SPREAD_SIDE, type VerticalCandidate } from '../spreads/vertical-builder';
import { candidateKernels, runCandidateKernel, type CandidateKernel } from './lean/candidate-kernels';
import type { MarketTable } from './lean/market-table';
import { approximateScores } from './lean/approx-score';
import { computeScores, topSpreads } from './lean/rank';
import { rowKernels, runRowKernel, type RowKernel } from './lean/row-kernels';
import { computeModel, computePrices } from './lean/spread-kernels';
import { TYPE_NAMES, type SpreadTable } from './lean/spread-table';
import { sharedWorkspace, type LeanWorkspace } from './lean/workspace';

export interface ScanConfig {
  spreadTypes: readonly SpreadType[];
  widths: readonly number[];
  /** Default 0.5. */
  k?: number;
  filters?: ScanFilters;
  /** Default 500. */
  maxRows?: number;
  quantity?: number;
  feesPerSpread?: number;
  staleAfterMs?: number;
  scoreWeights?: ScoreWeights;
  /** Legs with bid > ask: 'exclude' (default: not priced) or 'penalize' (kept, flagged, score × 0.5). */
  crossedQuotes?: CrossedQuotePolicy;
}

export interface ScanRunMeta {
  /** From the pre-filter, for the funnel; default: counted from the chains. */
  contractsListed?: number;
  contractsQuoted?: number;
  /**
   * Whose rank threshold to reuse as the approximate pass's hint (incremental-scan.ts scores one symbol per run:
   * each symbol keeps its own). Default: the previous run's.
   */
  hintKey?: string;
}

export interface ScanResult {
  /** Ranked by score, best first; at most maxRows. */
  rows: SpreadRow[];
  funnel: ScanFunnel;
  /** Wall time of the run. */
  ms: number;
}

export class ScanEngine {
  private readonly candidateChain: FilterChain<VerticalCandidate>;
  private readonly rowChain: FilterChain<SpreadRow>;
  private readonly candidateKernels: Map<string, CandidateKernel>;
  private readonly rowKernels: Map<string, RowKernel>;
  /** Rank thresholds by hint key (ScanRunMeta.hintKey), and the last run's. */
  private readonly hints = new Map<string, number>();
  private threshold = Number.NEGATIVE_INFINITY;

  /** `workspace`: the columns to run on (default: the process's shared one; tests give their own). */
  constructor(
    readonly config: ScanConfig,
    chainOptions: FilterChainOptions = {},
    private readonly workspace: LeanWorkspace = sharedWorkspace(),
  ) {
    const stages = buildFilters(config.filters);
    this.candidateChain = new FilterChain(stages.candidate, chainOptions);
    this.rowChain = new FilterChain(stages.row, chainOptions);
    this.candidateKernels = candidateKernels(config.filters);
    this.rowKernels = rowKernels(config.filters);
    for (const f of stages.candidate) if (!this.candidateKernels.has(f.id)) throw new Error(`no lean kernel for candidate filter ${f.id}`);
    for (const f of stages.row) if (!this.rowKernels.has(f.id)) throw new Error(`no lean kernel for row filter ${f.id}`);
  }

  /** The order the next run will apply, both stages. */
  filterOrder(): { candidate: string[]; row: string[] } {
    return { candidate: this.candidateChain.order(), row: this.rowChain.order() };
  }

  /** With `holdOrder` (FilterChainOptions): applies the learned order to both stages; true when it changed. */
  adoptLearnedOrder(): boolean {
    const a = this.candidateChain.adoptLearnedOrder();
    const b = this.rowChain.adoptLearnedOrder();
    return a || b;
  }

  run(chains: readonly OptionChain[], now: number, meta: ScanRunMeta = {}): ScanResult {
    return this.workspace.borrow((w) => this.runOn(w, chains, now, meta));
  }

  private runOn(w: LeanWorkspace, chains: readonly OptionChain[], now: number, meta: ScanRunMeta): ScanResult {
    const t0 = performance.now();
    const cfg = this.config;
    const m = w.market;
    const sp = w.spreads;
    m.load(chains, now, newYorkDayNumber(now), { crossedQuotes: cfg.crossedQuotes });
    sp.enumerate(m, cfg.spreadTypes, cfg.widths);
    const steps: ScanFunnelStep[] = [{ id: 'priced', label: 'both legs two-sided', before: sp.candidates, after: sp.count, keptMissing: 0 }];

    steps.push(...this.candidateChain.runSteps((f) => runCandidateKernel(this.candidateKernels.get(f.id) as CandidateKernel, m, sp, w.scratch)));

    const beforeMetrics = sp.liveCount;
    keepSlicesWithIv(m, sp);
    steps.push({ id: 'metrics', label: 'an IV for POP and EV', before: beforeMetrics, after: sp.liveCount, keptMissing: 0 });
    const k = cfg.k ?? SCAN_DEFAULT_K;
    const quantity = cfg.quantity ?? 1;
    const fees = (cfg.feesPerSpread ?? 0) * quantity;
    computePrices(m, sp, { k, quantity, fees, staleAfterMs: cfg.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, now });
    let model = false;
    steps.push(
      ...this.rowChain.runSteps((f) => {
        const kernel = this.rowKernels.get(f.id) as RowKernel;
        if (kernel.needsModel && !model) {
          computeModel(m, sp, sp.live, sp.liveCount, quantity, fees);
          model = true;
        }
        return runRowKernel(kernel, m, sp, quantity);
      }),
    );
    const weights = cfg.scoreWeights ?? DEFAULT_SCORE_WEIGHTS;
    const matched = sp.liveCount;
    const keep = cutLength(matched, cfg.maxRows ?? SCAN_DEFAULT_MAX_ROWS);
    const sel = w.selection;
    if (model) {
      // A POP or EV filter already computed the model for every survivor: score them all exactly.
      sel.select(sp, matched);
    } else {
      // Otherwise bound every score cheaply and compute exactly only the spreads that can make the cut.
      // The previous threshold, a little lower, as the hint (scores move a little between scans).
      const previous = meta.hintKey === undefined ? this.threshold : (this.hints.get(meta.hintKey) ?? Number.NEGATIVE_INFINITY);
      if (keep < matched) approximateScores(m, sp, weights, quantity, fees, previous - HINT_MARGIN);
      sel.select(sp, keep);
      if (meta.hintKey !== undefined) this.hints.set(meta.hintKey, sel.threshold);
      computeModel(m, sp, sel.idx, sel.count, quantity, fees);
    }
    this.threshold = sel.threshold;
    computeScores(m, sp, sel.idx, sel.count, weights);
    const top = topSpreads(m, sp, sel.idx, sel.count, keep);
    const opts = { k, quantity: cfg.quantity, feesPerSpread: cfg.feesPerSpread, staleAfterMs: cfg.staleAfterMs };
    const rows: SpreadRow[] = [];
    for (const i of top) rows.push(buildRow(m, sp, i, opts));
    return {
      rows,
      funnel: {
        contractsListed: meta.contractsListed ?? m.listed,
        contractsQuoted: meta.contractsQuoted ?? m.quoted,
        candidates: sp.candidates,
        steps,
        matched,
        returned: rows.length,
      },
      ms: performance.now() - t0,
    };
  }
}

/** Score points below the previous run's threshold where the approximate pass starts skipping the model. */
const HINT_MARGIN = 0.5;

/** How many rows `rows.slice(0, maxRows)` keeps when `rows.length > maxRows` (the reference cut). */
export function cutLength(length: number, maxRows: number): number {
  if (!(length > maxRows)) return length;
  const n = Math.trunc(maxRows);
  return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
}

/** The "metrics" step: a spread needs an IV for POP and EV (the expiry's smile, else the underlying's). */
function keepSlicesWithIv(m: MarketTable, sp: SpreadTable): void {
  let after = 0;
  for (let n = 0; n < sp.liveCount; n++) {
    const i = sp.live[n];
    if (m.slices[sp.slice[i]].hasIv) sp.live[after++] = i;
  }
  sp.liveCount = after;
}

/** The full row of one kept spread, by the reference metrics (so every field is the reference's), with its score. */
function buildRow(m: MarketTable, sp: SpreadTable, i: number, opts: SpreadMetricsOptions): SpreadRow {
  const sl = m.slices[sp.slice[i]];
  const type = TYPE_NAMES[sp.type[i]];
  const c: VerticalCandidate = { u: sl.u, s: sl.s, type, side: SPREAD_SIDE[type], short: m.leg(sp.short[i]), long: m.leg(sp.long[i]), width: sp.width[i] };
  const row = computeSpreadMetrics(c, opts) as SpreadRow;
  row.score = sp.score[i];
  return row;
}
