/**
 * Dates for the market model: New York time, NYSE trading days (weekends and the regular NYSE holidays, computed
 * by rule; early closes ignored) and option expiries. Dates are handled as "epoch days" (whole days since
 * 1970-01-01) and printed as YYYYMMDD.
 */

const DAY_MS = 86_400_000;

export function epochDay(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function ymdOf(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function formatYmd(day: number): string {
  const { y, m, d } = ymdOf(day);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

export function parseYmd(s: string): number {
  return epochDay(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
}

/** The day of the `n`-th (1-based) `wd` weekday of a month; n = -1 for the last one. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) {
    const first = epochDay(y, m, 1);
    return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
  }
  const last = epochDay(y, m + 1, 1) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

function easterSunday(y: number): number {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDay(y, month, day);
}

/** Saturday holidays are observed on Friday, Sunday ones on Monday. */
function observed(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
}

const holidayCache = new Map<number, Set<number>>();

/** NYSE full-day holidays of a year. */
export function nyseHolidays(y: number): Set<number> {
  let set = holidayCache.get(y);
  if (set) return set;
  set = new Set<number>();
  const newYear = epochDay(y, 1, 1);
  if (weekday(newYear) !== 6) set.add(observed(newYear)); // NYSE does not move a Saturday New Year to Friday
  set.add(nthWeekday(y, 1, 1, 3)); // Martin Luther King Jr. Day
  set.add(nthWeekday(y, 2, 1, 3)); // Washington's Birthday
  set.add(easterSunday(y) - 2); // Good Friday
  set.add(nthWeekday(y, 5, 1, -1)); // Memorial Day
  if (y >= 2022) set.add(observed(epochDay(y, 6, 19))); // Juneteenth
  set.add(observed(epochDay(y, 7, 4))); // Independence Day
  set.add(nthWeekday(y, 9, 1, 1)); // Labor Day
  set.add(nthWeekday(y, 11, 4, 4)); // Thanksgiving
  set.add(observed(epochDay(y, 12, 25))); // Christmas
  holidayCache.set(y, set);
  return set;
}

export function isTradingDay(day: number): boolean {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  return !nyseHolidays(ymdOf(day).y).has(day);
}

export function previousTradingDay(day: number): number {
  let d = day - 1;
  while (!isTradingDay(d)) d--;
  return d;
}

export function nextTradingDay(day: number): number {
  let d = day + 1;
  while (!isTradingDay(d)) d++;
  return d;
}

/** The trading day on or before `day`. */
export function tradingDayOnOrBefore(day: number): number {
  return isTradingDay(day) ? day : previousTradingDay(day);
}

/** US daylight saving time: second Sunday of March to first Sunday of November. Judged at local noon. */
function isDstDay(day: number): boolean {
  const { y } = ymdOf(day);
  return day >= nthWeekday(y, 3, 0, 2) && day < nthWeekday(y, 11, 0, 1);
}

/** Offset of New York from UTC on a day, in hours (−4 or −5). */
function nyOffsetHours(day: number): number {
  return isDstDay(day) ? -4 : -5;
}

/** Epoch ms of a New York wall-clock time on a given day. */
export function nyTime(day: number, hours: number, minutes = 0): number {
  return day * DAY_MS + (hours - nyOffsetHours(day)) * 3_600_000 + minutes * 60_000;
}

/** The New York calendar day of an instant (exact except within the hour of a DST change). */
export function nyDay(ms: number): number {
  const utcDay = Math.floor(ms / DAY_MS);
  // Try the UTC day and its neighbour: the NY day is the one whose local midnight..midnight span contains ms.
  for (const d of [utcDay, utcDay - 1, utcDay + 1]) {
    if (ms >= nyTime(d, 0) && ms < nyTime(d + 1, 0)) return d;
  }
  return utcDay;
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
