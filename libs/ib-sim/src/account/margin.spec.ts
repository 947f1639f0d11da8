import type { ContractDef } from '../market/market-types';
import { nakedShortRequirement, portfolioMargin, type MarginPosition } from './margin';

const opt = (strike: number, right: 'C' | 'P', expiry = '20261218'): ContractDef => ({
  secType: 'OPT',
  conId: strike * 10 + (right === 'P' ? 1 : 0),
  symbol: 'SPY',
  underConId: 1,
  expiry,
  strike,
  right,
  multiplier: 100,
  tradingClass: 'SPY',
  localSymbol: '',
  exchange: 'SMART',
  currency: 'USD',
  settlement: 'PM',
  exercise: 'american',
  cashSettled: false,
});
const stk: ContractDef = {
  secType: 'STK',
  conId: 1,
  symbol: 'SPY',
  kind: 'ETF',
  currency: 'USD',
  primaryExchange: 'ARCA',
  longName: '',
  industry: '',
  category: '',
};
const pos = (def: ContractDef, position: number, mark: number): MarginPosition => ({ conId: def.conId, def, position, mark });
const spot = () => 100;

describe('portfolioMargin', () => {
  it('credit vertical: width × 100 × qty − credit', () => {
    // short 100P at 3.00, long 95P at 1.00: credit 2.00, width 5
    const m = portfolioMargin([pos(opt(100, 'P'), -2, 3), pos(opt(95, 'P'), 2, 1)], spot);
    expect(m.init).toBeCloseTo(5 * 100 * 2 - 2 * 100 * 2, 6);
    expect(m.maint).toBeCloseTo(m.init, 6);
  });

  it('debit vertical: the debit', () => {
    const m = portfolioMargin([pos(opt(100, 'C'), 1, 4), pos(opt(105, 'C'), -1, 1.5)], spot);
    expect(m.init).toBeCloseTo(250, 6);
  });

  it('naked short put and call: Reg T 20 % − OTM, floored at 10 %', () => {
    expect(nakedShortRequirement('P', 90, 100)).toBeCloseTo(10, 6); // max(20 − 10, 9)
    expect(nakedShortRequirement('P', 70, 100)).toBeCloseTo(7, 6); // max(20 − 30, 7)
    expect(nakedShortRequirement('C', 130, 100)).toBeCloseTo(10, 6); // max(20 − 30, 10)
    const m = portfolioMargin([pos(opt(90, 'P'), -3, 1)], spot);
    expect(m.init).toBeCloseTo(10 * 100 * 3, 6);
  });

  it('long options need their value; stock is Reg T 50 % / 25 %; a covered call adds nothing', () => {
    expect(portfolioMargin([pos(opt(100, 'C'), 2, 4)], spot).init).toBeCloseTo(800, 6);
    const m = portfolioMargin([pos(stk, 200, 100), pos(opt(110, 'C'), -2, 1)], spot);
    expect(m.init).toBeCloseTo(10_000, 6);
    expect(m.maint).toBeCloseTo(5_000, 6);
  });

  it('pairs only within one expiry and right; an unpaired short is naked', () => {
    const m = portfolioMargin([pos(opt(100, 'P'), -1, 3), pos(opt(95, 'P', '20270115'), 1, 1)], spot);
    expect(m.init).toBeCloseTo(20 * 100 + 100, 6); // naked 100P at spot 100 (20 %) + long value
  });
});
