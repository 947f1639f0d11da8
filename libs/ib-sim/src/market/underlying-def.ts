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
