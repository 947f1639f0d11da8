import { normCdf } from '@ibsc/option-math';
import { bsm, impliedVol, type BsmInput } from './black-scholes';

const call = (spot: number, strike: number, t: number, r: number, q: number, sigma: number): BsmInput => ({
  spot,
  strike,
  t,
  r,
  q,
  sigma,
  right: 'C',
});

describe('normCdf', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1.96, 0.024997895148220435],
    [2.5, 0.9937903346742238],
    [-8, 6.22096057427178e-16],
  ])('N(%p) = %p', (x, expected) => {
    expect(Math.abs(normCdf(x) - expected)).toBeLessThan(1e-14 + 1e-12 * expected);
  });
});

describe('bsm golden values', () => {
  // Hull, Options, Futures and Other Derivatives, Example 15.6: S=42, K=40, r=10 %, σ=20 %, T=0.5.
  it('Hull 15.6 call and put', () => {
    expect(bsm(call(42, 40, 0.5, 0.1, 0, 0.2)).price).toBeCloseTo(4.759422, 5);
    expect(bsm({ ...call(42, 40, 0.5, 0.1, 0, 0.2), right: 'P' }).price).toBeCloseTo(0.808599, 5);
  });

  // Haug, The Complete Guide to Option Pricing Formulas, 1.1.1 (Black–Scholes) and 1.1.2 (Merton, with yield).
  it('Haug Black–Scholes call, Merton put, generalised put', () => {
    expect(bsm(call(60, 65, 0.25, 0.08, 0, 0.3)).price).toBeCloseTo(2.1334, 4);
    expect(bsm({ ...call(100, 95, 0.5, 0.1, 0.05, 0.2), right: 'P' }).price).toBeCloseTo(2.4648, 4);
    expect(bsm({ ...call(75, 70, 0.5, 0.1, 0.05, 0.35), right: 'P' }).price).toBeCloseTo(4.0870, 4);
  });

  // Hull Example 19.x (the 20-week call used for every greek): S=49, K=50, r=5 %, σ=20 %, T=20/52.
  it('Hull greeks example in IB units', () => {
    const res = bsm(call(49, 50, 20 / 52, 0.05, 0, 0.2));
    expect(res.price).toBeCloseTo(2.400527, 5);
    expect(res.delta).toBeCloseTo(0.521605, 5);
    expect(res.gamma).toBeCloseTo(0.065544, 5);
    expect(res.vega).toBeCloseTo(12.105480 / 100, 6); // per vol point
    expect(res.theta).toBeCloseTo(-4.305330 / 365, 6); // per calendar day
    expect(res.pvDividend).toBe(0);
  });

  it('pvDividend is S(1 − e^(−qT))', () => {
    expect(bsm(call(100, 100, 0.5, 0.05, 0.02, 0.2)).pvDividend).toBeCloseTo(100 * (1 - Math.exp(-0.01)), 10);
  });
});

describe('bsm properties', () => {
  const cases: [number, number, number, number, number, number][] = [
    [100, 80, 0.1, 0.045, 0.01, 0.3],
    [100, 100, 1, 0.045, 0.02, 0.15],
    [430, 500, 0.05, 0.045, 0, 0.6],
    [665, 600, 2, 0.03, 0.012, 0.22],
  ];

  it.each(cases)('put-call parity S=%p K=%p T=%p', (s, k, t, r, q, sigma) => {
    const c = bsm(call(s, k, t, r, q, sigma));
    const p = bsm({ ...call(s, k, t, r, q, sigma), right: 'P' });
    expect(c.price - p.price).toBeCloseTo(s * Math.exp(-q * t) - k * Math.exp(-r * t), 9);
    expect(c.delta - p.delta).toBeCloseTo(Math.exp(-q * t), 12);
    expect(c.gamma).toBeCloseTo(p.gamma, 12);
  });

  it.each(cases)('greeks match finite differences S=%p K=%p T=%p', (s, k, t, r, q, sigma) => {
    for (const right of ['C', 'P'] as const) {
      const base: BsmInput = { ...call(s, k, t, r, q, sigma), right };
      const at = (patch: Partial<BsmInput>): number => bsm({ ...base, ...patch }).price;
      const g = bsm(base);
      const h = s * 1e-4;
      expect(g.delta).toBeCloseTo((at({ spot: s + h }) - at({ spot: s - h })) / (2 * h), 6);
      expect(g.gamma).toBeCloseTo((at({ spot: s + h }) - 2 * g.price + at({ spot: s - h })) / (h * h), 4);
      expect(g.vega).toBeCloseTo((at({ sigma: sigma + 1e-5 }) - at({ sigma: sigma - 1e-5 })) / 2e-5 / 100, 6);
      const eps = 1e-5; // years
      expect(g.theta).toBeCloseTo((at({ t: t - eps }) - at({ t: t + eps })) / (2 * eps) / 365, 6);
    }
  });

  it('is worth intrinsic at expiry', () => {
    expect(bsm(call(110, 100, 0, 0.05, 0, 0.3)).price).toBeCloseTo(10, 12);
    expect(bsm(call(110, 100, 0, 0.05, 0, 0.3)).delta).toBe(1);
    expect(bsm({ ...call(110, 100, 0, 0.05, 0, 0.3), right: 'P' }).price).toBe(0);
  });
});

describe('impliedVol', () => {
  it('round-trips across strikes, expiries and vols', () => {
    for (const k of [50, 90, 100, 110, 180]) {
      for (const t of [2 / 365, 0.1, 1, 2]) {
        for (const sigma of [0.08, 0.25, 0.6, 1.5]) {
          for (const right of ['C', 'P'] as const) {
            const inp = { spot: 100, strike: k, t, r: 0.045, q: 0.01, right };
            const { price, vega } = bsm({ ...inp, sigma });
            if (vega < 1e-3) continue; // a price that says (almost) nothing about vol
            const iv = impliedVol(price, inp);
            expect(iv).toBeCloseTo(sigma, 5);
            expect(bsm({ ...inp, sigma: iv }).price).toBeCloseTo(price, 7);
          }
        }
      }
    }
  });

  it('returns NaN for prices below intrinsic, zero, or above the spot', () => {
    const inp = { spot: 100, strike: 80, t: 0.25, r: 0.045, q: 0, right: 'C' as const };
    expect(impliedVol(19, inp)).toBeNaN();
    expect(impliedVol(0, inp)).toBeNaN();
    expect(impliedVol(101, inp)).toBeNaN();
  });
});
