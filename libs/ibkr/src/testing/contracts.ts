import { Contract, SecType } from '@stoqey/ib';

/** Contracts the simulator knows. */
export const SPY_STOCK: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

export function stock(symbol: string): Contract {
  return { symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
}

export function byConId(conId: number): Contract {
  return { conId, exchange: 'SMART' };
}
