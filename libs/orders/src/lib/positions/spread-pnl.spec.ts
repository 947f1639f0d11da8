import type { LegQuote } from '../pricing/combo-quote';
import { openSpreads, pnlTotals, type SpreadDefinition, type SpreadFill, spreadPositions } from './spread-pnl';

const dayStart = new Date('2026-11-23T05:00:00Z'); // midnight New York
const yesterday = new Date('2026-11-20T18:00:00Z');
const today = new Date('2026-11-23T15:00:00Z');

const bullCall: SpreadDefinition = {
  positionKey: 'a',
  underlying: 'SPY',
  type: 'bull-call',
  expiry: '20261218',
  lowerStrike: 100,
  upperStrike: 105,
  multiplier: 100,
  legs: [
    { conId: 1100, action: 'BUY', ratio: 1 },
    { conId: 1105, action: 'SELL', ratio: 1 },
  ],
};
const bullPut: SpreadDefinition = {
  ...bullCall,
  positionKey: 'b',
  type: 'bull-put',
  legs: [
    { conId: 2100, action: 'BUY', ratio: 1 },
    { conId: 2105, action: 'SELL', ratio: 1 },
  ],
};
const closed: SpreadDefinition = { ...bullCall, positionKey: 'c' };

const quotes: Record<number, LegQuote> = {
  1100: { bid: 6.4, ask: 6.6 },
  1105: { bid: 2.9, ask: 3.0 }, // bull call: 3.40 / 3.70, mid 3.55
  2100: { bid: 2.0, ask: 2.1 },
  2105: { bid: 3.7, ask: 3.9 }, // bull put: −1.90 / −1.60, mid −1.75
};
const fills: SpreadFill[] = [
  { positionKey: 'a', action: 'BUY', quantity: 2, price: 3.05, commission: 2.6, at: yesterday },
  { positionKey: 'a', action: 'SELL', quantity: 1, price: 3.5, commission: 1.3, at: today },
  { positionKey: 'b', action: 'BUY', quantity: 1, price: -1.9, commission: 1.3, at: today },
  { positionKey: 'c', action: 'BUY', quantity: 1, price: 2.0, commission: 1.3, at: today },
  { positionKey: 'c', action: 'SELL', quantity: 1, price: 2.4, commission: 1.3, at: today },
];

describe('spreadPositions (golden)', () => {
  const positions = spreadPositions([bullCall, bullPut, closed], fills, (id) => quotes[id] ?? null, dayStart, new Map([['a', 3.3]]));

  it('a debit spread partly closed today', () => {
    expect(positions[0]).toEqual({
      positionKey: 'a',
      underlying: 'SPY',
      type: 'bull-call',
      expiry: '20261218',
      lowerStrike: 100,
      upperStrike: 105,
      quantity: 1,
      avgPrice: 3.05,
      mark: 3.55,
      marketValue: 355,
      unrealizedPnl: 50, // (3.55 − 3.05) × 1 × 100
      realizedPnl: 41.1, // (3.50 − 3.05) × 100 − 3.90 commissions
      dailyPnl: 43.7, // 355 − 2 × 3.30 × 100 + 350 − 1.30
      commissions: 3.9,
    });
  });

  it('a credit spread opened today (negative BAG prices)', () => {
    expect(positions[1]).toMatchObject({ quantity: 1, avgPrice: -1.9, mark: -1.75, marketValue: -175, unrealizedPnl: 15, realizedPnl: -1.3, dailyPnl: 13.7 });
  });

  it('a spread opened and closed today is flat with its realized P&L', () => {
    expect(positions[2]).toMatchObject({ quantity: 0, avgPrice: null, mark: null, marketValue: 0, unrealizedPnl: 0, realizedPnl: 37.4, dailyPnl: 37.4 });
  });

  it('totals, and open spreads only', () => {
    expect(pnlTotals(positions)).toEqual({ unrealizedPnl: 65, realizedPnl: 77.2, dailyPnl: 94.8 });
    expect(openSpreads(positions).map((p) => p.positionKey)).toEqual(['a', 'b']);
  });

  it('a missing leg quote makes marks and totals not available (null), never a number', () => {
    const p = spreadPositions([bullCall], fills, (id) => (id === 1105 ? null : quotes[id]), dayStart);
    expect(p[0]).toMatchObject({ mark: null, marketValue: null, unrealizedPnl: null, dailyPnl: null, realizedPnl: 41.1 });
    expect(pnlTotals(p)).toEqual({ unrealizedPnl: null, realizedPnl: 41.1, dailyPnl: null });
  });
});
