import { makeSpreadRow } from '../../../testing/spread-row.fixture';
import { normCdf, optionValue, payoffCurves, spreadPnl } from './payoff';

describe('payoff math', () => {
  it('has a normal CDF accurate to textbook values', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 7);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normCdf(-1)).toBeCloseTo(0.1586553, 6);
  });

  it('prices a textbook option and keeps put–call parity (r = 0)', () => {
    // S = K = 100, σ = 20 %, T = 1: call = put = 7.9656
    expect(optionValue('C', 100, 100, 1, 0.2)).toBeCloseTo(7.9656, 3);
    const c = optionValue('C', 105, 100, 0.5, 0.3);
    const p = optionValue('P', 105, 100, 0.5, 0.3);
    expect(c - p).toBeCloseTo(5, 8);
    expect(optionValue('P', 90, 100, 0, 0.3)).toBe(10);
  });

  it('gives a credit spread its max profit above the short strike, its max loss below the long one, zero at breakeven', () => {
    const row = makeSpreadRow({ expectedFill: 1, breakeven: 449 }); // bull put 450/445, credit 1.00, ×100
    expect(spreadPnl(row, 460, 0)).toBeCloseTo(100, 8);
    expect(spreadPnl(row, 440, 0)).toBeCloseTo(-400, 8);
    expect(spreadPnl(row, 449, 0)).toBeCloseTo(0, 8);
  });

  it('pays a debit spread the width minus the debit', () => {
    const row = makeSpreadRow({
      type: 'bull-call',
      side: 'debit',
      short: { ...makeSpreadRow().short, right: 'C', strike: 110 },
      long: { ...makeSpreadRow().long, right: 'C', strike: 105 },
      expectedFill: 2,
      width: 5,
    });
    expect(spreadPnl(row, 120, 0)).toBeCloseTo(300, 8);
    expect(spreadPnl(row, 100, 0)).toBeCloseTo(-200, 8);
  });

  it('samples a range covering both strikes, breakeven and spot; today lies between the expiry extremes', () => {
    const row = makeSpreadRow();
    const c = payoffCurves(row);
    expect(c.lo).toBeLessThan(445);
    expect(c.hi).toBeGreaterThan(row.spot);
    expect(c.prices).toHaveLength(121);
    const maxP = Math.max(...c.expiry);
    const minP = Math.min(...c.expiry);
    for (const v of c.today) {
      expect(v).toBeLessThanOrEqual(maxP + 1e-9);
      expect(v).toBeGreaterThanOrEqual(minP - 1e-9);
    }
  });
});
