/**
 * The three scanner sources on the IBKR connection layer, wired together: the chain source tells the underlying
 * source each underlying's conId, and `release()` gives back every line the sources hold (on scan stop).
 */
import type { MarketSources } from '../sources/market-sources';
import { IbkrChainSource, type IbkrChainSourceOptions } from './ibkr-chain-source';
import type { IbkrPorts } from './ibkr-ports';
import { IbkrQuoteSource, type IbkrQuoteSourceOptions } from './ibkr-quote-source';
import { IbkrUnderlyingSource, type IbkrUnderlyingSourceOptions } from './ibkr-underlying-source';

export interface IbkrMarketSourcesOptions {
  chains?: IbkrChainSourceOptions;
  underlyings?: Omit<IbkrUnderlyingSourceOptions, 'conIdOf' | 'refOf'>;
  quotes?: IbkrQuoteSourceOptions;
}

export interface IbkrMarketSources extends MarketSources {
  chains: IbkrChainSource;
  underlyings: IbkrUnderlyingSource;
  quotes: IbkrQuoteSource;
  /** Releases the underlying lines (option lines are released as each quote completes). */
  release(): void;
}

export function createIbkrMarketSources(ports: IbkrPorts, options: IbkrMarketSourcesOptions = {}): IbkrMarketSources {
  const chains = new IbkrChainSource(ports, options.chains);
  const underlyings = new IbkrUnderlyingSource(ports, { ...options.underlyings, conIdOf: (s) => chains.underlyingConId(s), refOf: (s) => chains.underlyingRef(s) });
  const quotes = new IbkrQuoteSource(ports, options.quotes);
  return { chains, underlyings, quotes, release: () => underlyings.release() };
}
