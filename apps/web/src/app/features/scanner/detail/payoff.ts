import type { SpreadLegView, SpreadRow } from '@ibsc/shared-dto';

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf; |error| < 1.5e-7). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Black–Scholes value of one option, per share (r = 0, no dividends). At t = 0 it is the intrinsic value. */
export function optionValue(right: 'C' | 'P', spot: number, strike: number, years: number, iv: number): number {
  const intrinsic = right === 'C' ? Math.max(spot - strike, 0) : Math.max(strike - spot, 0);
  if (years <= 0 || iv <= 0 || spot <= 0) return intrinsic;
  const sd = iv * Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + 0.5 * sd * sd) / sd;
  const d2 = d1 - sd;
  return right === 'C' ? spot * normCdf(d1) - strike * normCdf(d2) : strike * normCdf(-d2) - spot * normCdf(-d1);
}

type PayoffRow = Pick<SpreadRow, 'short' | 'long' | 'side' | 'expectedFill' | 'multiplier' | 'quantity' | 'dte' | 'ivAtBreakeven' | 'spot' | 'breakeven' | 'width'>;

function legIv(leg: SpreadLegView, fallback: number): number {
  return leg.iv != null && leg.iv > 0 ? leg.iv : fallback;
}

/**
 * P&L of the spread, money per spread × quantity, if closed at `spot` with `years` left, having opened at the
 * expected fill: credit spreads received it, debit spreads paid it. `years = 0` is the payoff at expiry.
 */
export function spreadPnl(row: PayoffRow, spot: number, years: number): number {
  const value =
    optionValue(row.long.right, spot, row.long.strike, years, legIv(row.long, row.ivAtBreakeven)) -
    optionValue(row.short.right, spot, row.short.strike, years, legIv(row.short, row.ivAtBreakeven));
  const opened = row.side === 'credit' ? row.expectedFill : -row.expectedFill;
  return (value + opened) * row.multiplier * row.quantity;
}

export interface PayoffCurves {
  prices: number[];
  expiry: number[];
  today: number[];
  /** The x-range shown: both strikes, the breakeven and spot, with margin. */
  lo: number;
  hi: number;
}

/** Samples both curves over a range that shows both strikes, the breakeven and spot. */
export function payoffCurves(row: PayoffRow, points = 121): PayoffCurves {
  const marks = [row.short.strike, row.long.strike, row.breakeven, row.spot].filter((v) => Number.isFinite(v) && v > 0);
  const min = Math.min(...marks);
  const max = Math.max(...marks);
  const pad = Math.max((max - min) * 0.6, row.width * 2, max * 0.02);
  const lo = Math.max(0.01, min - pad);
  const hi = max + pad;
  const years = Math.max(row.dte, 0) / 365;
  const prices: number[] = [];
  const expiry: number[] = [];
  const today: number[] = [];
  for (let i = 0; i < points; i++) {
    const s = lo + ((hi - lo) * i) / (points - 1);
    prices.push(s);
    expiry.push(spreadPnl(row, s, 0));
    today.push(spreadPnl(row, s, years));
  }
  return { prices, expiry, today, lo, hi };
}
