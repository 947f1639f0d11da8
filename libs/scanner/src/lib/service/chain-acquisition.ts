/**
 * The continuous scan's acquisition of one symbol's chain (ADR 0018): pre-filter, then quotes in expiry batches,
 * nearest first. Each batch is overlaid on the quotes held (`ProgressiveChain`), the chain as held replaces the
 * symbol's entry, and the symbol is asked of the publish throttle, so rows appear long before the chain is done.
 * The chain acquired is recorded with its counts (quoted, pruned, missing by reason), keeping quotes the fresh lane
 * holds when they are newer. Also the first cycle's estimated contract totals, before any gateway traffic.
 */
import type { Clock } from '@ibsc/ibkr';
import { DEFAULT_RISK_FREE_RATE } from '../chain/option-chain';
import { acquireChain, type AcquiredChain, type AcquireOptions } from '../scan/acquire-chain';
import { prefilterContracts } from '../prefilter';
import type { MarketSources } from '../sources/market-sources';
import { keepFresher } from '../acquisition/fresh-overlay';
import type { HeldChain } from './held-scoring';
import type { FirstCycleProgress } from './first-cycle-progress';
import { ProgressiveChain } from './progressive-chain';
import type { PublishThrottle } from './publish-throttle';
import type { ContinuousScanOptions, ScanSettings } from './continuous-scan.types';

export interface ChainAcquisitionDeps {
  sources: () => MarketSources;
  clock: Clock;
  options: ContinuousScanOptions;
  /** The chains held, by symbol: the scoring's input, shared with the service. */
  chains: Map<string, HeldChain>;
  throttle: PublishThrottle;
}

export class ChainAcquisition {
  constructor(private readonly deps: ChainAcquisitionDeps) {}

  /** The pre-filter's and the quoting's options for `settings`, at the clock's time. */
  options(s: ScanSettings): AcquireOptions {
    return {
      now: this.deps.clock.now(),
      rate: this.deps.options.rate ?? DEFAULT_RISK_FREE_RATE,
      spreadTypes: s.spreadTypes,
      widths: s.widths,
      dte: s.filters?.dte,
      shortDelta: s.filters?.shortDelta,
    };
  }

  /**
   * One symbol's chain, in expiry batches (nearest first): each batch overlays the quotes held and the symbol's
   * chain as held is re-scored and published through the throttle. `first` counts the first cycle's progress.
   */
  symbol(symbol: string, settings: ScanSettings, signal: AbortSignal, prune: AcquireOptions['prune'], first: FirstCycleProgress | null): Promise<AcquiredChain> {
    const { chains, options, throttle } = this.deps;
    const o = this.options(settings);
    const partial = new ProgressiveChain(o.rate, chains.get(symbol)?.chain);
    return acquireChain(symbol, this.deps.sources(), {
      ...o,
      signal,
      prune,
      batches: {
        maxPerBatch: options.batchContracts,
        onStart: (s) => partial.begin(s),
        onPlanned: (contracts) => first?.begin(symbol, contracts),
        onContract: () => first?.contract(),
        onBatch: (b) => {
          if (signal.aborted) return;
          options.metrics?.quoteBatch();
          partial.add(b);
          const held = partial.held();
          if (!held) return;
          chains.set(symbol, keepFresher(held, options.freshRows?.quotesOf(symbol)));
          throttle.request(symbol);
        },
      },
    });
  }

  /** The symbol's chain as acquired, held (fresher lane quotes kept) and counted by outcome. */
  record(symbol: string, a: AcquiredChain): void {
    const { metrics, freshRows } = this.deps.options;
    for (const [outcome, n] of Object.entries(countMissing(a.missing))) metrics?.quoted(outcome, n);
    metrics?.quoted('quoted', a.requested - a.missing.length);
    metrics?.quoted('pruned', a.pruned);
    this.deps.chains.set(symbol, keepFresher({ chain: a.chain, listed: a.prefilter.listed, quoted: a.requested - a.missing.length, pruned: a.pruned }, freshRows?.quotesOf(symbol)));
  }

  /**
   * The first cycle's contract total before each symbol's acquisition starts: the pre-filter on the chain
   * definitions (loaded by validate, cached) without an IV, so without a delta band: exact when no delta range is
   * set, an upper bound otherwise, replaced by the real count when the symbol starts. No gateway traffic.
   */
  estimate(settings: ScanSettings, progress: FirstCycleProgress, sources: MarketSources): void {
    const o = this.options(settings);
    for (const symbol of settings.symbols) {
      sources.chains.definition(symbol).then(
        (def) => progress.estimate(symbol, prefilterContracts(def, noIvUnderlying(symbol), o).contracts.length),
        () => undefined,
      );
    }
  }
}

/** An underlying without IV: the pre-filter then applies no delta band (every strike of the DTE window counts). */
function noIvUnderlying(symbol: string) {
  return { symbol, spot: 1, spotTime: 0, iv: null, ivHistory: [], dividendYield: 0, earningsDate: null };
}

function countMissing(missing: ReadonlyArray<{ reason: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of missing) out[m.reason] = (out[m.reason] ?? 0) + 1;
  return out;
}
