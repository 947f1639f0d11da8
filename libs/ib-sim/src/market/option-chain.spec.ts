import { occSymbol, strikesFor } from './option-chain';

describe('option chain', () => {
  it('builds OCC symbols', () => {
    expect(occSymbol('SPY', '20261218', 'C', 450)).toBe('SPY   261218C00450000');
    expect(occSymbol('TSLA', '20270115', 'P', 432.5)).toBe('TSLA  270115P00432500');
  });

  it('lays strikes on a fine grid near the money and a coarse one beyond', () => {
    const ks = strikesFor(665, 0.16, 30 / 365, { nearInc: 1, nearBand: 0.06, farInc: 5 });
    expect(ks).toContain(665);
    expect(ks).toContain(666);
    expect(ks).not.toContain(551); // beyond the band: only multiples of 5
    expect(ks.filter((k) => k < 620).every((k) => k % 5 === 0)).toBe(true);
    expect(ks[0]).toBeLessThanOrEqual(665 * 0.9);
    expect(ks[ks.length - 1]).toBeGreaterThanOrEqual(665 * 1.1);
    expect([...ks].sort((a, b) => a - b)).toEqual(ks);
    expect(new Set(ks).size).toBe(ks.length);
  });

  it('widens the strike range with time and vol', () => {
    const ladder = { nearInc: 2.5, nearBand: 0.1, farInc: 5 };
    const week = strikesFor(430, 0.55, 7 / 365, ladder);
    const year = strikesFor(430, 0.55, 1, ladder);
    expect(year[0]).toBeLessThan(week[0]);
    expect(year[year.length - 1]).toBeGreaterThan(week[week.length - 1]);
  });
});
