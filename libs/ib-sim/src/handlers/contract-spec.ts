import type { FieldReader } from '../protocol/fields';
import type { ContractDef, MarketModel, Right } from '../market/market-types';

/** The contract fields a request carries, as the client sent them ("" and 0 mean "not given"). */
export interface ContractSpec {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

/** Reads conId … tradingClass in the order reqMktData, reqContractDetails and reqHistoricalData share. */
export function readContractSpec(r: FieldReader): ContractSpec {
  return {
    conId: r.int(),
    symbol: r.str(),
    secType: r.str(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.float(),
    right: r.str(),
    multiplier: r.str(),
    exchange: r.str(),
    primaryExch: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
  };
}

/** Skips the BAG legs block (n, then conId, ratio, action, exchange per leg). */
export function skipComboLegs(r: FieldReader): number {
  const n = r.int();
  if (n < 0 || n > 100) throw new RangeError('bad combo leg count');
  r.skip(n * 4);
  return n;
}

function normRight(right: string): Right | undefined {
  const r = right.trim().toUpperCase();
  if (r === 'C' || r === 'CALL') return 'C';
  if (r === 'P' || r === 'PUT') return 'P';
  return undefined;
}

export type Resolution = { ok: true; contracts: ContractDef[] } | { ok: false; reason: 'unknown' | 'ambiguous' };

/**
 * Finds the contracts a spec names, as IB matches them: a conId alone is enough; otherwise the symbol and
 * secType with any further fields narrowing the match. Only USD contracts on SMART (or a listing exchange) exist.
 */
export function findContracts(market: MarketModel, spec: ContractSpec): ContractDef[] {
  const secType = spec.secType.trim().toUpperCase();
  if (spec.currency && spec.currency.toUpperCase() !== 'USD') return [];
  if (spec.conId > 0) {
    const c = market.contract(spec.conId);
    if (!c) return [];
    if (secType && secType !== c.secType) return [];
    if (spec.symbol && spec.symbol.toUpperCase() !== c.symbol) return [];
    return [c];
  }
  if (secType !== 'STK' && secType !== 'IND' && secType !== 'OPT') return [];
  if (!spec.symbol && !spec.localSymbol) return [];
  const expiry = spec.lastTradeDateOrContractMonth.trim();
  const found = market.findContracts({
    secType,
    symbol: spec.symbol ? spec.symbol.toUpperCase() : undefined,
    expiry: expiry || undefined,
    strike: spec.strike > 0 ? spec.strike : undefined,
    right: normRight(spec.right),
    localSymbol: spec.localSymbol || undefined,
  });
  if (spec.tradingClass) return found.filter((c) => c.secType !== 'OPT' || c.tradingClass === spec.tradingClass);
  return found;
}

/** One contract for a market-data or historical request. */
export function resolveOne(market: MarketModel, spec: ContractSpec): Resolution {
  const found = findContracts(market, spec);
  if (found.length === 0) return { ok: false, reason: 'unknown' };
  if (found.length > 1) return { ok: false, reason: 'ambiguous' };
  return { ok: true, contracts: found };
}

export function contractKey(c: ContractDef): string {
  return `${c.conId}`;
}
