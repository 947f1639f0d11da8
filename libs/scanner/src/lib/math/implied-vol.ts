/**
 * Implied volatility: the vol at which Black–Scholes–Merton reproduces a price.
 * Newton–Raphson on vega from a Brenner–Subrahmanyam start, safeguarded by bisection on a bracket,
 * so it always converges when the price is inside the no-arbitrage bounds.
 */
import { bsGreeks, bsPrice, type BsInputs } from './black-scholes';

export interface ImpliedVolOptions {
  /** Absolute price tolerance. */
  tolerance?: number;
  maxIterations?: number;
  /** Search bracket for vol. */
  lowVol?: number;
  highVol?: number;
}

/**
 * The implied vol of `price`, or null when the price is outside the no-arbitrage bounds
 * (below discounted intrinsic or above the discounted spot/strike) or t ≤ 0.
 */
export function impliedVol(price: number, inputs: Omit<BsInputs, 'vol'>, options: ImpliedVolOptions = {}): number | null {
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 100;
  let lo = options.lowVol ?? 1e-6;
  let hi = options.highVol ?? 10;
  if (!(inputs.t > 0) || !Number.isFinite(price)) return null;
  const at = (vol: number): number => bsPrice({ ...inputs, vol });
  const pLo = at(lo);
  const pHi = at(hi);
  if (price < pLo - tol || price > pHi + tol) return null;
  if (Math.abs(price - pLo) <= tol) return lo;
  const fwd = inputs.spot * Math.exp((inputs.rate - inputs.dividendYield) * inputs.t);
  let vol = Math.min(hi, Math.max(lo, Math.sqrt((2 * Math.PI) / inputs.t) * (price / fwd)));
  if (!(vol > lo && vol < hi)) vol = 0.5 * (lo + hi);
  for (let n = 0; n < maxIter; n++) {
    const g = bsGreeks({ ...inputs, vol });
    const diff = g.price - price;
    if (Math.abs(diff) <= tol) return vol;
    if (diff > 0) hi = vol;
    else lo = vol;
    let next = g.vega > 1e-12 ? vol - diff / g.vega : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - vol) < 1e-14) return next;
    vol = next;
  }
  return vol;
}
