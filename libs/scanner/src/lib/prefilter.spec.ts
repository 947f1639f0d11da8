import { bsGreeks } from './math/black-scholes';
import { listedContracts } from './chain/option-chain';
import { HAND_NOW } from './testing/hand-chain';
import { syntheticMarket } from './testing/synthetic-market';
import { prefilterContracts } from './prefilter';

const now = HAND_NOW;
const m = syntheticMarket({ now, underlyings: [{ symbol: 'SPY', spot: 665, iv: 0.16, increment: 1, dividendYield: 0.012 }], expiries: 12, strikesPerExpiry: 120 });
const def = m.definitions[0];
const und = m.underlyings[0];

describe('prefilterContracts', () => {
  it('keeps only expiries inside the DTE window', () => {
    const r = prefilterContracts(def, und, { now, rate: m.rate, spreadTypes: ['bull-put'], widths: [5], dte: { min: 20, max: 60 } });
    expect(r.expiries.length).toBeGreaterThan(0);
    expect(r.expiries.every((e) => e.dte >= 20 && e.dte <= 60)).toBe(true);
    expect(new Set(r.contracts.map((c) => c.expiry))).toEqual(new Set(r.expiries.map((e) => e.expiry)));
  });

  it('keeps every short leg whose local Black–Scholes |Δ| is in range, plus the long legs a width away', () => {
    const widths = [5];
    const r = prefilterContracts(def, und, { now, rate: m.rate, spreadTypes: ['bull-put'], widths, dte: { max: 60 }, shortDelta: { min: 0.2, max: 0.3 }, deltaSlack: 0, volSlack: 0 });
    const kept = new Set(r.contracts.map((c) => `${c.expiry}${c.right}${c.strike}`));
    for (const e of def.expiries) {
      const pe = r.expiries.find((x) => x.expiry === e.expiry);
      if (!pe) continue;
      const t = (e.expiresAt - now) / (365 * 86_400_000);
      for (const k of e.strikes) {
        const d = Math.abs(bsGreeks({ right: 'P', spot: und.spot, strike: k, t, rate: m.rate, dividendYield: und.dividendYield, vol: und.iv as number }).delta);
        if (d >= 0.2 + 1e-6 && d <= 0.3 - 1e-6) {
          expect(kept.has(`${e.expiry}P${k}`)).toBe(true);
          if (e.strikes.includes(k - 5)) expect(kept.has(`${e.expiry}P${k - 5}`)).toBe(true);
        }
      }
    }
    expect(r.contracts.every((c) => c.right === 'P')).toBe(true);
    expect(r.contracts.length).toBeLessThan(r.listed / 5);
    expect(r.listed).toBe(listedContracts(def).length);
  });

  it('orders contracts by plausibility: the middle of the delta range first', () => {
    const r = prefilterContracts(def, und, { now, rate: m.rate, spreadTypes: ['bear-call'], widths: [5], dte: { min: 25, max: 40 }, shortDelta: { min: 0.15, max: 0.35 } });
    const first = r.contracts[0];
    const e = def.expiries.find((x) => x.expiry === first.expiry);
    const t = ((e?.expiresAt ?? 0) - now) / (365 * 86_400_000);
    const d = bsGreeks({ right: 'C', spot: und.spot, strike: first.strike, t, rate: m.rate, dividendYield: und.dividendYield, vol: und.iv as number }).delta;
    expect(Math.abs(d - 0.25)).toBeLessThan(0.05);
    const last = r.contracts[r.contracts.length - 1];
    const el = def.expiries.find((x) => x.expiry === last.expiry);
    const tl = ((el?.expiresAt ?? 0) - now) / (365 * 86_400_000);
    const dl = bsGreeks({ right: 'C', spot: und.spot, strike: last.strike, t: tl, rate: m.rate, dividendYield: und.dividendYield, vol: und.iv as number }).delta;
    expect(Math.abs(dl - 0.25)).toBeGreaterThan(Math.abs(d - 0.25));
  });

  it('without an IV (or without a delta range) keeps every strike of the kept expiries', () => {
    const noIv = prefilterContracts(def, { ...und, iv: null }, { now, rate: m.rate, spreadTypes: ['bull-put', 'bear-call'], widths: [5], dte: { max: 30 }, shortDelta: { min: 0.2, max: 0.3 } });
    expect(noIv.ivUsed).toBeNull();
    expect(noIv.contracts.length).toBe(noIv.expiries.length * 120 * 2);
    const noRange = prefilterContracts(def, und, { now, rate: m.rate, spreadTypes: ['bull-put'], widths: [5], dte: { max: 30 } });
    expect(noRange.contracts.length).toBe(noRange.expiries.length * 120);
  });
});
