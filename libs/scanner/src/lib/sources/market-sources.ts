/**
 * The seam between the scanner and the market. The scanner never talks to the gateway: it asks these three
 * interfaces, which the ibkr-backed acquisition (reqSecDefOptParams + contract details; underlying ticks; option
 * quotes through the line manager and request coordinator) implements, and `InMemoryMarket` implements for tests.
 */
import type { ChainDefinition, OptionContract, OptionQuote, UnderlyingSnapshot } from '../chain/option-chain';

/** Static chain data: expiries, strikes, multipliers, conIds. Implementations cache it for the day. */
export interface ChainSource {
  /** Rejects with `UnknownSymbolError` when the symbol has no option chain. */
  definition(symbol: string): Promise<ChainDefinition>;
}

/** The underlying's spot, 30-day IV, IV history, dividend yield and next earnings date. */
export interface UnderlyingSource {
  underlying(symbol: string): Promise<UnderlyingSnapshot>;
}

export interface QuoteRequest {
  /** In priority order (the pre-filter puts the most plausible legs first); quote as many as the budget allows. */
  contracts: readonly OptionContract[];
  signal?: AbortSignal;
  /** Called as each contract is answered (any order), so a caller can use a share of the batch before it ends. */
  onResult?: (index: number, result: QuoteResult) => void;
}

/** One contract's answer: its quote, or why there is none. */
export type QuoteResult = { quote: OptionQuote } | { missing: QuoteMissingReason };

export type QuoteMissingReason = 'not-quoted' | 'no-market' | 'error' | 'aborted';

export interface QuoteBatch {
  /** By `contractKey(contract)`. A quote may lack greeks, volume or OI: the scanner flags, never drops, those. */
  quotes: ReadonlyMap<string, OptionQuote>;
  /** Contracts asked for that came back without a quote, and why. */
  missing: ReadonlyArray<{ key: string; reason: QuoteMissingReason }>;
}

/**
 * Option quotes (bid/ask, IV, model greeks, volume, OI, quote time). The ibkr implementation spends market-data
 * lines within the budget (rotating or snapshotting) and obeys the coordinator's backpressure; it may resolve with
 * partial results rather than waiting past the caller's abort signal.
 */
export interface QuoteSource {
  requestQuotes(request: QuoteRequest): Promise<QuoteBatch>;
}

export interface MarketSources {
  chains: ChainSource;
  underlyings: UnderlyingSource;
  quotes: QuoteSource;
}

export class UnknownSymbolError extends Error {
  readonly code = 'UNKNOWN_SYMBOL';
  constructor(readonly symbol: string) {
    super(`unknown symbol: ${symbol}`);
    this.name = 'UnknownSymbolError';
  }
}
