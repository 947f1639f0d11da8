import { quotesOf, vertical } from '../../testing/fixtures';
import type { WhatIfResult } from '../gateway/order-gateway';
import { comboQuote } from '../pricing/combo-quote';
import { UNSET_DOUBLE } from '../pricing/money';
import { classifyVertical } from '../pricing/vertical';
import type { RiskDecision } from '../risk/risk-guard';

import { buildPreview } from './order-preview';

const spec = vertical('bull-call');
const shape = classifyVertical(spec);
const quote = comboQuote(spec.legs, quotesOf(spec));
const risk: RiskDecision = {
  allowed: true,
  checks: [{ rule: 'max_contracts', passed: true, message: 'quantity 2 ≤ 10', limit: 10, actual: 2 }],
  tripKillSwitch: null,
  evaluatedAt: new Date(),
};
const whatIf: WhatIfResult = {
  initMarginBefore: 10000,
  maintMarginBefore: 9000,
  equityWithLoanBefore: 100000,
  initMarginChange: 610,
  maintMarginChange: 610,
  equityWithLoanChange: -2.6,
  initMarginAfter: 10610,
  maintMarginAfter: 9610,
  equityWithLoanAfter: 99997.4,
  commission: 2.6,
  minCommission: null,
  maxCommission: null,
  commissionCurrency: 'USD',
  warningText: null,
};

describe('buildPreview', () => {
  it('combines whatIf, economics and risk checks', () => {
    const p = buildPreview({ spec, shape, action: 'BUY', quantity: 2, orderType: 'LMT', limitPrice: 3.05, quote, whatIf, risk });
    expect(p).toMatchObject({
      spreadType: 'bull-call',
      limitPrice: 3.05,
      quote: { bid: 2.9, ask: 3.2, mid: 3.05 },
      initialMargin: { before: 10000, change: 610, after: 10610 },
      commission: 2.6,
      buyingPowerChange: -612.6,
      maxProfit: 390,
      maxLoss: 610,
      breakevens: [103.05],
      allowed: true,
      notAvailable: ['commissionMin', 'commissionMax'],
    });
    expect(p.risk).toEqual([{ rule: 'max_contracts', passed: true, message: 'quantity 2 ≤ 10', limit: 10, actual: 2 }]);
  });

  it('shows UNSET_DOUBLE placeholders as not available, never as a number', () => {
    const unset = { ...whatIf, initMarginBefore: UNSET_DOUBLE, initMarginChange: UNSET_DOUBLE, initMarginAfter: UNSET_DOUBLE, commission: UNSET_DOUBLE };
    const p = buildPreview({ spec, shape, action: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 3.05, quote, whatIf: unset, risk });
    expect(p.initialMargin).toEqual({ before: null, change: null, after: null });
    expect(p.commission).toBeNull();
    expect(p.buyingPowerChange).toBeNull();
    expect(p.notAvailable).toEqual(expect.arrayContaining(['initialMargin.before', 'initialMargin.change', 'initialMargin.after', 'commission', 'buyingPowerChange']));
    expect(JSON.stringify(p)).not.toMatch(/e\+30/);
  });

  it('without any whatIf answer, and for a market order priced at the natural', () => {
    const p = buildPreview({ spec, shape, action: 'BUY', quantity: 1, orderType: 'MKT', limitPrice: null, quote, whatIf: null, risk });
    expect(p.maintenanceMargin).toEqual({ before: null, change: null, after: null });
    expect(p.maxLoss).toBe(320);
    expect(p.warnings).toEqual(['the gateway gave no whatIf answer: margin and commission are not available', 'market order: fills at whatever price the market offers']);
  });
});
