/**
 * Probabilities for a lognormal underlying (geometric Brownian motion) under the risk-neutral measure:
 * drift r − q, vol σ. Every function states its measure; none of these is a real-world forecast.
 */
import { normCdf } from './normal';

export interface LognormalInputs {
  spot: number;
  /** Years to expiry. */
  t: number;
  rate: number;
  dividendYield: number;
  vol: number;
}

/** d2 at `level`: [ln(S/X) + (r − q − σ²/2)T] / (σ√T). */
export function d2At(level: number, i: LognormalInputs): number {
  const sd = i.vol * Math.sqrt(i.t);
  return (Math.log(i.spot / level) + (i.rate - i.dividendYield - 0.5 * i.vol * i.vol) * i.t) / sd;
}

function degenerate(i: LognormalInputs): boolean {
  return !(i.t > 0) || !(i.vol > 0);
}

/** Risk-neutral P(S_T > level) = N(d2(level)). With t = 0 or σ = 0: 1 if the forward is above level, else 0. */
export function probAbove(level: number, i: LognormalInputs): number {
  if (!(level > 0)) return 1;
  if (degenerate(i)) return i.spot * Math.exp((i.rate - i.dividendYield) * Math.max(i.t, 0)) > level ? 1 : 0;
  return normCdf(d2At(level, i));
}

/** Risk-neutral P(S_T < level) = N(−d2(level)). */
export function probBelow(level: number, i: LognormalInputs): number {
  if (!(level > 0)) return 0;
  if (degenerate(i)) return i.spot * Math.exp((i.rate - i.dividendYield) * Math.max(i.t, 0)) < level ? 1 : 0;
  return normCdf(-d2At(level, i));
}

/**
 * Risk-neutral probability that the price touches `barrier` at any time before t (continuous monitoring).
 * With X = ln(S/S₀) a Brownian motion with drift ν = r − q − σ²/2, b = |ln(K/S₀)| and s = σ√T, the first-passage
 * probability for a barrier above spot is N((−b + νT)/s) + e^{2νb/σ²}·N((−b − νT)/s); below spot, ν becomes −ν.
 * Returns 1 when spot is already at or beyond the barrier. The second term is evaluated in log space when
 * e^{2νb/σ²} would overflow (a low IV with drift: ∞ × 0 = NaN otherwise); with no randomness left (t = 0 or σ = 0)
 * the path is the forward's, so the barrier is touched when the forward reaches it.
 */
export function probTouch(barrier: number, i: LognormalInputs): number {
  if (!(barrier > 0) || !(i.spot > 0)) return Number.NaN;
  if (barrier === i.spot) return 1;
  const above = barrier > i.spot;
  if (degenerate(i)) {
    const fwd = i.spot * Math.exp((i.rate - i.dividendYield) * Math.max(i.t, 0));
    return (above ? fwd >= barrier : fwd <= barrier) ? 1 : 0;
  }
  const nu0 = i.rate - i.dividendYield - 0.5 * i.vol * i.vol;
  const nu = above ? nu0 : -nu0;
  const b = Math.abs(Math.log(barrier / i.spot));
  const s = i.vol * Math.sqrt(i.t);
  const a = (2 * nu * b) / (i.vol * i.vol);
  const y = (-b - nu * i.t) / s;
  const second = a < 700 ? Math.exp(a) * normCdf(y) : Math.exp(a + logNormCdf(y));
  const p = normCdf((-b + nu * i.t) / s) + second;
  if (Number.isNaN(p)) return Number.NaN;
  return Math.min(1, Math.max(0, p));
}

/**
 * ln N(x), finite far into the left tail (where N(x) underflows): the asymptotic series
 * ln N(x) = −x²/2 − ln(−x) − ln√(2π) + ln(1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸) below −30 (error < 1e-13).
 */
export function logNormCdf(x: number): number {
  if (x > -30) return Math.log(normCdf(x));
  const x2 = x * x;
  const series = 1 - 1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2) + 105 / (x2 * x2 * x2 * x2);
  return -0.5 * x2 - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(series);
}

/** The driftless reflection-principle shortcut: P(touch) ≈ 2·P(expire beyond barrier), capped at 1. */
export function probTouchReflection(barrier: number, i: LognormalInputs): number {
  const beyond = barrier > i.spot ? probAbove(barrier, i) : probBelow(barrier, i);
  return Math.min(1, 2 * beyond);
}
