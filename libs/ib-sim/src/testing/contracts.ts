import { OptionType, SecType, type Contract } from '@stoqey/ib';
import type { MarketModel, OptionDef } from '../market/market-types';

export const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });

/** An index as IB names it: secType IND on its exchange (SPX, XSP: CBOE; NDX: NASDAQ; RUT: RUSSELL). */
export const indexContract = (symbol: string, exchange = 'CBOE'): Contract => ({ symbol, secType: SecType.IND, exchange, currency: 'USD' });

/** An option of `symbol` near the money, about a month out, from the model. */
export function nearMoneyOption(market: MarketModel, symbol: string, right: 'C' | 'P' = 'C', tradingClass?: string): OptionDef {
  const spot = market.spot(symbol);
  const opts = market
    .findContracts({ secType: 'OPT', symbol, right })
    .filter((c): c is OptionDef & { secType: 'OPT' } => c.secType === 'OPT' && (!tradingClass || c.tradingClass === tradingClass));
  const expiries = [...new Set(opts.map((o) => o.expiry))].sort();
  // About a month out: the first expiry at least 27 days after the first listed one (the fifth weekly, whether or
  // not the symbol also lists dailies), so a test's option is the same liquid series on every symbol.
  const day = (e: string): number => Date.UTC(Number(e.slice(0, 4)), Number(e.slice(4, 6)) - 1, Number(e.slice(6, 8))) / 86_400_000;
  const expiry = expiries.find((e) => day(e) >= day(expiries[0]) + 27) ?? expiries[expiries.length - 1];
  return opts
    .filter((o) => o.expiry === expiry)
    .sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot))[0];
}

export const optionContract = (o: OptionDef): Contract => ({
  symbol: o.symbol,
  secType: SecType.OPT,
  exchange: 'SMART',
  currency: 'USD',
  lastTradeDateOrContractMonth: o.expiry,
  strike: o.strike,
  right: o.right === 'C' ? OptionType.Call : OptionType.Put,
  multiplier: 100,
  // SPX and SPXW both list the third Friday: the trading class tells them apart.
  tradingClass: o.tradingClass,
});
