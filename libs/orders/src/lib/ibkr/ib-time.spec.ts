import { execFilterTime, parseIbTime, startOfDay } from './ib-time';

describe('time as IB writes it', () => {
  const fallback = new Date(0);

  it('reads execution times in the zone they name, New York by default, across daylight saving', () => {
    expect(parseIbTime('20260715 09:30:00 US/Eastern', fallback).toISOString()).toBe('2026-07-15T13:30:00.000Z');
    expect(parseIbTime('20260115 09:30:00 US/Eastern', fallback).toISOString()).toBe('2026-01-15T14:30:00.000Z');
    expect(parseIbTime('20260115  09:30:00', fallback).toISOString()).toBe('2026-01-15T14:30:00.000Z');
    expect(parseIbTime('20260115-09:30:00', fallback, 'UTC').toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(parseIbTime('20260715 08:30:00 US/Central', fallback).toISOString()).toBe('2026-07-15T13:30:00.000Z');
    expect(parseIbTime('20260715 15:30:00 Europe/Zurich', fallback).toISOString()).toBe('2026-07-15T13:30:00.000Z');
  });

  it('falls back to the time received for an unknown zone or shape', () => {
    expect(parseIbTime('20260715 09:30:00 Mars/Olympus', fallback)).toBe(fallback);
    expect(parseIbTime('2026-07-15 09:30', fallback)).toBe(fallback);
    expect(parseIbTime(undefined, fallback)).toBe(fallback);
  });

  it('writes the reqExecutions filter time in New York and finds the start of the New York day', () => {
    expect(execFilterTime(new Date('2026-07-15T13:30:05Z'))).toBe('20260715-09:30:05');
    expect(execFilterTime(new Date('2026-01-15T03:00:00Z'))).toBe('20260114-22:00:00');
    expect(startOfDay(new Date('2026-07-15T13:30:00Z')).toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(startOfDay(new Date('2026-01-15T03:00:00Z')).toISOString()).toBe('2026-01-14T05:00:00.000Z');
    // the day daylight saving starts: midnight is still EST
    expect(startOfDay(new Date('2026-03-08T15:00:00Z')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });
});
