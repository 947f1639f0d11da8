import { IV_LOOKBACK_DAYS, ivPercentile, ivRank, ivStats } from './iv-stats';

describe('IV rank = 100·(IV − min)/(max − min)', () => {
  it('works on a small hand-made series', () => {
    // min 0.10, max 0.30: 0.25 is 75 % of the way.
    expect(ivRank([0.1, 0.2, 0.3, 0.15], 0.25)).toBeCloseTo(75, 12);
    expect(ivRank([0.1, 0.2, 0.3], 0.1)).toBe(0);
    expect(ivRank([0.1, 0.2, 0.3], 0.3)).toBe(100);
  });

  it('includes today in min and max, so it stays within 0–100', () => {
    expect(ivRank([0.2, 0.3], 0.4)).toBe(100);
    expect(ivRank([0.2, 0.3], 0.1)).toBe(0);
  });

  it('is undefined (null) on a flat series and with no history', () => {
    expect(ivRank([0.2, 0.2, 0.2], 0.2)).toBeNull();
    expect(ivRank([], 0.2)).toBeNull();
  });

  it('only looks back 252 days', () => {
    const old = [0.9]; // outside the window once 252 newer days exist
    const recent = Array.from({ length: IV_LOOKBACK_DAYS }, (_, i) => 0.1 + (0.2 * i) / (IV_LOOKBACK_DAYS - 1));
    expect(ivRank([...old, ...recent], 0.2)).toBeCloseTo(50, 10);
    expect(ivRank([...old, ...recent.slice(1)], 0.2)).toBeLessThan(20);
  });
});

describe('IV percentile = 100·(days with IV below today)/days', () => {
  it('counts strictly-below days, so ties do not count', () => {
    expect(ivPercentile([0.1, 0.2, 0.3, 0.4], 0.25)).toBe(50);
    expect(ivPercentile([0.1, 0.2, 0.2, 0.3], 0.2)).toBe(25); // two ties at 0.2 are not below
    expect(ivPercentile([0.1, 0.2, 0.3, 0.4], 0.5)).toBe(100);
    expect(ivPercentile([0.1, 0.2, 0.3, 0.4], 0.05)).toBe(0);
  });

  it('is 0 on a flat series equal to today, and null with no history', () => {
    expect(ivPercentile([0.2, 0.2, 0.2], 0.2)).toBe(0);
    expect(ivPercentile([], 0.2)).toBeNull();
  });

  it('differs from rank on a skewed series (the reason both are shown, named exactly)', () => {
    // One spike to 0.9, everything else 0.2–0.3: today's 0.3 has a low rank but a high percentile.
    const s = [0.2, 0.22, 0.24, 0.26, 0.28, 0.9];
    const st = ivStats(s, 0.3);
    expect(st.ivRank).toBeCloseTo((100 * 0.1) / 0.7, 10);
    expect(st.ivPercentile).toBeCloseTo((100 * 5) / 6, 10);
    expect(st.days).toBe(6);
    expect([st.min, st.max]).toEqual([0.2, 0.9]);
  });

  it('ignores non-finite and non-positive observations', () => {
    expect(ivPercentile([0.1, Number.NaN, 0, -1, 0.3], 0.2)).toBe(50);
  });
});
