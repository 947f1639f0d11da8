import { contractKey, listedContracts, type OptionQuote } from '../chain/option-chain';
import { syntheticMarket } from '../testing/synthetic-market';
import { anchorContracts, QuoteEstimator } from './quote-estimator';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);

describe('QuoteEstimator', () => {
  const m = syntheticMarket({ now: NOW, seed: 3, expiries: 6, strikesPerExpiry: 80, underlyings: [{ symbol: 'SPY', spot: 665, iv: 0.16, increment: 1, dividendYield: 0.012 }] });
  const def = m.definitions[0];
  const und = m.underlyings[0];
  const expiries = new Set(def.expiries.map((e) => e.expiry));
  const anchors = anchorContracts(def, und, expiries, NOW, m.rate);
  const quotes = new Map<string, OptionQuote>(anchors.map((c) => [contractKey(c), m.quotes.get(contractKey(c)) as OptionQuote]));
  const est = new QuoteEstimator(def, und, m.rate, NOW, quotes);

  it('anchors: a few strikes per expiry, out of the money (both at the money), nearest the money first', () => {
    expect(anchors.length / def.expiries.length).toBeLessThanOrEqual(16);
    expect(anchors.length / def.expiries.length).toBeGreaterThanOrEqual(6);
    const first = anchors.slice(0, def.expiries.length * 2);
    for (const c of first) expect(Math.abs(c.strike - und.spot)).toBeLessThanOrEqual(3);
  });

  it('estimates near-the-money quotes within a few cents and the smile within a vol point; never a zero bid', () => {
    let n = 0;
    for (const c of listedContracts(def)) {
      const q = est.estimate(c) as OptionQuote;
      const real = m.quotes.get(contractKey(c)) as OptionQuote;
      expect(q.bid).toBeGreaterThan(0);
      expect(q.ask as number).toBeGreaterThan(q.bid as number);
      expect(q.openInterest).toBeNull();
      if (Math.abs(c.strike - und.spot) > 15) continue;
      n++;
      const mid = ((q.bid as number) + (q.ask as number)) / 2;
      const realMid = ((real.bid as number) + (real.ask as number)) / 2;
      expect(Math.abs(mid - realMid)).toBeLessThan(0.1 + 0.02 * realMid);
      expect(Math.abs((q.iv as number) - (real.iv as number))).toBeLessThan(0.01);
    }
    expect(n).toBeGreaterThan(100);
  });

  it('an expiry without two anchor IVs has no fit (its contracts are never pruned)', () => {
    const none = new QuoteEstimator(def, und, m.rate, NOW, new Map());
    expect(none.fitted(def.expiries[0].expiry)).toBe(false);
    expect(none.estimate(listedContracts(def)[0])).toBeNull();
  });
});
