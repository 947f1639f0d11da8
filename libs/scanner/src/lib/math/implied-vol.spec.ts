import { bsGreeks, bsPrice, type BsInputs } from './black-scholes';
import { impliedVol } from './implied-vol';

describe('impliedVol', () => {
  it('round-trips prices across moneyness, expiry and vol', () => {
    for (const right of ['C', 'P'] as const)
      for (const strike of [60, 90, 100, 115, 160])
        for (const t of [2 / 365, 0.1, 1, 3])
          for (const vol of [0.05, 0.2, 0.6, 1.5]) {
            const inputs: Omit<BsInputs, 'vol'> = { right, spot: 100, strike, t, rate: 0.03, dividendYield: 0.01 };
            const price = bsPrice({ ...inputs, vol });
            if (price < 1e-6) continue; // no vol information left in the price
            const iv = impliedVol(price, inputs);
            expect(iv).not.toBeNull();
            expect(Math.abs(bsPrice({ ...inputs, vol: iv as number }) - price)).toBeLessThan(1e-8);
            // Where the price still carries vol information, the vol itself comes back.
            if (bsGreeks({ ...inputs, vol }).vega > 1e-3) expect(iv as number).toBeCloseTo(vol, 5);
          }
  });

  it('recovers Hull 15.6 σ = 20 % from c = 4.759422392871532', () => {
    expect(impliedVol(4.759422392871532, { right: 'C', spot: 42, strike: 40, t: 0.5, rate: 0.1, dividendYield: 0 })).toBeCloseTo(0.2, 10);
  });

  it('returns null outside the no-arbitrage bounds or at expiry', () => {
    const i = { right: 'C' as const, spot: 100, strike: 90, t: 0.5, rate: 0, dividendYield: 0 };
    expect(impliedVol(9.5, i)).toBeNull(); // below intrinsic 10
    expect(impliedVol(101, i)).toBeNull(); // above spot
    expect(impliedVol(12, { ...i, t: 0 })).toBeNull();
  });
});
