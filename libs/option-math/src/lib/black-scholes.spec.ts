import { normInv } from './normal';
import { bsGreeks, bsPrice, d1d2, strikeForDelta, type BsInputs } from './black-scholes';

const hull156: Omit<BsInputs, 'right'> = { spot: 42, strike: 40, t: 0.5, rate: 0.1, dividendYield: 0, vol: 0.2 };
const hull19: Omit<BsInputs, 'right'> = { spot: 49, strike: 50, t: 20 / 52, rate: 0.05, dividendYield: 0, vol: 0.2 };
const withDiv: Omit<BsInputs, 'right'> = { spot: 100, strike: 95, t: 0.75, rate: 0.05, dividendYield: 0.02, vol: 0.25 };

describe('Black–Scholes against Hull', () => {
  it('Example 15.6 (S=42, K=40, r=10%, σ=20%, T=0.5): d1, d2, c = 4.76, p = 0.81', () => {
    const [d1, d2] = d1d2(42, 40, 0.5, 0.1, 0, 0.2);
    expect(d1).toBeCloseTo(0.7693, 4);
    expect(d2).toBeCloseTo(0.6278, 4);
    expect(bsPrice({ ...hull156, right: 'C' })).toBeCloseTo(4.76, 2);
    expect(bsPrice({ ...hull156, right: 'P' })).toBeCloseTo(0.81, 2);
    // Full precision (scipy): 4.759422392871532 and 0.8085993729000922.
    expect(Math.abs(bsPrice({ ...hull156, right: 'C' }) - 4.759422392871532)).toBeLessThan(1e-4);
    expect(Math.abs(bsPrice({ ...hull156, right: 'P' }) - 0.8085993729000922)).toBeLessThan(1e-4);
  });

  it('Chapter 19 example (S=49, K=50, r=5%, σ=20%, 20 weeks): the printed greeks', () => {
    const g = bsGreeks({ ...hull19, right: 'C' });
    expect(g.price).toBeCloseTo(2.4, 2);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.vega).toBeCloseTo(12.1, 1);
    expect(g.theta).toBeCloseTo(-4.31, 2);
    expect(g.rho).toBeCloseTo(8.91, 2);
  });

  it.each([
    ['C', hull19, { price: 2.4005273232717137, delta: 0.5216046610663964, gamma: 0.06554403934784439, vega: 12.105479882628801, theta: -4.305329822932573, rho: 8.906961949608348 }],
    ['P', hull19, { price: 2.448175441281851, delta: -0.47839533893360364, gamma: 0.06554403934784439, vega: 12.105479882628801, theta: -1.8529474170320668, rho: -9.957518095780165 }],
    ['C', withDiv, { price: 12.1630477115284, delta: 0.6632921841683713, gamma: 0.016410824240452263, vega: 30.77029545084799, theta: -6.510106742070026, rho: 40.62462802898155 }],
    ['P', withDiv, { price: 5.1553234347002075, delta: -0.3218197554346913, gamma: 0.016410824240452263, vega: 30.77029545084799, theta: -3.9051571371022478, rho: -28.002974233626997 }],
  ] as const)('%s greeks match the independent reference to 1e-4 (%#)', (right, inputs, ref) => {
    const g = bsGreeks({ ...inputs, right });
    for (const k of ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const) expect(Math.abs(g[k] - ref[k])).toBeLessThan(1e-4);
  });

  it('satisfies put–call parity c − p = S·e^{−qT} − K·e^{−rT}', () => {
    for (const i of [hull156, hull19, withDiv, { ...withDiv, strike: 140, vol: 0.6 }]) {
      const c = bsPrice({ ...i, right: 'C' });
      const p = bsPrice({ ...i, right: 'P' });
      expect(c - p).toBeCloseTo(i.spot * Math.exp(-i.dividendYield * i.t) - i.strike * Math.exp(-i.rate * i.t), 12);
    }
  });

  it('greeks agree with finite differences of the price', () => {
    const i: BsInputs = { ...withDiv, right: 'P' };
    const g = bsGreeks(i);
    const h = 1e-4;
    expect((bsPrice({ ...i, spot: i.spot + h }) - bsPrice({ ...i, spot: i.spot - h })) / (2 * h)).toBeCloseTo(g.delta, 7);
    expect((bsPrice({ ...i, vol: i.vol + h }) - bsPrice({ ...i, vol: i.vol - h })) / (2 * h)).toBeCloseTo(g.vega, 5);
    expect(-(bsPrice({ ...i, t: i.t + h }) - bsPrice({ ...i, t: i.t - h })) / (2 * h)).toBeCloseTo(g.theta, 5);
  });

  it('at expiry is worth intrinsic, with delta 0 or ±1', () => {
    expect(bsPrice({ ...hull156, t: 0, right: 'C' })).toBe(2);
    expect(bsPrice({ ...hull156, t: 0, right: 'P' })).toBe(0);
    expect(bsGreeks({ ...hull156, t: 0, right: 'C' }).delta).toBe(1);
    expect(bsGreeks({ ...hull156, t: 0, right: 'P' }).delta).toBe(0);
  });

  it('strikeForDelta inverts delta for calls and puts', () => {
    for (const right of ['C', 'P'] as const) {
      for (const d of [0.1, 0.3, 0.5]) {
        const k = strikeForDelta(right, d, 100, 0.25, 0.04, 0.01, 0.3, normInv);
        expect(Math.abs(bsGreeks({ right, spot: 100, strike: k, t: 0.25, rate: 0.04, dividendYield: 0.01, vol: 0.3 }).delta)).toBeCloseTo(d, 10);
      }
    }
    expect(strikeForDelta('C', 1.2, 100, 0.25, 0, 0, 0.3, normInv)).toBeNaN();
  });
});
