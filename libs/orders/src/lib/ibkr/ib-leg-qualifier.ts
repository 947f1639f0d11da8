/** LegQualifier through contract details (conIds are immutable: cached for the process). */
import type { Contract } from '@stoqey/ib';
import { contractDetailsRequest, IbRequestError, type RequestCoordinator } from '@ibsc/ibkr';
import type { LegQualifier } from '../gateway/order-gateway';
import { OrdersErrors } from '../orders-error';

export function optionContract(underlying: string, leg: { expiry: string; strike: number; right: 'C' | 'P' }): Contract {
  return {
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

  async qualify(underlying: string, legs: ReadonlyArray<{ expiry: string; strike: number; right: 'C' | 'P' }>): Promise<number[]> {
    return Promise.all(legs.map((l) => this.one(underlying, l)));
  }

  private async one(underlying: string, leg: { expiry: string; strike: number; right: 'C' | 'P' }): Promise<number> {
    const key = `${underlying}|${leg.expiry}|${leg.strike}|${leg.right}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const label = `${underlying} ${leg.expiry} ${leg.strike}${leg.right}`;
    let conIds: number[];
    try {
      const details = await this.coordinator.submit(contractDetailsRequest(optionContract(underlying, leg), { lane: 'order-data' }));
      conIds = [...new Set(details.map((d) => d.contract.conId).filter((c): c is number => typeof c === 'number' && c > 0))];
    } catch (e) {
      if (e instanceof IbRequestError && e.failure === 'rejected') throw OrdersErrors.invalidSpread(`no option ${label} at the gateway`);
      // disconnected, stopped (a deposed session owner stops its layer mid-request), timed out: a 503, never a 500
      if (e instanceof IbRequestError) throw OrdersErrors.gatewayUnavailable(e.message);
      throw e;
    }
    if (conIds.length === 0) throw OrdersErrors.invalidSpread(`no option ${label} at the gateway`);
    if (conIds.length > 1) throw OrdersErrors.invalidSpread(`option ${label} is ambiguous (${conIds.length} contracts)`);
    this.cache.set(key, conIds[0]);
    return conIds[0];
  }
}
