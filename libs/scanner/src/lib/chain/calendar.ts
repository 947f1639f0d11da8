/**
 * Calendar days in New York, where US equity options expire. DTE is the number of calendar days between
 * today's New York date and the expiry date (so it is 0 on expiry day and does not change at UTC midnight).
 */
const MS_PER_DAY = 86_400_000;
export const MS_PER_YEAR = 365 * MS_PER_DAY;

const nyDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
const nyHour = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

/** Days since 1970-01-01 of a YYYYMMDD date. */
export function dayNumberOf(yyyymmdd: string): number {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** YYYYMMDD of a day number. */
export function yyyymmddOf(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Days since 1970-01-01 of the New York calendar date at `epochMs`. */
export function newYorkDayNumber(epochMs: number): number {
  const [y, m, d] = nyDate.format(new Date(epochMs)).split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** Epoch ms of 16:00 New York on a YYYYMMDD date (daylight saving handled). */
export function newYorkCloseMs(yyyymmdd: string): number {
  const day = dayNumberOf(yyyymmdd);
  const edt = day * MS_PER_DAY + 20 * 3_600_000;
  return Number(nyHour.format(new Date(edt))) === 16 ? edt : edt + 3_600_000;
}

/** Calendar DTE from a New York day number (compute it once per scan) to a YYYYMMDD expiry. */
export function dteFrom(todayNy: number, expiry: string): number {
  return dayNumberOf(expiry) - todayNy;
}

/** Years to an expiry instant, never negative. */
export function yearsTo(expiresAt: number, now: number): number {
  return Math.max(0, (expiresAt - now) / MS_PER_YEAR);
}
