import { allocateLegPrices, instrumentQuote, limitZone, naturalPrice } from './combo-pricing';
import { orderCommission, sliceCommissions } from './commission';
import { FillModel } from './fill-model';
import { dayOrderExpiry, formatExecTime, parseExecFilterTime } from './ny-time';
import type { Instrument } from './order-types';
import type { ContractDef } from '../market/market-types';

const def = { secType: 'OPT' } as ContractDef;
const vertical: Instrument = {
  kind: 'combo',
  symbol: 'SPY',
  legs: [
    { conId: 1, ratio: 1, sign: 1, def, index: 0 },
    { conId: 2, ratio: 2, sign: -1, def, index: 1 },
  ],
};
const quotes: Record<number, { bid: number; ask: number; halted: boolean }> = {
  1: { bid: 5, ask: 5.2, halted: false },
  2: { bid: 1, ask: 1.1, halted: false },
};

describe('combo pricing', () => {
  const q = instrumentQuote(vertical, (c) => quotes[c]);
  it('prices a BAG with IB signs: ask = Σ buy asks − Σ sell bids × ratio', () => {
    expect(q.ask).toBeCloseTo(3.2, 9);
    expect(q.bid).toBeCloseTo(2.8, 9);
    expect(naturalPrice(q, 'BUY')).toBeCloseTo(3.2, 9);
    expect(naturalPrice(q, 'SELL')).toBeCloseTo(2.8, 9);
  });
  it('classifies limits from each side', () => {
    expect(limitZone(q, 'BUY', 3.2)).toBe('marketable');
    expect(limitZone(q, 'BUY', 3.05)).toBe('mid-to-natural');
    expect(limitZone(q, 'BUY', 2.9)).toBe('below-mid');
    expect(limitZone(q, 'SELL', 2.8)).toBe('marketable');
    expect(limitZone(q, 'SELL', 2.95)).toBe('mid-to-natural');
    expect(limitZone(q, 'SELL', 3.1)).toBe('below-mid');
  });
  it('splits a combo price into leg prices inside each market that add up to it', () => {
    for (const price of [2.8, 3.0, 3.07, 3.2]) {
      const [a, b] = allocateLegPrices(vertical, q, price);
      expect(a - 2 * b).toBeCloseTo(price, 3);
      expect(a).toBeGreaterThanOrEqual(5);
      expect(a).toBeLessThanOrEqual(5.2);
      expect(b).toBeGreaterThanOrEqual(1);
      expect(b).toBeLessThanOrEqual(1.1);
    }
    expect(allocateLegPrices(vertical, q, 3.2)).toEqual([5.2, 1]);
  });
  it('marks a halted or one-sided leg untradable', () => {
    expect(instrumentQuote(vertical, (c) => ({ ...quotes[c], halted: c === 2 })).untradable).toBe(true);
    expect(instrumentQuote(vertical, (c) => ({ ...quotes[c], ask: c === 1 ? 0 : 1 })).untradable).toBe(true);
  });
});

describe('commissions', () => {
  const cfg = { perContract: 0.65, perShare: 0.005, minPerOrder: 1 };
  it('$0.65 a contract with a $1 minimum per order; stock $0.005 a share', () => {
    expect(orderCommission(cfg, [{ secType: 'OPT', quantity: 1 }])).toBe(1);
    expect(orderCommission(cfg, [{ secType: 'OPT', quantity: 3 }])).toBeCloseTo(1.95, 9);
    expect(orderCommission(cfg, [{ secType: 'STK', quantity: 1000 }])).toBe(5);
  });
  it('charges the minimum once over partial executions and splits a slice over legs', () => {
    const first = sliceCommissions(cfg, [{ secType: 'OPT', quantity: 1 }], [{ secType: 'OPT', quantity: 1 }], 0);
    expect(first).toEqual([1]);
    const second = sliceCommissions(cfg, [{ secType: 'OPT', quantity: 2 }], [{ secType: 'OPT', quantity: 1 }], 1);
    expect(second).toEqual([0.3]);
    const legs = sliceCommissions(
      cfg,
      [
        { secType: 'OPT', quantity: 1 },
        { secType: 'OPT', quantity: 2 },
      ],
      [
        { secType: 'OPT', quantity: 1 },
        { secType: 'OPT', quantity: 2 },
      ],
      0,
    );
    expect(legs).toEqual([0.65, 1.3]);
  });
});

describe('fill model', () => {
  it('is deterministic for a seed and slices within bounds', () => {
    const cfg = { seed: 7, midFillProbability: 0.5, midFillDelayMs: 1, partialFillProbability: 1, partialFillIntervalMs: 1, evaluationIntervalMs: 1 };
    const a = new FillModel(cfg);
    const b = new FillModel(cfg);
    const seqA = Array.from({ length: 20 }, () => [a.midTrialFills(), a.sliceQuantity(10)]);
    const seqB = Array.from({ length: 20 }, () => [b.midTrialFills(), b.sliceQuantity(10)]);
    expect(seqA).toEqual(seqB);
    for (const [, q] of seqA) expect(q).toBeGreaterThanOrEqual(1);
    for (const [, q] of seqA) expect(q).toBeLessThanOrEqual(9);
    expect(new FillModel({ ...cfg, partialFillProbability: 0 }).sliceQuantity(10)).toBe(10);
    expect(a.sliceQuantity(1)).toBe(1);
  });
});

describe('New York time', () => {
  it('expires DAY orders at 16:00 New York, next weekday after the close', () => {
    const mon10 = Date.UTC(2026, 10, 23, 15); // Monday 10:00 EST
    expect(new Date(dayOrderExpiry(mon10)).toISOString()).toBe('2026-11-23T21:00:00.000Z');
    const fri17 = Date.UTC(2026, 10, 27, 22); // Friday 17:00 EST
    expect(new Date(dayOrderExpiry(fri17)).toISOString()).toBe('2026-11-30T21:00:00.000Z');
    const julMon = Date.UTC(2026, 6, 13, 14); // Monday 10:00 EDT
    expect(new Date(dayOrderExpiry(julMon)).toISOString()).toBe('2026-07-13T20:00:00.000Z');
  });
  it('formats execution times and parses the reqExecutions time filter', () => {
    expect(formatExecTime(Date.UTC(2026, 10, 23, 15, 4, 5))).toBe('20261123 10:04:05 US/Eastern');
    expect(parseExecFilterTime('20261123-10:04:05')).toBe(Date.UTC(2026, 10, 23, 15, 4, 5));
    expect(parseExecFilterTime('20261123 10:04')).toBe(Date.UTC(2026, 10, 23, 15, 4));
    expect(parseExecFilterTime('')).toBeUndefined();
  });
});
