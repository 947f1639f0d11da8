/**
 * The payoff chart's numbers, with the same model as the scan rows (one implementation: @ibsc/option-math, the
 * scanner's own Black–Scholes–Merton and normal CDF): the row's rate, dividend yield and honest time to expiry
 * (`yearsToExpiry`), and σ at the breakeven (`ivAtBreakeven`) on both legs, as the row's EV uses. So the "today"
 * curve at the row's spot is the row's expected value (before fees), and at expiry it is the payoff.
 */
import { bsPrice } from '@ibsc/option-math';
import type { SpreadRow } from '@ibsc/shared-dto';

type PayoffRow = Pick<
  SpreadRow,
  'short' | 'long' | 'side' | 'expectedFill' | 'multiplier' | 'quantity' | 'yearsToExpiry' | 'rate' | 'dividendYield' | 'ivAtBreakeven' | 'spot' | 'breakeven' | 'width'
>;

/**
 * The model value of the spread per share (long − short) at `spot` with `years` left, as the row's EV values it;
 * `years = 0` is the payoff at expiry (intrinsic value).
 */
export function spreadValue(row: PayoffRow, spot: number, years: number): number {
  const base = { spot, t: years, rate: row.rate, dividendYield: row.dividendYield, vol: row.ivAtBreakeven };
  return bsPrice({ ...base, right: row.long.right, strike: row.long.strike }) - bsPrice({ ...base, right: row.short.right, strike: row.short.strike });
}

/**
 * P&L of the spread, money per spread × quantity, if closed at `spot` with `years` left, having opened at the
 * expected fill: credit spreads received it, debit spreads paid it. `years = 0` is the payoff at expiry.
 */
export function spreadPnl(row: PayoffRow, spot: number, years: number): number {
  const opened = row.side === 'credit' ? row.expectedFill : -row.expectedFill;
  return (spreadValue(row, spot, years) + opened) * row.multiplier * row.quantity;
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
  const years = Math.max(row.yearsToExpiry, 0);
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
