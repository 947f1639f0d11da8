import { Portfolio } from './portfolio';

describe('Portfolio', () => {
  it('keeps IB avgCost (price × multiplier, commission included) for longs and shorts', () => {
    const p = new Portfolio(10_000);
    p.apply(1, 2, 5.2, 100, 1.3);
    expect(p.get(1)).toMatchObject({ position: 2, avgCost: 520.65 });
    expect(p.cash).toBeCloseTo(10_000 - 1040 - 1.3, 6);
    p.apply(2, -2, 1, 100, 1.3);
    expect(p.get(2)).toMatchObject({ position: -2, avgCost: 99.35 });
    expect(p.cash).toBeCloseTo(10_000 - 1040 - 1.3 + 200 - 1.3, 6);
  });

  it('realizes P&L net of commissions on reducing executions, keeps flat positions, flips at the fill price', () => {
    const p = new Portfolio(0);
    expect(p.apply(7, 100, 10, 1, 1).realizedPnl).toBeUndefined();
    expect(p.apply(7, -40, 12, 1, 1).realizedPnl).toBeCloseTo(40 * (12 - 10.01) - 1, 6);
    expect(p.get(7)).toMatchObject({ position: 60, avgCost: 10.01 });
    expect(p.apply(7, -60, 9, 1, 1).realizedPnl).toBeCloseTo(60 * (9 - 10.01) - 1, 6);
    expect(p.all().map((e) => e.position)).toEqual([0]);
    expect(p.open()).toEqual([]);
    p.apply(8, -1, 3, 100, 0);
    p.apply(8, 3, 2, 100, 0);
    expect(p.get(8)).toMatchObject({ position: 2, avgCost: 200 });
  });

  it('clone is independent', () => {
    const p = new Portfolio(100);
    const c = p.clone();
    c.apply(1, 1, 1, 1, 0);
    expect(p.cash).toBe(100);
    expect(p.get(1)).toBeUndefined();
  });
});
