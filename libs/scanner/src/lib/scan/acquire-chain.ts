/**
 * How a scan gets one underlying's chain through the seam: static definition → underlying snapshot → pre-filter →
 * quotes for the contracts worth quoting → chain. The continuous scan service will call this (or rotate quotes
 * itself through a streaming QuoteSource); it holds no state.
 */
import type { NumericRange, SpreadType } from '@ibsc/shared-dto';
import { chainFromDefinition, type ChainDefinition, type OptionChain, type OptionContract, type UnderlyingSnapshot } from '../chain/option-chain';
import { prefilterContracts, type PrefilterResult } from '../prefilter';
import type { MarketSources, QuoteBatch } from '../sources/market-sources';
import { acquirePrunedQuotes, type PruneSettings } from '../acquisition/pruned-acquisition';
import { requestQuotesInBatches, type BatchedQuoteOptions } from './expiry-batches';

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
  /**
   * Progressive acquisition (expiry-batches.ts): quotes asked for nearest expiry first, each batch handed over when
   * done (with pruning: the anchors' batches, then the kept contracts'). `onPlanned`: the contracts that will be asked
   * for in all, once known (the pre-filter's count, or with pruning the anchors and the kept ones).
   */
  batches?: { onStart?: (s: AcquireStart) => void; onPlanned?: (contracts: number) => void } & Omit<BatchedQuoteOptions, 'signal'>;
}

/** What is known before the first quote: the static chain, the underlying and the pre-filter's choice. */
export interface AcquireStart {
  def: ChainDefinition;
  underlying: UnderlyingSnapshot;
  prefilter: PrefilterResult;
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
  const batches = o.batches;
  batches?.onStart?.({ def, underlying: und, prefilter });
  const request = (contracts: readonly OptionContract[]): Promise<QuoteBatch> =>
    batches ? requestQuotesInBatches(sources.quotes, contracts, { ...batches, signal: o.signal }) : sources.quotes.requestQuotes({ contracts, signal: o.signal });
  if (o.prune) {
    const p = await acquirePrunedQuotes(def, und, prefilter.contracts, request, { now: o.now, rate: o.rate, signal: o.signal, prune: o.prune, onPlanned: batches?.onPlanned });
    return { chain: chainFromDefinition(def, und, o.rate, p.quotes), prefilter, missing: p.missing, requested: p.requested, pruned: p.pruned };
  }
  batches?.onPlanned?.(prefilter.contracts.length);
  const batch = await request(prefilter.contracts);
  return { chain: chainFromDefinition(def, und, o.rate, batch.quotes), prefilter, missing: batch.missing, requested: prefilter.contracts.length, pruned: 0 };
}
