/**
 * The preview (nothing transmitted): IB's whatIf, the spread's economics and every risk check, as one view.
 * Whatever IB left unset (UNSET_DOUBLE or nothing) is null — "not available" — and listed in notAvailable.
 */
import type { MarginImpactView, PreviewView } from '@ibsc/shared-dto';
import type { WhatIfResult } from '../gateway/order-gateway';
import type { ComboQuote } from '../pricing/combo-quote';
import { ibNumber } from '../pricing/money';
import { spreadEconomics, type OrderAction, type VerticalShape, type VerticalSpec } from '../pricing/vertical';
import type { RiskDecision } from '../risk/risk-guard';

export interface PreviewInput {
  spec: VerticalSpec;
  shape: VerticalShape;
  action: OrderAction;
  quantity: number;
  orderType: 'LMT' | 'MKT';
  /** Signed BAG limit; null for MKT (the natural is used for max profit/loss). */
  limitPrice: number | null;
  quote: ComboQuote | null;
  /** null when the gateway gave no answer in time. */
  whatIf: WhatIfResult | null;
  risk: RiskDecision;
}

function money(n: number | null): number | null {
  return n === null ? null : Math.round(n * 100) / 100;
}

export function buildPreview(i: PreviewInput): PreviewView {
  const w = i.whatIf;
  const notAvailable: string[] = [];
  const val = (name: string, v: number | null | undefined): number | null => {
    const n = ibNumber(v ?? null);
    if (n === null) notAvailable.push(name);
    return n;
  };
  const impact = (name: string, before: number | null | undefined, change: number | null | undefined, after: number | null | undefined): MarginImpactView => ({
    before: val(`${name}.before`, before),
    change: val(`${name}.change`, change),
    after: val(`${name}.after`, after),
  });
  const initialMargin = impact('initialMargin', w?.initMarginBefore, w?.initMarginChange, w?.initMarginAfter);
  const maintenanceMargin = impact('maintenanceMargin', w?.maintMarginBefore, w?.maintMarginChange, w?.maintMarginAfter);
  const equityWithLoan = impact('equityWithLoan', w?.equityWithLoanBefore, w?.equityWithLoanChange, w?.equityWithLoanAfter);
  const commission = val('commission', w?.commission);
  const commissionMin = val('commissionMin', w?.minCommission);
  const commissionMax = val('commissionMax', w?.maxCommission);
  const buyingPowerChange = initialMargin.change === null ? null : money(-initialMargin.change - (commission ?? 0));
  if (buyingPowerChange === null) notAvailable.push('buyingPowerChange');

  // Economics at the limit, or at the natural for a market order.
  const price = i.limitPrice ?? (i.quote ? (i.action === 'BUY' ? i.quote.ask : i.quote.bid) : null);
  const eco = price === null ? null : spreadEconomics(i.shape, price, i.spec.multiplier);
  const sign = i.action === 'BUY' ? 1 : -1;
  const maxProfit = eco === null ? null : money((sign > 0 ? eco.maxProfit : eco.maxLoss) * i.quantity);
  const maxLoss = eco === null ? null : money((sign > 0 ? eco.maxLoss : eco.maxProfit) * i.quantity);
  if (eco === null) notAvailable.push('maxProfit', 'maxLoss', 'breakevens');

  const warnings: string[] = [];
  if (w?.warningText) warnings.push(w.warningText);
  if (!w) warnings.push('the gateway gave no whatIf answer: margin and commission are not available');
  if (i.orderType === 'MKT') warnings.push('market order: fills at whatever price the market offers');
  if (!i.quote) warnings.push('no two-sided quote for every leg');

  return {
    spreadType: i.shape.type,
    underlying: i.spec.underlying,
    expiry: i.shape.expiry,
    lowerStrike: i.shape.lowerStrike,
    upperStrike: i.shape.upperStrike,
    width: i.shape.width,
    action: i.action,
    quantity: i.quantity,
    orderType: i.orderType,
    limitPrice: i.limitPrice,
    quote: i.quote ? { bid: i.quote.bid, ask: i.quote.ask, mid: i.quote.mid } : null,
    initialMargin,
    maintenanceMargin,
    equityWithLoan,
    commission,
    commissionMin,
    commissionMax,
    commissionCurrency: w?.commissionCurrency ?? null,
    buyingPowerChange,
    maxProfit,
    maxLoss,
    breakevens: eco === null ? [] : [eco.breakeven],
    risk: i.risk.checks.map((c) => ({ rule: c.rule, passed: c.passed, message: c.message, limit: c.limit, actual: c.actual })),
    allowed: i.risk.allowed,
    warnings,
    notAvailable,
  };
}
