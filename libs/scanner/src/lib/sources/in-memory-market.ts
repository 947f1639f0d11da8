/**
 * An in-memory implementation of all three sources, for tests and the benchmark: holds definitions, underlyings
 * and quotes set by the caller, and records what was asked for.
 */
import { contractKey, type ChainDefinition, type OptionQuote, type UnderlyingSnapshot } from '../chain/option-chain';
import {
  UnknownSymbolError,
  type ChainSource,
  type MarketSources,
  type QuoteBatch,
  type QuoteMissingReason,
  type QuoteRequest,
  type QuoteSource,
  type UnderlyingSource,
} from './market-sources';

export class InMemoryMarket implements ChainSource, UnderlyingSource, QuoteSource, MarketSources {
  readonly chains: ChainSource = this;
  readonly underlyings: UnderlyingSource = this;
  readonly quotes: QuoteSource = this;

  private readonly defs = new Map<string, ChainDefinition>();
  private readonly unders = new Map<string, UnderlyingSnapshot>();
  private readonly quoteBook = new Map<string, OptionQuote>();
  /** Every quote request, in order (tests assert what the pre-filter asked for). */
  readonly requests: string[][] = [];
  /** When set, only the first `budget` contracts of each request are quoted (the rest come back 'not-quoted'). */
  budget: number | null = null;

  setDefinition(def: ChainDefinition): this {
    this.defs.set(def.symbol, def);
    return this;
  }

  setUnderlying(u: UnderlyingSnapshot): this {
    this.unders.set(u.symbol, u);
    return this;
  }

  setQuote(key: string, quote: OptionQuote): this {
    this.quoteBook.set(key, quote);
    return this;
  }

  deleteQuote(key: string): this {
    this.quoteBook.delete(key);
    return this;
  }

  quoteFor(key: string): OptionQuote | undefined {
    return this.quoteBook.get(key);
  }

  async definition(symbol: string): Promise<ChainDefinition> {
    const def = this.defs.get(symbol);
    if (!def) throw new UnknownSymbolError(symbol);
    return def;
  }

  async underlying(symbol: string): Promise<UnderlyingSnapshot> {
    const u = this.unders.get(symbol);
    if (!u) throw new UnknownSymbolError(symbol);
    return u;
  }

  async requestQuotes(request: QuoteRequest): Promise<QuoteBatch> {
    const keys = request.contracts.map(contractKey);
    this.requests.push(keys);
    const quotes = new Map<string, OptionQuote>();
    const missing: Array<{ key: string; reason: QuoteMissingReason }> = [];
    const miss = (i: number, key: string, reason: QuoteMissingReason): void => {
      missing.push({ key, reason });
      request.onResult?.(i, { missing: reason });
    };
    keys.forEach((key, i) => {
      if (request.signal?.aborted) return miss(i, key, 'aborted');
      if (this.budget !== null && i >= this.budget) return miss(i, key, 'not-quoted');
      const q = this.quoteBook.get(key);
      if (!q) return miss(i, key, 'no-market');
      quotes.set(key, q);
      request.onResult?.(i, { quote: q });
      return undefined;
    });
    return { quotes, missing };
  }
}
