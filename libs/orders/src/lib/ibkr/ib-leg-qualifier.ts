/** LegQualifier through contract details (conIds are immutable: cached for the process). */
import type { Contract } from '@stoqey/ib';
import { contractDetailsRequest, IbRequestError, type RequestCoordinator } from '@ibsc/ibkr';
import type { LegQualifier } from '../gateway/order-gateway';
import { OrdersErrors } from '../orders-error';

export function optionContract(underlying: string, leg: { expiry: string; strike: number; right: 'C' | 'P' }, tradingClass?: string): Contract {
  return {
    ...(tradingClass ? { tradingClass } : {}),
    symbol: underlying,
    secType: 'OPT',
    exchange: 'SMART',
    currency: 'USD',
    lastTradeDateOrContractMonth: leg.expiry,
    strike: leg.strike,
    right: leg.right,
    multiplier: 100,
  } as Contract;
}

export class IbLegQualifier implements LegQualifier {
  private readonly cache = new Map<string, number>();

  constructor(private readonly coordinator: RequestCoordinator) {}

  /**
   * Both legs in one trading class (IB refuses a combo across classes): `tradingClass` when given (SPXW), else the
   * only class listing that contract, else the class named like the symbol (SPX, not SPXW, on a third Friday).
   */
  async qualify(underlying: string, legs: ReadonlyArray<{ expiry: string; strike: number; right: 'C' | 'P' }>, tradingClass?: string): Promise<number[]> {
    return Promise.all(legs.map((l) => this.one(underlying, l, tradingClass)));
  }

  private async one(underlying: string, leg: { expiry: string; strike: number; right: 'C' | 'P' }, tradingClass?: string): Promise<number> {
    const key = `${underlying}|${leg.expiry}|${leg.strike}|${leg.right}|${tradingClass ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const label = `${underlying}${tradingClass ? ` (${tradingClass})` : ''} ${leg.expiry} ${leg.strike}${leg.right}`;
    let conIds: number[];
    try {
      const details = await this.coordinator.submit(contractDetailsRequest(optionContract(underlying, leg, tradingClass), { lane: 'order-data' }));
      conIds = [...new Set(details.map((d) => d.contract.conId).filter((c): c is number => typeof c === 'number' && c > 0))];
      // No class named and two listed (SPX and SPXW on a third Friday): the symbol's own class, as a scanner id
      // without a class suffix means (libs/scanner spread-id.ts).
      if (conIds.length > 1 && !tradingClass) {
        const own = [...new Set(details.filter((d) => d.contract.tradingClass === underlying).map((d) => d.contract.conId as number))];
        if (own.length === 1) conIds = own;
      }
    } catch (e) {
      if (e instanceof IbRequestError && e.failure === 'rejected') throw OrdersErrors.invalidSpread(`no option ${label} at the gateway`);
      // disconnected, stopped (a deposed session owner stops its layer mid-request), timed out: a 503, never a 500
      if (e instanceof IbRequestError) throw OrdersErrors.gatewayUnavailable(e.message);
      throw e;
    }
    if (conIds.length === 0) throw OrdersErrors.invalidSpread(`no option ${label} at the gateway`);
    if (conIds.length > 1) throw OrdersErrors.invalidSpread(`option ${label} is ambiguous (${conIds.length} contracts: name the trading class, e.g. SPX or SPXW)`);
    this.cache.set(key, conIds[0]);
    return conIds[0];
  }
}
