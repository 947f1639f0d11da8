import { isValidTimeZone, wallTime, zoneOffsetMs, zonedDayNumber, zonedInstant, zonedTimeOnDay } from './zoned-time';
import { epochDay } from './trading-calendar';

const iso = (ms: number) => new Date(ms).toISOString();

describe('wall-clock time in a zone', () => {
  it('New York: EST and EDT, and the instants of the changes (2026-03-08 07:00Z, 2026-11-01 06:00Z)', () => {
    expect(zoneOffsetMs(Date.parse('2026-01-15T12:00:00Z'))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-03-08T06:59:59Z'))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-03-08T07:00:00Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-11-01T05:59:59Z'))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-11-01T06:00:00Z'))).toBe(-5 * 3_600_000);
    expect(wallTime(Date.parse('2026-07-15T13:30:05Z'))).toEqual({ y: 2026, m: 7, d: 15, hh: 9, mm: 30, ss: 5 });
    expect(wallTime(Date.parse('2026-01-01T04:59:59Z'))).toEqual({ y: 2025, m: 12, d: 31, hh: 23, mm: 59, ss: 59 });
  });

  it('instants of wall times: round trips, a repeated hour maps to its first occurrence, other zones', () => {
    for (const at of ['2026-01-15T14:30:00Z', '2026-07-15T13:30:00Z', '2026-03-08T08:15:00Z', '2026-11-01T07:45:00Z']) {
      const w = wallTime(Date.parse(at));
      expect(iso(zonedInstant(w.y, w.m, w.d, w.hh, w.mm, w.ss))).toBe(at.replace('Z', '.000Z'));
    }
    expect(iso(zonedInstant(2026, 11, 1, 1, 30))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, the first one
    expect(iso(zonedInstant(2026, 7, 15, 15, 30, 0, 'Europe/Zurich'))).toBe('2026-07-15T13:30:00.000Z');
    expect(iso(zonedInstant(2026, 7, 15, 19, 0, 0, 'Asia/Kolkata'))).toBe('2026-07-15T13:30:00.000Z'); // +05:30
    expect(iso(zonedInstant(2026, 7, 15, 13, 30, 0, 'UTC'))).toBe('2026-07-15T13:30:00.000Z');
    expect(() => zonedInstant(2026, 7, 15, 0, 0, 0, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('New York calendar days and times on a day (fractional hours)', () => {
    expect(zonedDayNumber(Date.parse('2026-07-16T03:59:59Z'))).toBe(epochDay(2026, 7, 15));
    expect(zonedDayNumber(Date.parse('2026-07-16T04:00:00Z'))).toBe(epochDay(2026, 7, 16));
    expect(iso(zonedTimeOnDay(epochDay(2026, 7, 15), 9.5))).toBe('2026-07-15T13:30:00.000Z');
    expect(iso(zonedTimeOnDay(epochDay(2026, 12, 18), 9, 30))).toBe('2026-12-18T14:30:00.000Z');
    expect(iso(zonedTimeOnDay(epochDay(2026, 12, 18), 16))).toBe('2026-12-18T21:00:00.000Z');
  });

  it('knows valid IANA zones only', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('America/New York; rm -rf')).toBe(false);
  });
});
