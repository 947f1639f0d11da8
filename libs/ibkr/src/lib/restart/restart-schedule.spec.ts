import { isValidTimeZone, parseRestartTime, RestartSchedule } from './restart-schedule';

const ny = new RestartSchedule({ time: '23:45', timeZone: 'America/New_York' });

describe('RestartSchedule', () => {
  it('finds 23:45 New York in winter (UTC-5) and summer (UTC-4)', () => {
    expect(new Date(ny.nextStart(Date.UTC(2026, 10, 23, 15, 0))).toISOString()).toBe('2026-11-24T04:45:00.000Z');
    expect(new Date(ny.nextStart(Date.UTC(2026, 6, 1, 12, 0))).toISOString()).toBe('2026-07-02T03:45:00.000Z');
  });

  it('crosses the daylight-saving change (2026-11-01) correctly', () => {
    expect(new Date(ny.nextStart(Date.UTC(2026, 9, 31, 12, 0))).toISOString()).toBe('2026-11-01T03:45:00.000Z');
    expect(new Date(ny.nextStart(Date.UTC(2026, 10, 1, 12, 0))).toISOString()).toBe('2026-11-02T04:45:00.000Z');
  });

  it('is in the warning 5 minutes before, in the window for 15 minutes after, normal otherwise', () => {
    const start = Date.UTC(2026, 10, 24, 4, 45);
    expect(ny.phase(start - 5 * 60_000 - 1)).toBe('normal');
    expect(ny.phase(start - 5 * 60_000)).toBe('warning');
    expect(ny.phase(start - 1)).toBe('warning');
    expect(ny.phase(start)).toBe('window');
    expect(ny.inWindow(start + 14 * 60_000)).toBe(true);
    expect(ny.phase(start + 15 * 60_000)).toBe('normal');
    expect(ny.lastStart(start + 60_000)).toBe(start);
    expect(ny.nextStart(start)).toBe(start + 86_400_000);
  });

  it('works across midnight in the zone (00:10 Europe/Zurich)', () => {
    const z = new RestartSchedule({ time: '00:10', timeZone: 'Europe/Zurich', windowMinutes: 30 });
    const start = Date.UTC(2026, 10, 23, 23, 10);
    expect(z.nextStart(Date.UTC(2026, 10, 23, 22, 0))).toBe(start);
    expect(z.inWindow(start + 29 * 60_000)).toBe(true);
  });

  it('validates its inputs', () => {
    expect(parseRestartTime('23:45')).toEqual({ hour: 23, minute: 45 });
    expect(parseRestartTime('24:00')).toBeNull();
    expect(parseRestartTime('7:5')).toBeNull();
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(() => new RestartSchedule({ time: 'x', timeZone: 'UTC' })).toThrow(RangeError);
  });
});
