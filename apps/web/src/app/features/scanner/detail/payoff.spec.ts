import { makeSpreadRow } from '../../../testing/spread-row.fixture';
import { payoffCurves, spreadPnl, spreadValue } from './payoff';

/** The scanner's worked example (docs/scanner.md): bull put 100/95 on 101, 30 days, σ 0.2, r = q = 0, fill 1.175. */
function handRow(over: Parameters<typeof makeSpreadRow>[0] = {}) {
  const base = makeSpreadRow();
  return makeSpreadRow({
    spot: 101,
    width: 5,
    short: { ...base.short, right: 'P', strike: 100, iv: 0.2 },
    long: { ...base.long, right: 'P', strike: 95, iv: 0.2 },
    expectedFill: 1.175,
    breakeven: 98.825,
    ivAtBreakeven: 0.2,
    yearsToExpiry: 30 / 365,
    rate: 0,
    dividendYield: 0,
    quantity: 1,
    ...over,
  });
}

describe('payoff math (the rows\' model: @ibsc/option-math with the row\'s r, q, T and σ at the breakeven)', () => {
  it('today at spot is the row\'s expected value: the scanner\'s golden EV (scipy), to 1e-7', () => {
    // spread-metrics.spec.ts: EV of this row = −24.78810454619669 per spread (no fees).
    const row = handRow();
    expect(Math.abs(spreadPnl(row, 101, row.yearsToExpiry) - -24.78810454619669)).toBeLessThan(1e-7);
  });

  it('uses the row\'s rate, dividend yield and honest T (not r = 0 and DTE/365), matching scipy', () => {
    const row = handRow({ rate: 0.045, dividendYield: 0.012, yearsToExpiry: 20.5 / 365, dte: 20, ivAtBreakeven: 0.23 });
    expect(Math.abs(spreadPnl(row, 101, row.yearsToExpiry) - -13.94650035129661)).toBeLessThan(1e-7);
  });

  it('values the spread with σ at the breakeven on both legs (as EV does), whatever the legs\' own IVs', () => {
    const a = handRow();
    const b = handRow({ short: { ...a.short, iv: 0.35 }, long: { ...a.long, iv: 0.5 } });
    expect(spreadValue(b, 101, a.yearsToExpiry)).toBe(spreadValue(a, 101, a.yearsToExpiry));
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
