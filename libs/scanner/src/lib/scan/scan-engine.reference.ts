/**
 * The straightforward scan (kept as the reference implementation; used only by tests): one object per candidate
 * and one full SpreadRow per spread, every step a plain array pass. `ScanEngine` (scan-engine.ts) must produce
 * exactly what this produces — same rows, order, numbers, funnel and learned filter order — and the equivalence
 * test (scan-engine.equivalence.spec.ts) checks that on seeded synthetic markets.
 */
import {
  SCAN_DEFAULT_K,
  SCAN_DEFAULT_MAX_ROWS,
  type ScanFunnelStep,
  type SpreadRow,
} from '@ibsc/shared-dto';
import { newYorkDayNumber } from '../chain/calendar';
import type { OptionChain } from '../chain/option-chain';
import { prepareChain } from '../chain/prepared-chain';
import { buildFilters } from '../filters/build-filters';
import { FilterChain, type FilterChainOptions } from '../filters/filter-chain';
import { DEFAULT_SCORE_WEIGHTS, scoreSpread } from '../scoring/spread-score';
import { computeSpreadMetrics } from '../spreads/spread-metrics';
import { buildVerticals, type VerticalCandidate } from '../spreads/vertical-builder';
import type { ScanConfig, ScanResult, ScanRunMeta } from './scan-engine';

export class ReferenceScanEngine {
  private readonly candidateChain: FilterChain<VerticalCandidate>;
  private readonly rowChain: FilterChain<SpreadRow>;

  constructor(
    readonly config: ScanConfig,
    chainOptions: FilterChainOptions = {},
  ) {
    const stages = buildFilters(config.filters);
    this.candidateChain = new FilterChain(stages.candidate, chainOptions);
    this.rowChain = new FilterChain(stages.row, chainOptions);
  }

  /** The order the next run will apply, both stages. */
  filterOrder(): { candidate: string[]; row: string[] } {
    return { candidate: this.candidateChain.order(), row: this.rowChain.order() };
  }

  run(chains: readonly OptionChain[], now: number, meta: ScanRunMeta = {}): ScanResult {
    const t0 = performance.now();
    const todayNy = newYorkDayNumber(now);
    const cfg = this.config;
    const candidates: VerticalCandidate[] = [];
    let listed = 0;
    let quoted = 0;
    for (const chain of chains) {
      const u = prepareChain(chain, now, todayNy, { crossedQuotes: cfg.crossedQuotes });
      for (const s of u.slices)
        for (let i = 0; i < s.calls.length; i++) {
          listed += (s.slice.calls[i] ? 1 : 0) + (s.slice.puts[i] ? 1 : 0);
          quoted += (s.calls[i] ? 1 : 0) + (s.puts[i] ? 1 : 0);
        }
      buildVerticals(u, { types: cfg.spreadTypes, widths: cfg.widths }, candidates);
    }
    const steps: ScanFunnelStep[] = [];
    const priced = candidates.filter((c) => c.short.twoSided && c.long.twoSided);
    steps.push({ id: 'priced', label: 'both legs two-sided', before: candidates.length, after: priced.length, keptMissing: 0 });

    const stage1 = this.candidateChain.run(priced);
    steps.push(...stage1.steps);

    const opts = { k: cfg.k ?? SCAN_DEFAULT_K, quantity: cfg.quantity, feesPerSpread: cfg.feesPerSpread, staleAfterMs: cfg.staleAfterMs };
    const computed: SpreadRow[] = [];
    for (const c of stage1.kept) {
      const row = computeSpreadMetrics(c, opts);
      if (row) computed.push(row);
    }
    steps.push({ id: 'metrics', label: 'an IV for POP and EV', before: stage1.kept.length, after: computed.length, keptMissing: 0 });

    const stage2 = this.rowChain.run(computed);
    steps.push(...stage2.steps);

    const weights = cfg.scoreWeights ?? DEFAULT_SCORE_WEIGHTS;
    const rows = stage2.kept;
    for (const row of rows) row.score = scoreSpread(row, weights);
    rows.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const maxRows = cfg.maxRows ?? SCAN_DEFAULT_MAX_ROWS;
    const top = rows.length > maxRows ? rows.slice(0, maxRows) : rows;
    return {
      rows: top,
      funnel: {
        contractsListed: meta.contractsListed ?? listed,
        contractsQuoted: meta.contractsQuoted ?? quoted,
        candidates: candidates.length,
        steps,
        matched: rows.length,
        returned: top.length,
      },
      ms: performance.now() - t0,
    };
  }
}
