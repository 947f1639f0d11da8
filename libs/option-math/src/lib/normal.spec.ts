import { normCdf, normInv, normPdf } from './normal';

// Reference values: scipy.stats.norm (an independent implementation).
describe('normCdf', () => {
  it.each([
    [0, 0.5],
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316300933],
    [0.5, 0.6914624612740131],
    [-1.2345, 0.10850832336267019],
    [6.5, 0.99999999995984],
  ])('N(%p) = %p to 1e-14', (x, expected) => {
    expect(Math.abs(normCdf(x) - expected)).toBeLessThan(1e-14);
  });

  it('keeps 1e-8 relative accuracy in the far tail (absolute error far below any probability we show)', () => {
    expect(Math.abs(normCdf(-6) / 9.865876450376946e-10 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(normCdf(-8) / 6.22096057427174e-16 - 1)).toBeLessThan(1e-8);
    expect(normCdf(-37.5)).toBeGreaterThanOrEqual(0);
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(40)).toBe(1);
  });

  it('is symmetric: N(x) + N(−x) = 1', () => {
    for (const x of [0.1, 0.7, 1.3, 2.9, 4.4]) expect(normCdf(x) + normCdf(-x)).toBeCloseTo(1, 15);
  });

  it('has the density as its derivative', () => {
    for (const x of [-2, -0.5, 0, 1, 2.5]) expect((normCdf(x + 1e-6) - normCdf(x - 1e-6)) / 2e-6).toBeCloseTo(normPdf(x), 8);
  });
});

describe('normInv', () => {
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.01, -2.3263478740408408],
    [0.3, -0.5244005127080409],
  ])('N⁻¹(%p) = %p to 1e-12', (p, expected) => {
    expect(Math.abs(normInv(p) - expected)).toBeLessThan(1e-12);
  });

  it('is accurate in the tail to the accuracy of normCdf there', () => {
    expect(Math.abs(normInv(1e-10) - -6.361340902404056)).toBeLessThan(1e-9);
  });

  it('inverts normCdf and handles the ends', () => {
    for (const p of [1e-6, 0.02, 0.4, 0.9, 0.999]) expect(normCdf(normInv(p))).toBeCloseTo(p, 14);
    expect(normInv(0)).toBe(-Infinity);
    expect(normInv(1)).toBe(Infinity);
    expect(normInv(1.2)).toBeNaN();
  });
});
