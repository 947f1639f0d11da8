/**
 * Black–Scholes–Merton for European options on an underlying with a continuous dividend yield,
 * with greeks in Interactive Brokers' conventions:
 * - delta per $1 of the underlying, gamma per $1;
 * - vega per 1 vol point (a 0.01 change in sigma);
 * - theta per calendar day (the annual theta / 365).
 * The normal distribution is the project's one (@ibsc/option-math, the scanner's and the console's too); this module
 * keeps the simulator's valuation conventions (intrinsic below 30 s, IB units, the dividends' present value).
 */
import { normCdf, normPdf } from '@ibsc/option-math';
import type { Right } from './market-types';

export interface BsmInput {
  spot: number;
  strike: number;
  /** Years to expiry (ACT/365). */
  t: number;
  /** Continuously compounded risk-free rate, e.g. 0.045. */
  r: number;
  /** Continuous dividend yield, e.g. 0.013. */
  q: number;
  sigma: number;
  right: Right;
}

export interface BsmResult {
  price: number;
  delta: number;
  gamma: number;
  /** Per vol point (0.01 of sigma). */
  vega: number;
  /** Per calendar day. */
  theta: number;
  /** Present value of the dividends paid until expiry: S(1 − e^(−qT)). */
  pvDividend: number;
}

/** Below this many years (about 30 seconds) an option is valued at intrinsic. */
const MIN_T = 1e-6;

/** Price and greeks. At or past expiry (or with sigma 0) the option is worth its discounted forward intrinsic. */
export function bsm(inp: BsmInput): BsmResult {
  const { spot: s, strike: k, r, q, right } = inp;
  const t = Math.max(0, inp.t);
  const dq = Math.exp(-q * t);
  const dr = Math.exp(-r * t);
  const pvDividend = s * (1 - dq);
  const sign = right === 'C' ? 1 : -1;
  if (t < MIN_T || inp.sigma <= 0) {
    const fwdIntrinsic = sign * (s * dq - k * dr);
    const itm = fwdIntrinsic > 0;
    return { price: itm ? fwdIntrinsic : 0, delta: itm ? sign * dq : 0, gamma: 0, vega: 0, theta: 0, pvDividend };
  }
  const sigma = inp.sigma;
  const sqrtT = Math.sqrt(t);
  const volT = sigma * sqrtT;
  const d1 = (Math.log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / volT;
  const d2 = d1 - volT;
  const pdf1 = normPdf(d1);
  const nd1 = normCdf(sign * d1);
  const nd2 = normCdf(sign * d2);
  const price = sign * (s * dq * nd1 - k * dr * nd2);
  const delta = sign * dq * nd1;
  const gamma = (dq * pdf1) / (s * volT);
  const vegaAnnual = s * dq * pdf1 * sqrtT;
  const thetaAnnual = (-s * dq * pdf1 * sigma) / (2 * sqrtT) - sign * r * k * dr * nd2 + sign * q * s * dq * nd1;
  return { price: Math.max(0, price), delta, gamma, vega: vegaAnnual / 100, theta: thetaAnnual / 365, pvDividend };
}

/** Price only (the hot path of the IV solver and the quote model). */
export function bsmPrice(inp: BsmInput): number {
  return bsm(inp).price;
}

const IV_LOW = 1e-4;
const IV_HIGH = 5;

/**
 * Implied volatility of `price` by safeguarded Newton (falling back to bisection).
 * Returns NaN when no volatility in [0.0001, 5] reproduces the price (e.g. a price at or below the discounted
 * intrinsic value, or zero).
 */
export function impliedVol(price: number, input: Omit<BsmInput, 'sigma'>, tol = 1e-8): number {
  if (!(price > 0) || input.t < MIN_T) return Number.NaN;
  const inp: BsmInput = { ...input, sigma: 0 };
  const at = (sigma: number): BsmResult => {
    inp.sigma = sigma;
    return bsm(inp);
  };
  let lo = IV_LOW;
  let hi = IV_HIGH;
  if (price <= at(lo).price || price >= at(hi).price) return Number.NaN;
  // Brenner–Subrahmanyam start, kept inside the bracket.
  let sigma = Math.min(2, Math.max(0.05, (price / inp.spot) * Math.sqrt((2 * Math.PI) / inp.t)));
  for (let i = 0; i < 100; i++) {
    const res = at(sigma);
    const diff = res.price - price;
    if (Math.abs(diff) < tol) return sigma;
    if (diff > 0) hi = sigma;
    else lo = sigma;
    const vegaAnnual = res.vega * 100;
    let next = vegaAnnual > 1e-12 ? sigma - diff / vegaAnnual : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (hi - lo < 1e-12) return next;
    sigma = next;
  }
  return sigma;
}
