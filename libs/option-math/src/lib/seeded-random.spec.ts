import { mulberry32 } from './seeded-random';

describe('mulberry32', () => {
  it('is the reference sequence for a seed (0.6270739…, 0.0027357…, 0.5274470…)', () => {
    const r = mulberry32(1);
    // Reference values of mulberry32 seeded with 1 (first three draws × 2^32).
    expect([r(), r(), r()].map((x) => Math.round(x * 4294967296))).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('the same seed gives the same stream, another seed another one; values stay in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs.slice(0, 5));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('a seed beyond 32 bits or negative is taken modulo 2^32, as the copies it replaced did', () => {
    expect(mulberry32(-1)()).toBe(mulberry32(0xffffffff)());
  });
});
