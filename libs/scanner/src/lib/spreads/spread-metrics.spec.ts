import type { SpreadRow, SpreadType } from '@ibsc/shared-dto';
import { prepareChain } from '../chain/prepared-chain';
import { HAND_NOW, handChain, type HandChainOptions } from '../testing/hand-chain';
import { computeSpreadMetrics, netPrices, type SpreadMetricsOptions } from './spread-metrics';
import { buildVerticals } from './vertical-builder';

function row(type: SpreadType, shortStrike: number, chainOpts: HandChainOptions = {}, o: Partial<SpreadMetricsOptions> = {}): SpreadRow {
  const u = prepareChain(handChain(chainOpts), HAND_NOW);
  const c = buildVerticals(u, { types: [type], widths: [5] }).find((x) => x.short.strike === shortStrike);
  if (!c) throw new Error(`no ${type} at ${shortStrike}`);
  const r = computeSpreadMetrics(c, { k: 0.5, ...o });
  if (!r) throw new Error('no row');
  return r;
}

// Worked by hand (docs/scanner.md, "Worked example"): spot 101, 30 days, σ 0.2 flat, r = q = 0, k = 0.5.
describe('spread metrics for the four verticals, by hand', () => {
  it('bull put 100/95: credit 1.25 mid, 1.10 natural, 1.175 expected', () => {
    const r = row('bull-put', 100);
    expect(r.side).toBe('credit');
    expect(r.netMid).toBeCloseTo(1.25, 12);
    expect(r.netNatural).toBeCloseTo(1.1, 12);
    expect(r.expectedFill).toBeCloseTo(1.175, 12);
    expect(r.maxProfit).toBeCloseTo(117.5, 9);
    expect(r.maxLoss).toBeCloseTo(382.5, 9);
    expect(r.breakeven).toBeCloseTo(98.825, 12);
    expect(r.returnOnRisk).toBeCloseTo(117.5 / 382.5, 12);
    expect(r.creditToWidth).toBeCloseTo(0.235, 12);
    expect(Math.abs(r.pop - 0.6372081649454417)).toBeLessThan(1e-9); // scipy N(d2(98.825))
    expect(r.popDelta).toBeCloseTo(1 - (0.2 + 0.765 * 0.25), 12);
    expect(Math.abs(r.expectedValue - -24.78810454619669)).toBeLessThan(1e-7);
    expect(Math.abs(r.touch - 0.8664837729527669)).toBeLessThan(1e-9);
    expect(r.greeks).toEqual({ delta: expect.closeTo(25, 9), gamma: expect.closeTo(-2, 9), theta: expect.closeTo(2, 9), vega: expect.closeTo(-3, 9) });
    expect(r.greeksSource).toBe('gateway');
    expect(r.id).toBe(`XYZ|${r.expiry}|bull-put|100/95`);
    expect(r.dte).toBe(30);
  });

  it('bear call 100/105', () => {
    const r = row('bear-call', 100);
    expect([r.netMid, r.netNatural, r.expectedFill]).toEqual([expect.closeTo(1.65, 12), expect.closeTo(1.5, 12), expect.closeTo(1.575, 12)]);
    expect([r.maxProfit, r.maxLoss, r.breakeven]).toEqual([expect.closeTo(157.5, 9), expect.closeTo(342.5, 9), expect.closeTo(101.575, 12)]);
    expect(Math.abs(r.pop - 0.5507976278728243)).toBeLessThan(1e-9);
    expect(r.popDelta).toBeCloseTo(1 - (0.55 - 0.315 * 0.3), 12);
    expect(Math.abs(r.expectedValue - -38.184933204942276)).toBeLessThan(1e-7);
  });

  it('bull call 95/100 (debit)', () => {
    const r = row('bull-call', 100);
    expect(r.side).toBe('debit');
    expect(r.long.strike).toBe(95);
    expect([r.netMid, r.netNatural, r.expectedFill]).toEqual([expect.closeTo(3.35, 12), expect.closeTo(3.6, 12), expect.closeTo(3.475, 12)]);
    expect([r.maxProfit, r.maxLoss, r.breakeven]).toEqual([expect.closeTo(152.5, 9), expect.closeTo(347.5, 9), expect.closeTo(98.475, 12)]);
    expect(r.creditToWidth).toBeNull();
    expect(Math.abs(r.pop - 0.6601538120552763)).toBeLessThan(1e-9);
    expect(r.popDelta).toBeCloseTo(0.8 - 0.695 * 0.25, 12);
    expect(Math.abs(r.expectedValue - 10.211895453801523)).toBeLessThan(1e-7);
  });

  it('bear put 105/100 (debit)', () => {
    const r = row('bear-put', 100);
    expect(r.long.strike).toBe(105);
    expect([r.netMid, r.netNatural, r.expectedFill]).toEqual([expect.closeTo(3.05, 12), expect.closeTo(3.3, 12), expect.closeTo(3.175, 12)]);
    expect([r.maxProfit, r.maxLoss, r.breakeven]).toEqual([expect.closeTo(182.5, 9), expect.closeTo(317.5, 9), expect.closeTo(101.825, 12)]);
    expect(Math.abs(r.pop - 0.5677107754028545)).toBeLessThan(1e-9);
    expect(r.popDelta).toBeCloseTo(0.45 + 0.365 * 0.3, 12);
    expect(Math.abs(r.expectedValue - -13.18493320494225)).toBeLessThan(1e-7);
  });

  it('max profit + max loss = width × multiplier × quantity for every vertical, with fees and quantity', () => {
    for (const [type, k] of [['bull-put', 100], ['bear-call', 100], ['bull-call', 100], ['bear-put', 100], ['bull-put', 105], ['bear-call', 95]] as const) {
      const r = row(type, k, {}, { quantity: 3, feesPerSpread: 2.6 });
      expect(r.maxProfit + r.maxLoss).toBeCloseTo(5 * 100 * 3, 9);
      expect(r.pop).toBeGreaterThanOrEqual(0);
      expect(r.pop).toBeLessThanOrEqual(1);
    }
    // Fees come off max profit and onto max loss: 3 × 2.60.
    expect(row('bull-put', 100, {}, { quantity: 3, feesPerSpread: 2.6 }).maxProfit).toBeCloseTo(117.5 * 3 - 7.8, 9);
  });

  it('EV is zero when filling at the model value (same σ on both legs)', () => {
    // At k = 0 the fill is mid; shift the quotes so mid equals the σ = 0.2 model value: EV must vanish.
    const r0 = row('bull-put', 100, {}, { k: 0 });
    const modelCredit = r0.expectedFill - r0.expectedValue / 100;
    const shift = modelCredit - r0.netMid;
    const r = row('bull-put', 100, { override: { P100: { bid: 2.0 + shift, ask: 2.2 + shift } } }, { k: 0 });
    expect(r.expectedValue).toBeCloseTo(0, 9);
  });
});

describe('expected fill = mid moved k × half-spread toward natural', () => {
  const short = { bid: 2.0, ask: 2.2 };
  const long = { bid: 0.8, ask: 0.9 };
  it('k = 0 is mid, k = 1 is natural, linear between', () => {
    expect(netPrices('credit', short, long, 0).expectedFill).toBeCloseTo(1.25, 12);
    expect(netPrices('credit', short, long, 1).expectedFill).toBeCloseTo(1.1, 12);
    expect(netPrices('credit', short, long, 0.25).expectedFill).toBeCloseTo(1.25 - 0.25 * 0.15, 12);
    expect(netPrices('debit', long, short, 1).expectedFill).toBeCloseTo(netPrices('debit', long, short, 1).natural, 12);
    expect(netPrices('debit', { bid: 2.3, ask: 2.5 }, { bid: 5.6, ask: 5.9 }, 0.5).expectedFill).toBeCloseTo(3.475, 12);
  });

  it('a worse k never improves the price: credit falls, debit rises', () => {
    expect(netPrices('credit', short, long, 0.8).expectedFill).toBeLessThan(netPrices('credit', short, long, 0.2).expectedFill);
    expect(netPrices('debit', short, long, 0.8).expectedFill).toBeGreaterThan(netPrices('debit', short, long, 0.2).expectedFill);
  });
});

describe('flags: rows missing data are flagged, never dropped', () => {
  it('missing greeks → MISSING_GREEKS, net greeks from local Black–Scholes', () => {
    const r = row('bull-put', 100, { override: { P95: { delta: null, gamma: null, theta: null, vega: null } } });
    expect(r.flags).toContain('MISSING_GREEKS');
    expect(r.greeksSource).toBe('local-bs');
    expect(r.greeks).not.toBeNull();
    expect(r.popDelta).not.toBeNull();
  });

  it('missing open interest and volume → flags, and the row still exists', () => {
    const r = row('bull-put', 100, { override: { P100: { openInterest: null, volume: null } } });
    expect(r.flags).toEqual(expect.arrayContaining(['MISSING_OPEN_INTEREST', 'MISSING_VOLUME']));
    expect(r.short.openInterest).toBeNull();
  });

  it('stale quotes, earnings in window, no bid, crossed, and prices outside bounds', () => {
    expect(row('bull-put', 100, { override: { P95: { quoteTime: HAND_NOW - 120_000 } } }).flags).toContain('STALE_QUOTE');
    expect(row('bull-put', 100, { override: { P95: { quoteTime: HAND_NOW - 120_000 } } }).quoteAgeMs).toBe(120_000);
    expect(row('bull-put', 100, {}, { staleAfterMs: 500 }).flags).toContain('STALE_QUOTE');
    expect(row('bull-put', 100).flags).toEqual([]);
    const withEarnings = row('bull-put', 100, { earningsDate: '20260120' });
    expect(withEarnings.flags).toContain('EARNINGS_IN_WINDOW');
    expect(withEarnings.earningsDate).toBe('20260120');
    expect(row('bull-put', 100, { earningsDate: '20260401' }).flags).not.toContain('EARNINGS_IN_WINDOW');
    expect(row('bull-put', 100, { override: { P100: { bid: 0 } } }).flags).toEqual(expect.arrayContaining(['NO_BID', 'PRICE_OUTSIDE_BOUNDS']));
  });

  it('no IV on the smile → MISSING_IV and the underlying IV is used', () => {
    const none = { iv: null };
    const r = row('bull-put', 100, { override: { C95: none, C100: none, C105: none, P95: none, P100: none, P105: none }, underlyingIv: 0.3 });
    expect(r.flags).toContain('MISSING_IV');
    expect(r.ivSource).toBe('underlying');
    expect(r.ivAtBreakeven).toBe(0.3);
  });
});
