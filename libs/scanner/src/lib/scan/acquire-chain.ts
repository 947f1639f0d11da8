/**
 * How a scan gets one underlying's chain through the seam: static definition → underlying snapshot → pre-filter →
 * quotes for the contracts worth quoting → chain. The continuous scan service will call this (or rotate quotes
 * itself through a streaming QuoteSource); it holds no state.
 */
import type { NumericRange, SpreadType } from '@ibsc/shared-dto';
import { chainFromDefinition, type OptionChain } from '../chain/option-chain';
import { prefilterContracts, type PrefilterResult } from '../prefilter';
import type { MarketSources, QuoteBatch } from '../sources/market-sources';
import { acquirePrunedQuotes, type PruneSettings } from '../acquisition/pruned-acquisition';

export interface AcquireOptions {
  now: number;
  rate: number;
  spreadTypes: readonly SpreadType[];
  widths: readonly number[];
  dte?: NumericRange;
  shortDelta?: NumericRange;
  deltaSlack?: number;
  volSlack?: number;
  signal?: AbortSignal;
  /** Contracts it may quote; over it, `overBudget`'s error is thrown before any quote is asked for. */
  maxContracts?: number;
  overBudget?: (contracts: number) => Error;
  /** Quote only what can reach the top maxRows (acquisition/pruned-acquisition.ts, ADR 0017). */
  prune?: PruneSettings;
}

export interface AcquiredChain {
  chain: OptionChain;
  prefilter: PrefilterResult;
  missing: QuoteBatch['missing'];
  /** Contracts asked for (the pre-filter's, or with pruning the anchors and the kept ones), and pruned. */
  requested: number;
  pruned: number;
}

export async function acquireChain(symbol: string, sources: MarketSources, o: AcquireOptions): Promise<AcquiredChain> {
  const [def, und] = await Promise.all([sources.chains.definition(symbol), sources.underlyings.underlying(symbol)]);
  const prefilter = prefilterContracts(def, und, o);
  if (o.maxContracts !== undefined && prefilter.contracts.length > o.maxContracts) {
    throw o.overBudget?.(prefilter.contracts.length) ?? new Error(`${symbol}: ${prefilter.contracts.length} contracts over the budget of ${o.maxContracts}`);
  }
  if (o.prune) {
    const p = await acquirePrunedQuotes(def, und, prefilter.contracts, sources.quotes, { now: o.now, rate: o.rate, signal: o.signal, prune: o.prune });
    return { chain: chainFromDefinition(def, und, o.rate, p.quotes), prefilter, missing: p.missing, requested: p.requested, pruned: p.pruned };
  }
  const batch = await sources.quotes.requestQuotes({ contracts: prefilter.contracts, signal: o.signal });
  return { chain: chainFromDefinition(def, und, o.rate, batch.quotes), prefilter, missing: batch.missing, requested: prefilter.contracts.length, pruned: 0 };
}
