/**
 * The volatility smile of one expiry, read from the options' own IVs: out-of-the-money puts below spot and
 * out-of-the-money calls at and above it (the liquid side), falling back to the other right where one is missing.
 * IV at any level is linear in strike between the nearest points and flat beyond the ends.
 */
import type { ExpirySlice } from './option-chain';

export interface Smile {
  strikes: Float64Array;
  ivs: Float64Array;
}

/** Below this an IV is a data error (1000 %), not a market: the smile, the legs' greeks and touch all reject it. */
export const MAX_USABLE_IV = 10;

/** One rule for every IV the scanner reads off a quote: finite, above 0, below MAX_USABLE_IV. */
export function usableIv(iv: number | null | undefined): iv is number {
  return typeof iv === 'number' && Number.isFinite(iv) && iv > 0 && iv < MAX_USABLE_IV;
}

export function buildSmile(slice: ExpirySlice, spot: number): Smile {
  const n = slice.strikes.length;
  const ks = new Float64Array(n);
  const vs = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const k = slice.strikes[i];
    const call = slice.calls[i];
    const put = slice.puts[i];
    const callIv = call && call.quote ? call.quote.iv : undefined;
    const putIv = put && put.quote ? put.quote.iv : undefined;
    // OTM side first: puts below spot, calls at and above it.
    const first = k < spot ? putIv : callIv;
    const second = k < spot ? callIv : putIv;
    const iv = usableIv(first) ? first : usableIv(second) ? second : null;
    if (iv !== null) {
      ks[count] = k;
      vs[count] = iv;
      count++;
    }
  }
  return { strikes: ks.slice(0, count), ivs: vs.slice(0, count) };
}

/** IV at `level`, or null when the smile has no points. */
export function smileIvAt(smile: Smile, level: number): number | null {
  const n = smile.strikes.length;
  if (n === 0) return null;
  const ks = smile.strikes;
  if (level <= ks[0]) return smile.ivs[0];
  if (level >= ks[n - 1]) return smile.ivs[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ks[mid] <= level) lo = mid;
    else hi = mid;
  }
  const w = (level - ks[lo]) / (ks[hi] - ks[lo]);
  return smile.ivs[lo] + w * (smile.ivs[hi] - smile.ivs[lo]);
}
