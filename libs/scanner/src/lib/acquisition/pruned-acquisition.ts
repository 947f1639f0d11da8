/**
 * Pruned acquisition of one chain (ADR 0017): quote the anchors (a few strikes per expiry), estimate every other
 * candidate from them, quote only the contracts whose spreads could reach the top maxRows (score-pruning.ts), most
 * promising first. The chain holds real quotes only: estimates decide what to ask for, never what is shown.
 */
import { contractKey, type ChainDefinition, type OptionContract, type OptionQuote, type UnderlyingSnapshot } from '../chain/option-chain';
import type { ScanConfig } from '../scan/scan-engine';
import type { QuoteBatch } from '../sources/market-sources';
import { anchorContracts } from './quote-estimator';
import { planQuotes, type PruneInputs, type PrunePlan, type PruneThreshold } from './score-pruning';

export interface PruneSettings {
  /** The scan's configuration (types, widths, filters, maxRows, weights). */
  config: ScanConfig;
  /** The cycle's threshold, shared by its symbols (a new one per cycle). */
  threshold: PruneThreshold;
  /** Score points (default DEFAULT_PRUNE_MARGIN). */
  margin?: number;
  /** Reorders the contracts to quote (trader-visible legs first, visible-legs.ts). */
  order?: (contracts: OptionContract[]) => OptionContract[];
  /** Where the plan is made: the scoring worker in the continuous scan (ADR 0025); default planQuotes here. */
  planner?: (inputs: PruneInputs) => Promise<PrunePlan>;
}

export interface PrunedQuotes {
  quotes: Map<string, OptionQuote>;
  missing: Array<QuoteBatch['missing'][number]>;
  /** Contracts asked for (anchors + kept). */
  requested: number;
  anchors: number;
  pruned: number;
}

export async function acquirePrunedQuotes(
  def: ChainDefinition,
  und: UnderlyingSnapshot,
  candidates: readonly OptionContract[],
  request: (contracts: readonly OptionContract[]) => Promise<QuoteBatch>,
  o: { now: number; rate: number; signal?: AbortSignal; prune: PruneSettings; onPlanned?: (contracts: number) => void },
): Promise<PrunedQuotes> {
  const inBand = new Set(candidates.map(contractKey));
  const anchorList = anchorContracts(def, und, new Set(candidates.map((c) => c.expiry)), o.now, o.rate).filter((c) => inBand.has(contractKey(c)));
  const order = o.prune.order ?? ((x: OptionContract[]) => x);
  const first = await request(order(anchorList));
  const quotes = new Map(first.quotes);
  const missing = [...first.missing];
  if (o.signal?.aborted) return { quotes, missing, requested: anchorList.length, anchors: anchorList.length, pruned: 0 };
  const plan = await (o.prune.planner ?? planQuotes)({ def, und, rate: o.rate, now: o.now, candidates, anchors: first.quotes, config: o.prune.config, threshold: o.prune.threshold, margin: o.prune.margin });
  const rest = order(plan.quote);
  o.onPlanned?.(anchorList.length + rest.length);
  const second = await request(rest);
  for (const [k, q] of second.quotes) quotes.set(k, q);
  missing.push(...second.missing);
  return { quotes, missing, requested: anchorList.length + rest.length, anchors: anchorList.length, pruned: plan.pruned };
}
