import { OptionType, SecType, type Contract } from '@stoqey/ib';
import type { MarketModel, OptionDef } from '../market/market-types';

export const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });

/** An option of `symbol` near the money, about a month out, from the model. */
export function nearMoneyOption(market: MarketModel, symbol: string, right: 'C' | 'P' = 'C'): OptionDef {
  const spot = market.spot(symbol);
  const opts = market
    .findContracts({ secType: 'OPT', symbol, right })
    .filter((c): c is OptionDef & { secType: 'OPT' } => c.secType === 'OPT');
  const expiries = [...new Set(opts.map((o) => o.expiry))].sort();
  const expiry = expiries[Math.min(4, expiries.length - 1)];
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
});
