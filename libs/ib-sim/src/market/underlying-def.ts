/** Contract definitions of simulated underlyings: ETFs and stocks are both secType STK in IB. */
import type { UnderlyingDef } from './market-types';

export const etf = (
  conId: number,
  symbol: string,
  primaryExchange: string,
  longName: string,
  category: string,
): Omit<UnderlyingDef, 'earningsDate'> => ({
  conId,
  symbol,
  kind: 'ETF',
  currency: 'USD',
  primaryExchange,
  longName,
  industry: 'Funds',
  category,
});

export const stock = (
  conId: number,
  symbol: string,
  longName: string,
  industry: string,
  category: string,
): Omit<UnderlyingDef, 'earningsDate'> => ({
  conId,
  symbol,
  kind: 'STK',
  currency: 'USD',
  primaryExchange: 'NASDAQ',
  longName,
  industry,
  category,
});

/** An index (secType IND): SPX on CBOE, NDX on NASDAQ, RUT on RUSSELL, as IB lists them. */
export const index = (conId: number, symbol: string, exchange: string, longName: string): Omit<UnderlyingDef, 'earningsDate'> => ({
  conId,
  symbol,
  kind: 'IND',
  currency: 'USD',
  primaryExchange: exchange,
  longName,
  industry: 'Indices',
  category: 'Broad Range Equity Index',
});
