/**
 * IV rank and IV percentile, named exactly (vendors swap these names; see docs/scanner.md).
 *
 * Both read the last `IV_LOOKBACK_DAYS` (252) daily IV observations of `history` (oldest first; whether it
 * already holds today's close is the caller's choice, the formulas do not depend on it).
 *
 * - IV rank       = 100 · (IV − min) / (max − min), min and max over the window together with today's IV,
 *                   so it lies in [0, 100]. A flat window (max = min) has no rank: null.
 * - IV percentile = 100 · (number of window days with IV strictly below today's IV) / (days in the window).
 *                   Ties count as not below. An empty window has no percentile: null.
 */
export const IV_LOOKBACK_DAYS = 252;

export interface IvStats {
  /** 0–100, or null when the window is empty or flat. */
  ivRank: number | null;
  /** 0–100, or null when the window is empty. */
  ivPercentile: number | null;
  /** Observations used (≤ 252). */
  days: number;
  min: number | null;
  max: number | null;
}

function window(history: readonly number[], lookback: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, history.length - lookback); i < history.length; i++) {
    const v = history[i];
    if (Number.isFinite(v) && v > 0) out.push(v);
  }
  return out;
}

/** IV rank = 100·(IV − min)/(max − min) over the last 252 days. */
export function ivRank(history: readonly number[], current: number, lookback = IV_LOOKBACK_DAYS): number | null {
  const w = window(history, lookback);
  if (w.length === 0 || !Number.isFinite(current)) return null;
  let min = current;
  let max = current;
  for (const v of w) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min <= 1e-12) return null;
  return Math.min(100, Math.max(0, (100 * (current - min)) / (max - min)));
}

/** IV percentile = 100·(days in the last 252 with IV below today's)/(days). */
export function ivPercentile(history: readonly number[], current: number, lookback = IV_LOOKBACK_DAYS): number | null {
  const w = window(history, lookback);
  if (w.length === 0 || !Number.isFinite(current)) return null;
  let below = 0;
  for (const v of w) if (v < current) below++;
  return (100 * below) / w.length;
}

export function ivStats(history: readonly number[], current: number, lookback = IV_LOOKBACK_DAYS): IvStats {
  const w = window(history, lookback);
  return {
    ivRank: ivRank(history, current, lookback),
    ivPercentile: ivPercentile(history, current, lookback),
    days: w.length,
    min: w.length ? Math.min(...w) : null,
    max: w.length ? Math.max(...w) : null,
  };
}
