/**
 * New York wall-clock helpers: execution timestamps, the close at which TIF DAY orders expire, and the time filter
 * of reqExecutions. Holidays are not considered (a DAY order placed on a holiday expires at that day's 16:00).
 */
import { wallTime, zonedInstant, type WallTime } from '@ibsc/clock';

export type { WallTime };

/** New York wall-clock parts of an instant. */
export function nyParts(ms: number): WallTime {
  return wallTime(ms);
}

/** The instant of a New York wall-clock time. */
export function nyInstant(y: number, m: number, d: number, hh: number, mm = 0, ss = 0): number {
  return zonedInstant(y, m, d, hh, mm, ss);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Execution time as TWS 10.x prints it: `yyyyMMdd HH:mm:ss US/Eastern`. */
export function formatExecTime(ms: number): string {
  const p = nyParts(ms);
  return `${p.y}${pad(p.m)}${pad(p.d)} ${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)} US/Eastern`;
}

/** Regular close, 16:00 New York. */
export const CLOSE_HOUR = 16;

/** When a TIF DAY order placed at `ms` expires: 16:00 New York that weekday, or of the next weekday if later. */
export function dayOrderExpiry(ms: number): number {
  const p = nyParts(ms);
  let day = Date.UTC(p.y, p.m - 1, p.d);
  const weekday = (d: number): number => new Date(d).getUTCDay();
  const isWeekend = (d: number): boolean => weekday(d) === 0 || weekday(d) === 6;
  if (isWeekend(day) || p.hh >= CLOSE_HOUR) {
    do day += 86_400_000;
    while (isWeekend(day));
  }
  const dt = new Date(day);
  return nyInstant(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), CLOSE_HOUR);
}

/**
 * The reqExecutions time filter: `yyyymmdd-hh:mm:ss` or `yyyymmdd hh:mm:ss` (New York time, a trailing time zone
 * ignored). Returns undefined when empty or unreadable.
 */
export function parseExecFilterTime(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})[- ]+(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(s.trim());
  if (!m) return undefined;
  return nyInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}
