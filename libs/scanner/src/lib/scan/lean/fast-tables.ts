/**
 * Interpolation tables for the approximate score pass (approx-score.ts): N(z), the logistic 1/(1 + e^{−x}) and
 * e^{−y}, each read by linear interpolation on a uniform grid, with a stated bound on the error against the exact
 * function (normal.ts normCdf, Math.exp). The bounds are analytic: linear interpolation on a step h errs by at most
 * h²/8 · max|f''| (N: max|f''| = φ(1) < 0.242; logistic: < 0.0963; e^{−y}, y ≥ 0: 1), plus the tails cut off beyond
 * the grid and rounding; each bound below adds a wide margin to those. Built once per process (≈ 60k entries).
 */
import { normCdf } from '../../math/normal';

const N_SPAN = 9; // N(−9) ≈ 1.1e−19
const N_STEPS = 1024; // per unit: h²/8·0.242 ≈ 2.9e−8
const S_SPAN = 40; // logistic(−40) ≈ 4.2e−18
const S_STEPS = 256; // ≈ 1.8e−7
const E_SPAN = 50; // e^{−50} ≈ 1.9e−22
const E_STEPS = 256; // ≈ 1.9e−6
// The grids' last nodes, as constants: computed inside the functions, their multiplications ran only on the rare
// inputs past the grid, so a warmed-up engine met them without type feedback and deoptimized (issue 16, cold runs).
const N_LAST = 2 * N_SPAN * N_STEPS;
const S_LAST = 2 * S_SPAN * S_STEPS;
const E_LAST = E_SPAN * E_STEPS;

/** |normCdfFast(z) − normCdf(z)| ≤ NORM_CDF_ERROR for every finite z. */
export const NORM_CDF_ERROR = 1e-7;
/** |logisticFast(x) − 1/(1 + Math.exp(−x))| ≤ LOGISTIC_ERROR. */
export const LOGISTIC_ERROR = 1e-6;
/** |expNegFast(y) − Math.exp(−y)| ≤ EXP_NEG_ERROR for y ≥ 0. */
export const EXP_NEG_ERROR = 1e-5;

function table(span: number, steps: number, f: (x: number) => number, from: number): Float64Array {
  const n = Math.round(span * steps) + 2;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = f(from + i / steps);
  return t;
}

let N_TABLE: Float64Array | null = null;
let S_TABLE: Float64Array | null = null;
let E_TABLE: Float64Array | null = null;

export interface FastTables {
  n: Float64Array;
  s: Float64Array;
  e: Float64Array;
}

export function fastTables(): FastTables {
  N_TABLE ??= table(2 * N_SPAN, N_STEPS, normCdf, -N_SPAN);
  S_TABLE ??= table(2 * S_SPAN, S_STEPS, (x) => 1 / (1 + Math.exp(-x)), -S_SPAN);
  E_TABLE ??= table(E_SPAN, E_STEPS, (y) => Math.exp(-y), 0);
  return { n: N_TABLE, s: S_TABLE, e: E_TABLE };
}

/** N(z) within NORM_CDF_ERROR; NaN for NaN. */
export function normCdfFast(t: Float64Array, z: number): number {
  const x = (z + N_SPAN) * N_STEPS;
  if (!(x > 0)) return x <= 0 ? t[0] : Number.NaN;
  if (x >= N_LAST) return t[N_LAST];
  const i = x | 0;
  const a = t[i];
  return a + (x - i) * (t[i + 1] - a);
}

/** 1/(1 + e^{−x}) within LOGISTIC_ERROR; NaN for NaN. */
export function logisticFast(t: Float64Array, x: number): number {
  const u = (x + S_SPAN) * S_STEPS;
  if (!(u > 0)) return u <= 0 ? 0 : Number.NaN;
  if (u >= S_LAST) return 1;
  const i = u | 0;
  const a = t[i];
  return a + (u - i) * (t[i + 1] - a);
}

/** e^{−y} for y ≥ 0 within EXP_NEG_ERROR; NaN for NaN or y < 0. */
export function expNegFast(t: Float64Array, y: number): number {
  const u = y * E_STEPS;
  if (!(u >= 0)) return Number.NaN;
  if (u >= E_LAST) return 0;
  const i = u | 0;
  const a = t[i];
  return a + (u - i) * (t[i + 1] - a);
}
