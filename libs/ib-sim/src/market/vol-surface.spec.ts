import { atmVol, surfaceVol, type SurfaceParams } from './vol-surface';

const base: SurfaceParams = { atm30: 0.2, ivMean: 0.2, skew: 0.12, smile: 0.03 };
const F = 100;

describe('vol surface', () => {
  it('has a put skew: lower strikes carry higher IV', () => {
    const t = 30 / 365;
    const ivs = [80, 90, 95, 100, 105].map((k) => surfaceVol(base, k, F, t, false));
    for (let i = 1; i < ivs.length; i++) expect(ivs[i]).toBeLessThan(ivs[i - 1]);
    expect(surfaceVol(base, 100, F, t, false)).toBeCloseTo(0.2, 12);
  });

  it('has a smile: far OTM calls turn back up', () => {
    const t = 30 / 365;
    const iv = (k: number): number => surfaceVol(base, k, F, t, false);
    expect(iv(122)).toBeGreaterThan(iv(112)); // the minimum is at x = skew / (2·smile) = 2 sd
  });

  it('steepens the skew in strike terms for short expiries', () => {
    const short = surfaceVol(base, 90, F, 7 / 365, false) - surfaceVol(base, 100, F, 7 / 365, false);
    const long = surfaceVol(base, 90, F, 1, false) - surfaceVol(base, 100, F, 1, false);
    expect(short).toBeGreaterThan(long);
  });

  it('term structure: contango when IV is below its mean, inverted above it', () => {
    const low = { ...base, atm30: 0.14 };
    const high = { ...base, atm30: 0.35 };
    const ts = (p: SurfaceParams): number[] => [7, 30, 90, 180, 365].map((d) => atmVol(p, d / 365, false));
    const up = ts(low);
    const down = ts(high);
    for (let i = 1; i < up.length; i++) {
      expect(up[i]).toBeGreaterThan(up[i - 1]);
      expect(down[i]).toBeLessThan(down[i - 1]);
    }
    expect(atmVol(low, 30 / 365, false)).toBeCloseTo(0.14, 12);
    expect(up[4]).toBeLessThan(0.2); // reverting towards, not past, the mean
  });

  it('adds the earnings variance to expiries that span the report, most to the first one', () => {
    const p = { ...base, earningsMove: 0.07 };
    const before = atmVol(p, 5 / 365, false);
    const first = atmVol(p, 12 / 365, true);
    const later = atmVol(p, 40 / 365, true);
    expect(first).toBeGreaterThan(before + 0.1);
    expect(later).toBeLessThan(first);
    expect(later).toBeGreaterThan(atmVol(p, 40 / 365, false));
    // Total variance grows by exactly move².
    const t = 40 / 365;
    expect(later * later * t - atmVol(p, t, false) ** 2 * t).toBeCloseTo(0.07 * 0.07, 12);
  });
});
