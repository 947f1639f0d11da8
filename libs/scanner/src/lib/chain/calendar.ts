/**
 * Calendar days in New York, where US equity options expire. DTE is the number of calendar days between
 * today's New York date and the expiry date (so it is 0 on expiry day and does not change at UTC midnight).
 */
import { formatYmd, parseYmd, zonedDayNumber, zonedTimeOnDay } from '@ibsc/clock';

const MS_PER_DAY = 86_400_000;
export const MS_PER_YEAR = 365 * MS_PER_DAY;

/** Days since 1970-01-01 of a YYYYMMDD date. */
export function dayNumberOf(yyyymmdd: string): number {
  return parseYmd(yyyymmdd);
}

/** YYYYMMDD of a day number. */
export function yyyymmddOf(dayNumber: number): string {
  return formatYmd(dayNumber);
}

/** Days since 1970-01-01 of the New York calendar date at `epochMs`. */
export function newYorkDayNumber(epochMs: number): number {
  return zonedDayNumber(epochMs);
}

/** Epoch ms of 16:00 New York on a YYYYMMDD date (daylight saving handled). */
export function newYorkCloseMs(yyyymmdd: string): number {
  return zonedTimeOnDay(parseYmd(yyyymmdd), 16);
}

/** Calendar DTE from a New York day number (compute it once per scan) to a YYYYMMDD expiry. */
export function dteFrom(todayNy: number, expiry: string): number {
  return dayNumberOf(expiry) - todayNy;
}

/** Years to an expiry instant, never negative. */
export function yearsTo(expiresAt: number, now: number): number {
  return Math.max(0, (expiresAt - now) / MS_PER_YEAR);
}
