import {
  epochDay,
  expiryDays,
  expiryInstant,
  formatYmd,
  isTradingDay,
  nyDay,
  nyseHolidays,
  nyTime,
  parseYmd,
  weekday,
} from './calendar';

describe('calendar', () => {
  it('formats and parses YYYYMMDD', () => {
    const d = epochDay(2026, 11, 23);
    expect(formatYmd(d)).toBe('20261123');
    expect(parseYmd('20261123')).toBe(d);
    expect(weekday(d)).toBe(1); // Monday
  });

  it('knows the NYSE holidays of 2026', () => {
    const h = [...nyseHolidays(2026)].sort((a, b) => a - b).map(formatYmd);
    expect(h).toEqual([
      '20260101',
      '20260119',
      '20260216',
      '20260403', // Good Friday
      '20260525',
      '20260619',
      '20260703', // July 4th is a Saturday
      '20260907',
      '20261126',
      '20261225',
    ]);
    expect(isTradingDay(parseYmd('20261126'))).toBe(false);
    expect(isTradingDay(parseYmd('20261128'))).toBe(false); // Saturday
    expect(isTradingDay(parseYmd('20261127'))).toBe(true);
  });

  it('puts 16:00 New York at 20:00 UTC in summer and 21:00 UTC in winter', () => {
    expect(new Date(expiryInstant(parseYmd('20260717'))).toISOString()).toBe('2026-07-17T20:00:00.000Z');
    expect(new Date(expiryInstant(parseYmd('20261218'))).toISOString()).toBe('2026-12-18T21:00:00.000Z');
  });

  it('finds the New York day of an instant', () => {
    expect(formatYmd(nyDay(Date.UTC(2026, 10, 24, 3, 0)))).toBe('20261123'); // 22:00 the evening before
    expect(formatYmd(nyDay(Date.UTC(2026, 10, 24, 6, 0)))).toBe('20261124');
    expect(nyTime(parseYmd('20261124'), 0)).toBe(Date.UTC(2026, 10, 24, 5, 0));
  });

  it('lists weekly Fridays then monthly third Fridays, moving holiday Fridays to Thursday', () => {
    const days = expiryDays(Date.UTC(2026, 10, 23, 15), 8, 12).map(formatYmd);
    expect(days.slice(0, 8)).toEqual([
      '20261127',
      '20261204',
      '20261211',
      '20261218',
      '20261224', // Christmas Friday
      '20261231',
      '20270108',
      '20270115',
    ]);
    expect(days.slice(8)).toEqual([
      '20270219',
      '20270319',
      '20270416',
      '20270521',
      '20270617', // Juneteenth Friday
      '20270716',
      '20270820',
      '20270917',
      '20271015',
      '20271119',
    ]);
  });

  it("includes today's Friday only before 16:00 New York", () => {
    const friday = parseYmd('20261204');
    expect(formatYmd(expiryDays(nyTime(friday, 15, 59), 1, 0)[0])).toBe('20261204');
    expect(formatYmd(expiryDays(nyTime(friday, 16, 0), 2, 0)[0])).toBe('20261211');
  });
});
