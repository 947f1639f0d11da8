/**
 * The implied-volatility surface of one underlying.
 *
 * - Term structure: ATM vol mean-reverts from today's 30-day level `atm30` to the long-run level `ivMean`
 *   (speed KAPPA), so a low-IV name is in contango and a high-IV one inverted:
 *   σ_atm(T) = θ + (σ30 − θ)·g(T)/g(30d), g(T) = (1 − e^(−κT))/(κT).
 * - Earnings: an expiry after the report carries the extra total variance move²:
 *   σ(T) = √(σ_atm(T)² + move²/T), which makes the first expiry after earnings the most bid up.
 * - Skew and smile in standardised moneyness x = ln(K/F)/(σ√T): σ(K,T) = σ(T)·(1 − skew·x + smile·x²),
 *   with x clamped to [−5, 4] (flat wings beyond).
 */
export interface SurfaceParams {
  /** Today's 30-day ATM vol without any earnings premium. */
  atm30: number;
  ivMean: number;
  skew: number;
  smile: number;
  /** 1-sd earnings move (e.g. 0.07), when an earnings report falls before some expiries. */
  earningsMove?: number;
}

export const KAPPA = 4;
const T30 = 30 / 365;
const MIN_T = 2 / 365;

function g(t: number): number {
  return (1 - Math.exp(-KAPPA * t)) / (KAPPA * t);
}

/** ATM vol for time `t` (years), without earnings. */
export function atmVolNoEvent(p: SurfaceParams, t: number): number {
  const tt = Math.max(MIN_T, t);
  return Math.max(0.03, p.ivMean + (p.atm30 - p.ivMean) * (g(tt) / g(T30)));
}

/** ATM vol for time `t`; `spansEarnings` when the expiry is after the next report. */
export function atmVol(p: SurfaceParams, t: number, spansEarnings: boolean): number {
  const base = atmVolNoEvent(p, t);
  if (!spansEarnings || !p.earningsMove) return base;
  const tt = Math.max(1 / 365, t);
  return Math.sqrt(base * base + (p.earningsMove * p.earningsMove) / tt);
}

/** Standardised moneyness, clamped to the range the smile formula covers. */
export function standardMoneyness(strike: number, forward: number, atm: number, t: number): number {
  const tt = Math.max(1 / 365, t);
  const x = Math.log(strike / forward) / (atm * Math.sqrt(tt));
  return Math.max(-5, Math.min(4, x));
}

/** Implied vol at a strike. */
export function surfaceVol(
  p: SurfaceParams,
  strike: number,
  forward: number,
  t: number,
  spansEarnings: boolean,
): number {
  const atm = atmVol(p, t, spansEarnings);
  const x = standardMoneyness(strike, forward, atm, t);
  return atm * Math.max(0.5, 1 - p.skew * x + p.smile * x * x);
}
