/**
 * Black–Scholes–Merton for European options on an underlying with a continuous dividend yield q.
 *
 * Units follow Hull ("Options, Futures, and Other Derivatives"): t in years, rates and vol as decimals,
 * vega per 1.00 of vol, theta per year, rho per 1.00 of rate. IB reports vega per vol point and theta per
 * calendar day: use `VEGA_PER_POINT` (÷100) and `THETA_PER_DAY` (÷365) to convert.
 */
import { normCdf, normPdf } from './normal';

export type OptionRight = 'C' | 'P';

export interface BsInputs {
  right: OptionRight;
  spot: number;
  strike: number;
  /** Years to expiry. */
  t: number;
  /** Continuously compounded risk-free rate. */
  rate: number;
  /** Continuous dividend yield. */
  dividendYield: number;
  /** Implied (or assumed) volatility, annualised. */
  vol: number;
}

export interface BsGreeks {
  price: number;
  delta: number;
  gamma: number;
  /** Per 1.00 of vol (Hull); divide by 100 for per vol point. */
  vega: number;
  /** Per year (Hull); divide by 365 for per calendar day. */
  theta: number;
  /** Per 1.00 of rate. */
  rho: number;
}

export const VEGA_PER_POINT = 1 / 100;
export const THETA_PER_DAY = 1 / 365;

/** d1 and d2; callers must ensure t > 0 and vol > 0. */
export function d1d2(spot: number, strike: number, t: number, rate: number, q: number, vol: number): [number, number] {
  const sd = vol * Math.sqrt(t);
  const d1 = (Math.log(spot / strike) + (rate - q + 0.5 * vol * vol) * t) / sd;
  return [d1, d1 - sd];
}

function degenerate(i: BsInputs): boolean {
  return !(i.t > 0) || !(i.vol > 0);
}

/** The option's value; at t = 0 or vol = 0 the discounted intrinsic value of the forward. */
export function bsPrice(i: BsInputs): number {
  const dq = Math.exp(-i.dividendYield * i.t);
  const dr = Math.exp(-i.rate * i.t);
  if (degenerate(i)) {
    const fwd = i.spot * dq - i.strike * dr;
    return i.right === 'C' ? Math.max(0, fwd) : Math.max(0, -fwd);
  }
  const [d1, d2] = d1d2(i.spot, i.strike, i.t, i.rate, i.dividendYield, i.vol);
  return i.right === 'C'
    ? i.spot * dq * normCdf(d1) - i.strike * dr * normCdf(d2)
    : i.strike * dr * normCdf(-d2) - i.spot * dq * normCdf(-d1);
}

/** Price and greeks in Hull's units. */
export function bsGreeks(i: BsInputs): BsGreeks {
  const { spot: s, strike: k, t, rate: r, dividendYield: q, vol: v } = i;
  const dq = Math.exp(-q * t);
  const dr = Math.exp(-r * t);
  if (degenerate(i)) {
    const price = bsPrice(i);
    const itm = i.right === 'C' ? s * dq > k * dr : s * dq < k * dr;
    return { price, delta: itm ? (i.right === 'C' ? dq : -dq) : 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
  }
  const sqrtT = Math.sqrt(t);
  const [d1, d2] = d1d2(s, k, t, r, q, v);
  const pdf1 = normPdf(d1);
  const gamma = (dq * pdf1) / (s * v * sqrtT);
  const vega = s * dq * pdf1 * sqrtT;
  const decay = -(s * dq * pdf1 * v) / (2 * sqrtT);
  if (i.right === 'C') {
    const n1 = normCdf(d1);
    const n2 = normCdf(d2);
    return {
      price: s * dq * n1 - k * dr * n2,
      delta: dq * n1,
      gamma,
      vega,
      theta: decay - r * k * dr * n2 + q * s * dq * n1,
      rho: k * t * dr * n2,
    };
  }
  const m1 = normCdf(-d1);
  const m2 = normCdf(-d2);
  return {
    price: k * dr * m2 - s * dq * m1,
    delta: -dq * m1,
    gamma,
    vega,
    theta: decay + r * k * dr * m2 - q * s * dq * m1,
    rho: -k * t * dr * m2,
  };
}

/**
 * The strike at which an option has the given delta (|delta| for puts), inverting Δ = e^{−qT}N(d1)
 * (calls) or Δ = −e^{−qT}N(−d1) (puts). Returns NaN when |delta| is out of reach (≥ e^{−qT} or ≤ 0).
 */
export function strikeForDelta(
  right: OptionRight,
  absDelta: number,
  spot: number,
  t: number,
  rate: number,
  q: number,
  vol: number,
  inv: (p: number) => number,
): number {
  const dq = Math.exp(-q * t);
  const p = absDelta / dq;
  if (!(p > 0 && p < 1) || !(t > 0) || !(vol > 0)) return Number.NaN;
  const d1 = right === 'C' ? inv(p) : -inv(p);
  const sd = vol * Math.sqrt(t);
  return spot * Math.exp(-d1 * sd + (rate - q + 0.5 * vol * vol) * t);
}
