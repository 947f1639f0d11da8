import type { NewOrder } from '../lib/submission/new-order';
import type { RiskDecision } from '../lib/risk/risk-guard';
import { classifyVertical } from '../lib/pricing/vertical';
import type { LegQuote } from '../lib/pricing/combo-quote';
import type { OrderAction, OptionRight, VerticalSpec, VerticalType } from '../lib/pricing/vertical';

/** SPY 2026-12-18, strikes 100/105: the golden quotes every pricing test uses. */
export const EXPIRY = '20261218';
export const QUOTES: Record<string, LegQuote & { conId: number }> = {
  C100: { conId: 1100, bid: 6.0, ask: 6.2 },
  C105: { conId: 1105, bid: 3.0, ask: 3.1 },
  P100: { conId: 2100, bid: 2.1, ask: 2.2 },
  P105: { conId: 2105, bid: 4.0, ask: 4.3 },
};

const LEGS: Record<VerticalType, [string, string]> = {
  'bull-call': ['C100', 'C105'],
  'bear-call': ['C105', 'C100'],
  'bull-put': ['P100', 'P105'],
  'bear-put': ['P105', 'P100'],
};

/** The vertical in canonical form: first named leg BUY, second SELL. */
export function vertical(type: VerticalType, underlying = 'SPY'): VerticalSpec {
  const [long, short] = LEGS[type];
  const leg = (name: string, action: OrderAction) => ({
    conId: QUOTES[name].conId,
    expiry: EXPIRY,
    strike: Number(name.slice(1)),
    right: name[0] as OptionRight,
    action,
    ratio: 1,
  });
  return { underlying, multiplier: 100, legs: [leg(long, 'BUY'), leg(short, 'SELL')] };
}

export function quotesOf(spec: VerticalSpec): LegQuote[] {
  return spec.legs.map((l) => Object.values(QUOTES).find((q) => q.conId === l.conId) as LegQuote);
}


export const PASSED_RISK: RiskDecision = {
  allowed: true,
  checks: [{ rule: 'max_contracts', passed: true, message: 'quantity 1 ≤ 10', limit: 10, actual: 1 }],
  tripKillSwitch: null,
  evaluatedAt: new Date('2026-11-23T15:00:00Z'),
};

export function newOrder(type: VerticalType = 'bull-call', over: Partial<NewOrder> = {}): NewOrder {
  const spec = vertical(type);
  return {
    intent: 'open',
    positionKey: null,
    parentOrderId: null,
    exitRole: null,
    ocaGroup: null,
    spec,
    shape: classifyVertical(spec),
    action: 'BUY',
    quantity: 2,
    orderType: 'LMT',
    limitPrice: 3.05,
    auxPrice: null,
    priceMode: 'mid',
    tif: 'DAY',
    walk: null,
    takeProfitPct: 50,
    stopLossPct: null,
    midAtSubmit: 3.05,
    account: 'DU1234567',
    ...over,
  };
}
