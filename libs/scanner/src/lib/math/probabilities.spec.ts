import { seededRandom } from '../testing/synthetic-market';
import { logNormCdf, probAbove, probBelow, probTouch, probTouchReflection, type LognormalInputs } from './probabilities';
import { normCdf } from './normal';

const base: LognormalInputs = { spot: 100, t: 30 / 365, rate: 0.04, dividendYield: 0.01, vol: 0.25 };

function gaussian(rnd: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - rnd();
    const v = rnd();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

describe('probAbove / probBelow (risk-neutral N(±d2))', () => {
  it('matches independent values (scipy)', () => {
    expect(Math.abs(probAbove(95, base) - 0.7624562666035051)).toBeLessThan(1e-12);
    expect(Math.abs(probBelow(105, base) - 0.7524337783384936)).toBeLessThan(1e-12);
  });

  it('are complements and monotone in the level', () => {
    for (const x of [80, 95, 100, 110]) expect(probAbove(x, base) + probBelow(x, base)).toBeCloseTo(1, 14);
    expect(probAbove(90, base)).toBeGreaterThan(probAbove(100, base));
    expect(probAbove(100, base)).toBeGreaterThan(probAbove(110, base));
  });

  it('agree with a Monte-Carlo of terminal prices (fixed seed, 200k paths, within 4 standard errors)', () => {
    const z = gaussian(seededRandom(7));
    const n = 200_000;
    const { spot, t, rate, dividendYield: q, vol } = base;
    const drift = (rate - q - 0.5 * vol * vol) * t;
    const sd = vol * Math.sqrt(t);
    let above95 = 0;
    let below105 = 0;
    for (let i = 0; i < n; i++) {
      const st = spot * Math.exp(drift + sd * z());
      if (st > 95) above95++;
      if (st < 105) below105++;
    }
    for (const [hits, p] of [
      [above95, probAbove(95, base)],
      [below105, probBelow(105, base)],
    ]) {
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(hits / n - p)).toBeLessThan(4 * se);
    }
  });
});

describe('probTouch (first passage under GBM)', () => {
  it('matches the closed form computed independently (scipy)', () => {
    const i = { ...base, spot: 100, t: 30 / 365, rate: 0.04, dividendYield: 0.01, vol: 0.25 };
    expect(Math.abs(probTouch(110, i) - 0.18323569648379925)).toBeLessThan(1e-12);
    expect(Math.abs(probTouch(90, i) - 0.14185444146321097)).toBeLessThan(1e-12);
  });

  it('is 1 at the barrier, ≥ P(expire beyond), and close to the driftless 2× shortcut', () => {
    expect(probTouch(100, base)).toBe(1);
    for (const k of [85, 92, 108, 120]) {
      const beyond = k > 100 ? probAbove(k, base) : probBelow(k, base);
      expect(probTouch(k, base)).toBeGreaterThanOrEqual(beyond);
      expect(Math.abs(probTouch(k, base) - probTouchReflection(k, base))).toBeLessThan(0.02);
    }
    expect(probTouch(120, { ...base, rate: 0, dividendYield: 0, vol: 1e-9 })).toBe(0);
  });

  it('is finite at IVs at or below 1 % with drift (e^{2νb/σ²} overflows; the product is taken in log space), matching mpmath', () => {
    const low = { spot: 100, t: 30 / 365, rate: 0.045, dividendYield: 0, vol: 0.001 };
    // Independent values: mpmath at 60 digits of the same closed form.
    expect(Math.abs(probTouch(100.3, low) - 0.99374764642704838)).toBeLessThan(1e-9);
    expect(probTouch(101, low)).toBeGreaterThanOrEqual(0);
    expect(probTouch(101, low)).toBeLessThan(1e-100);
    expect(Math.abs(probTouch(100.2, { ...low, vol: 0.003 }) - 0.984325181090141)).toBeLessThan(1e-9);
    expect(Math.abs(probTouch(99.5, { ...low, rate: 0, dividendYield: 0.045, vol: 0.002 }) - 0.012869512452852803)).toBeLessThan(1e-9);
    for (const vol of [0.01, 0.005, 0.001, 1e-4, 1e-6])
      for (const k of [95, 99.9, 100.1, 100.3, 105]) {
        const p = probTouch(k, { ...low, vol });
        expect(Number.isFinite(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
  });

  it('with σ = 0 follows the forward: touched when the forward reaches the barrier', () => {
    const flat = { spot: 100, t: 30 / 365, rate: 0.045, dividendYield: 0, vol: 0 };
    expect(probTouch(100.3, flat)).toBe(1); // forward 100.37
    expect(probTouch(101, flat)).toBe(0);
    expect(probTouch(99, flat)).toBe(0);
  });

  it('agrees with a Monte-Carlo with Brownian-bridge crossing (fixed seed, within 4 standard errors)', () => {
    const rnd = seededRandom(11);
    const z = gaussian(rnd);
    const n = 10_000;
    const steps = 20; // the bridge term makes the crossing test exact between steps, so few steps suffice
    const { spot, t, rate, dividendYield: q, vol } = base;
    const dt = t / steps;
    const mu = (rate - q - 0.5 * vol * vol) * dt;
    const sd = vol * Math.sqrt(dt);
    for (const barrier of [108, 93]) {
      const b = Math.log(barrier / spot);
      let touched = 0;
      for (let p = 0; p < n; p++) {
        let x = 0;
        let hit = false;
        for (let s = 0; s < steps && !hit; s++) {
          const nx = x + mu + sd * z();
          if ((b > 0 && nx >= b) || (b < 0 && nx <= b)) hit = true;
          else if (rnd() < Math.exp((-2 * (b - x) * (b - nx)) / (vol * vol * dt))) hit = true; // crossed between steps
          x = nx;
        }
        if (hit) touched++;
      }
      const pt = probTouch(barrier, base);
      expect(Math.abs(touched / n - pt)).toBeLessThan(4 * Math.sqrt((pt * (1 - pt)) / n));
    }
  });
});

describe('logNormCdf', () => {
  it('is ln N(x) where N is representable and the asymptotic series beyond, continuous at the switch (mpmath)', () => {
    for (const x of [-5, -20, -29.9]) expect(Math.abs(logNormCdf(x) - Math.log(normCdf(x)))).toBeLessThan(1e-9 * Math.abs(Math.log(normCdf(x))));
    expect(Math.abs(logNormCdf(-30.5) - -469.4627373229121)).toBeLessThan(1e-9);
    expect(Math.abs(logNormCdf(-45) - -1017.2260942419524)).toBeLessThan(1e-9);
    expect(Math.abs(logNormCdf(-30.0000001) - logNormCdf(-29.9999999))).toBeLessThan(1e-4);
  });
});
