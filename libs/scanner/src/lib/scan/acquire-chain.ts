/**
 * How a scan gets one underlying's chain through the seam: static definition → underlying snapshot → pre-filter →
 * quotes for the contracts worth quoting → chain. The continuous scan service will call this (or rotate quotes
 * itself through a streaming QuoteSource); it holds no state.
 */
import type { NumericRange, SpreadType } from '@ibsc/shared-dto';
import { chainFromDefinition, type ChainDefinition, type OptionChain, type UnderlyingSnapshot } from '../chain/option-chain';
import { prefilterContracts, type PrefilterResult } from '../prefilter';
import type { MarketSources, QuoteBatch } from '../sources/market-sources';
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
  /** Progressive acquisition (expiry-batches.ts): quotes asked for nearest expiry first, each batch handed over when done. */
  batches?: { onStart?: (s: AcquireStart) => void } & Omit<BatchedQuoteOptions, 'signal'>;
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
}

export async function acquireChain(symbol: string, sources: MarketSources, o: AcquireOptions): Promise<AcquiredChain> {
  const [def, und] = await Promise.all([sources.chains.definition(symbol), sources.underlyings.underlying(symbol)]);
  const prefilter = prefilterContracts(def, und, o);
  if (o.maxContracts !== undefined && prefilter.contracts.length > o.maxContracts) {
    throw o.overBudget?.(prefilter.contracts.length) ?? new Error(`${symbol}: ${prefilter.contracts.length} contracts over the budget of ${o.maxContracts}`);
  }
  o.batches?.onStart?.({ def, underlying: und, prefilter });
  const batch = o.batches
    ? await requestQuotesInBatches(sources.quotes, prefilter.contracts, { ...o.batches, signal: o.signal })
    : await sources.quotes.requestQuotes({ contracts: prefilter.contracts, signal: o.signal });
  return { chain: chainFromDefinition(def, und, o.rate, batch.quotes), prefilter, missing: batch.missing };
}
