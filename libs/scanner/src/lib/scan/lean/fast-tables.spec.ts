import { normCdf } from '../../math/normal';
import { EXP_NEG_ERROR, LOGISTIC_ERROR, NORM_CDF_ERROR, expNegFast, fastTables, logisticFast, normCdfFast } from './fast-tables';
import { kthLargest } from './select';

describe('interpolation tables hold their stated error bounds (the approximate score pass relies on them)', () => {
  const t = fastTables();
  // A dense sweep with an irrational step, so points fall everywhere between grid nodes, past both ends too.
  const sweep = (from: number, to: number, f: (x: number) => number): number => {
    let worst = 0;
    for (let x = from; x <= to; x += Math.SQRT2 / 2048) worst = Math.max(worst, f(x));
    return worst;
  };

  it('N(z)', () => {
    const worst = sweep(-12, 12, (z) => Math.abs(normCdfFast(t.n, z) - normCdf(z)));
    expect(worst).toBeLessThan(NORM_CDF_ERROR / 2);
    expect(normCdfFast(t.n, Number.NaN)).toBeNaN();
  });

  it('the logistic 1/(1 + e^{−x}) and e^{−y}', () => {
    expect(sweep(-60, 60, (x) => Math.abs(logisticFast(t.s, x) - 1 / (1 + Math.exp(-x))))).toBeLessThan(LOGISTIC_ERROR / 2);
    expect(sweep(0, 80, (y) => Math.abs(expNegFast(t.e, y) - Math.exp(-y)))).toBeLessThan(EXP_NEG_ERROR / 2);
    expect(logisticFast(t.s, Number.NaN)).toBeNaN();
    expect(expNegFast(t.e, Number.NaN)).toBeNaN();
  });
});

describe('kthLargest', () => {
  it('agrees with sorting, with ties and infinities', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let run = 0; run < 50; run++) {
      const n = 1 + Math.floor(rnd() * 300);
      const xs = Array.from({ length: n }, () => (rnd() < 0.1 ? Number.NEGATIVE_INFINITY : Math.round(rnd() * 20)));
      const sorted = [...xs].sort((a, b) => b - a);
      const k = 1 + Math.floor(rnd() * n);
      expect(kthLargest(Float64Array.from(xs), n, k)).toBe(sorted[k - 1]);
    }
  });
});
