/**
 * The NYSE trading calendar: calendar dates as day numbers (whole days since 1970-01-01, printed YYYYMMDD),
 * weekdays, and the exchange's full-day holidays computed by rule (early closes are not modelled). Options on US
 * stocks, ETFs and indices trade on these days; an AM-settled index option's last trading day is the trading day
 * before its expiry date.
 */
const DAY_MS = 86_400_000;

/** Day number of a calendar date (month 1–12). */
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

/** YYYYMMDD of a day number. */
export function formatYmd(day: number): string {
  const { y, m, d } = ymdOf(day);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

/** Day number of a YYYYMMDD date. */
export function parseYmd(s: string): number {
  return epochDay(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
}

/** The day of the `n`-th (1-based) `wd` weekday of a month; n = -1 for the last one. */
export function nthWeekday(y: number, m: number, wd: number, n: number): number {
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
