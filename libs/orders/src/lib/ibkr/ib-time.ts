/**
 * Time as IB writes it. Execution times arrive as `yyyyMMdd HH:mm:ss <zone>` (TWS 10.x, the simulator) or
 * `yyyyMMdd  HH:mm:ss` / `yyyyMMdd-HH:mm:ss` in the gateway's zone; the reqExecutions time filter is
 * `yyyyMMdd-HH:mm:ss` in New York time (the simulator's and a US gateway's zone).
 */
import { NEW_YORK, wallTime, zonedInstant } from '@ibsc/clock';

const ZONES: Record<string, string> = {
  'US/Eastern': NEW_YORK,
  EST: NEW_YORK,
  EDT: NEW_YORK,
  'US/Central': 'America/Chicago',
  'US/Pacific': 'America/Los_Angeles',
  UTC: 'UTC',
  GMT: 'UTC',
};

function wallParts(ms: number, zone: string): [number, number, number, number, number, number] {
  const t = wallTime(ms, zone);
  return [t.y, t.m, t.d, t.hh, t.mm, t.ss];
}

/** Parses an execution time; unknown shapes fall back to `fallback` (the time it was received). */
export function parseIbTime(text: string | undefined, fallback: Date, defaultZone = NEW_YORK): Date {
  if (!text) return fallback;
  const m = /^(\d{4})(\d{2})(\d{2})[ -]+(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(text.trim());
  if (!m) return fallback;
  const zone = m[7] ? (ZONES[m[7]] ?? m[7]) : defaultZone;
  try {
    // an unknown zone name throws (Intl's RangeError)
    return new Date(zonedInstant(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], zone));
  } catch {
    return fallback;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyyMMdd-HH:mm:ss` in New York time, for ExecutionFilter.time. */
export function execFilterTime(at: Date, zone = NEW_YORK): string {
  const [y, mo, d, h, mi, s] = wallParts(at.getTime(), zone);
  return `${y}${pad(mo)}${pad(d)}-${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** Midnight of `at`'s day in `zone` (the start of the trading day for daily P&L). */
export function startOfDay(at: Date, zone = NEW_YORK): Date {
  const [y, mo, d] = wallParts(at.getTime(), zone);
  return new Date(zonedInstant(y, mo, d, 0, 0, 0, zone));
}
