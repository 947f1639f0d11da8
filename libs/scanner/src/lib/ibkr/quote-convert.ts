/**
 * From the line manager's `Quote` (IB ticks folded together) to the scanner's `OptionQuote`. Missing fields stay
 * null: the scanner flags rows missing greeks / OI / volume, it never drops them.
 */
import type { Quote, TickEvent } from '@ibsc/ibkr';
import type { OptionQuote } from '../chain/option-chain';

/** IB tick types of an option's open interest (generic tick 101): 27 for calls, 28 for puts. */
export const TICK_CALL_OPEN_INTEREST = 27;
export const TICK_PUT_OPEN_INTEREST = 28;
/** IB tick type of the implied vol sent for generic tick 106 (the underlying's 30-day IV). */
export const TICK_OPTION_IMPLIED_VOL = 24;
/** IB's dividend generic tick ("IB Dividends", requested as 456), delivered as string tick type 59. */
export const GENERIC_TICK_IB_DIVIDENDS = 456;
export const TICK_IB_DIVIDENDS = 59;

/**
 * The continuous dividend yield implied by IB's tick 59 "past12Months,next12Months,nextDate,nextAmount" (dollars per
 * share, e.g. "0.83,0.92,20130219,0.23"): next-12-month dividends / spot (the past 12 months when the next are not
 * given). null when the text does not parse or spot is not positive; 0 for a stock that pays none.
 */
export function dividendYieldFromTick(text: string | undefined, spot: number): number | null {
  const d = parseIbDividends(text);
  return d === null || d.annual === null || !(spot > 0) ? null : d.annual / spot;
}

/** IB Dividends: dollars a year (next 12 months, else past 12), and the next dividend (YYYYMMDD, dollars) if given. */
export function parseIbDividends(text: string | undefined): { annual: number | null; nextDate: string | null; nextAmount: number | null } | null {
  if (text === undefined) return null;
  const [past, next, date, amount] = text.split(',').map((x) => x.trim());
  const n = (x: string | undefined): number | null => (x === undefined || x === '' || !(Number(x) >= 0) ? null : Number(x));
  const annual = n(next) ?? n(past);
  const nextAmount = n(amount);
  const nextDate = date !== undefined && /^\d{8}$/.test(date) ? date : null;
  if (annual === null && nextDate === null) return null;
  return { annual, nextDate, nextAmount: nextDate === null ? null : nextAmount };
}

const num = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

/**
 * The open interest carried by a tick, or undefined. The line manager's `Quote` keeps only the size ticks it
 * knows (bid/ask/last sizes, volume), so the sources read OI off the raw tick stream.
 */
export function openInterestOf(tick: TickEvent): number | undefined {
  if (tick.kind !== 'size' && tick.kind !== 'generic') return undefined;
  return tick.field === TICK_CALL_OPEN_INTEREST || tick.field === TICK_PUT_OPEN_INTEREST ? tick.value : undefined;
}

export function toOptionQuote(q: Readonly<Quote>, openInterest: number | null, fallbackTime: number): OptionQuote {
  const m = q.model;
  return {
    bid: num(q.bid),
    ask: num(q.ask),
    last: num(q.last),
    iv: num(m?.impliedVolatility) ?? num(q.generic[TICK_OPTION_IMPLIED_VOL]),
    delta: num(m?.delta),
    gamma: num(m?.gamma),
    theta: num(m?.theta),
    vega: num(m?.vega),
    volume: num(q.volume),
    openInterest,
    quoteTime: q.updatedAt ?? fallbackTime,
  };
}

/** A quote has what a scan needs once it is two-sided (or at least has a last price) and the model greeks arrived. */
export function quoteHasPrices(q: Readonly<Quote>): boolean {
  return (q.bid !== undefined && q.ask !== undefined) || q.last !== undefined;
}

export function quoteComplete(q: Readonly<Quote>, needOpenInterest: boolean, openInterest: number | null): boolean {
  return q.bid !== undefined && q.ask !== undefined && q.model?.delta !== undefined && (!needOpenInterest || openInterest !== null);
}
