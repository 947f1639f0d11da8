/**
 * Dates for the market model: New York time, NYSE trading days (weekends and the regular NYSE holidays, computed
 * by rule; early closes ignored; both from @ibsc/clock) and option expiries. Dates are handled as "epoch days" (whole days since
 * 1970-01-01) and printed as YYYYMMDD.
 */

import {
  epochDay,
  formatYmd,
  isTradingDay,
  nextTradingDay,
  nthWeekday,
  nyseHolidays,
  parseYmd,
  previousTradingDay,
  tradingDayOnOrBefore,
  weekday,
  ymdOf,
  zonedDayNumber,
  zonedTimeOnDay,
} from '@ibsc/clock';

// The calendar and New York time live in @ibsc/clock; re-exported for the model's modules.
export { epochDay, formatYmd, isTradingDay, nextTradingDay, nyseHolidays, parseYmd, previousTradingDay, tradingDayOnOrBefore, weekday, ymdOf };

const DAY_MS = 86_400_000;

/** Epoch ms of a New York wall-clock time on a given day. */
export function nyTime(day: number, hours: number, minutes = 0): number {
  return zonedTimeOnDay(day, hours, minutes);
}

/** The New York calendar day of an instant. */
export function nyDay(ms: number): number {
  return zonedDayNumber(ms);
}

/** The standard monthly expiry of a month: its third Friday, or the trading day before it if that is a holiday. */
export function monthlyExpiryDay(y: number, m: number): number {
  return tradingDayOnOrBefore(nthWeekday(y, m, 5, 3));
}

/** Expiry instant of an option expiring on `day`: 16:00 New York. */
export function expiryInstant(day: number): number {
  return nyTime(day, 16);
}

/**
 * Expiry days from `today` (NY day) on: the Fridays of the next `weeks` weeks (today's if `now` is before
 * 16:00 NY) plus the third Friday of each month for `months` months. A Friday holiday moves to the trading day
 * before it. Returned ascending and unique.
 */
export function expiryDays(now: number, weeks: number, months: number): number[] {
  const today = nyDay(now);
  const out = new Set<number>();
  const adjust = (friday: number): number => tradingDayOnOrBefore(friday);
  const live = (d: number): boolean => expiryInstant(d) > now;
  let friday = today + ((5 - weekday(today) + 7) % 7);
  for (let i = 0; i < weeks; i++, friday += 7) {
    const d = adjust(friday);
    if (live(d)) out.add(d);
  }
  const { y, m } = ymdOf(today);
  for (let i = 0; i <= months; i++) {
    const d = monthlyExpiryDay(y + Math.floor((m - 1 + i) / 12), ((m - 1 + i) % 12) + 1);
    if (live(d) && d - today <= months * 31) out.add(d);
  }
  return [...out].sort((a, b) => a - b);
}

/** The shape of an underlying's listed expiries (IB's chains: SPY/QQQ/IWM list one every trading day). */
export interface ExpirySchedule {
  /** Friday weeklies this many weeks out. */
  weeks: number;
  /** Third-Friday monthlies this many months out. */
  months: number;
  /** Daily expiries: every trading day for this many trading days (today's while before 16:00). Default 0. */
  dailyTradingDays?: number;
  /** Quarterlies: the last trading day of Mar/Jun/Sep/Dec for this many quarters. Default 0. */
  quarters?: number;
  /** LEAPS: the January monthly of each of the next `leapsYears` years (and December's with `decemberLeaps`). */
  leapsYears?: number;
  decemberLeaps?: boolean;
}

/** Every listed expiry day of a schedule from `now` on, ascending and unique; only those not yet expired. */
export function scheduledExpiryDays(now: number, s: ExpirySchedule): number[] {
  const out = new Set(expiryDays(now, s.weeks, s.months));
  const live = (d: number): boolean => expiryInstant(d) > now;
  const today = nyDay(now);
  let d = isTradingDay(today) ? today : nextTradingDay(today);
  for (let n = 0; n < (s.dailyTradingDays ?? 0); n++, d = nextTradingDay(d)) if (live(d)) out.add(d);
  const { y, m } = ymdOf(today);
  for (let i = 0, found = 0; found < (s.quarters ?? 0) && i < 40; i++) {
    const month = m + i;
    if (month % 3 !== 0) continue;
    const yy = y + Math.floor((month - 1) / 12);
    const mm = ((month - 1) % 12) + 1;
    const q = tradingDayOnOrBefore(epochDay(yy, mm + 1, 1) - 1);
    if (live(q)) {
      out.add(q);
      found++;
    }
  }
  for (let k = 1; k <= (s.leapsYears ?? 0); k++) {
    for (const mm of s.decemberLeaps ? [1, 12] : [1]) {
      const leap = monthlyExpiryDay(y + k, mm);
      if (live(leap)) out.add(leap);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Years (ACT/365) from `now` to `instant`, never negative. */
export function yearsBetween(now: number, instant: number): number {
  return Math.max(0, (instant - now) / (365 * DAY_MS));
}

export { DAY_MS };
