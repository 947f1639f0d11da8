import { epochDay, formatYmd, isTradingDay, nextTradingDay, nyseHolidays, parseYmd, previousTradingDay, tradingDayOnOrBefore, weekday } from './trading-calendar';

const days = (set: Set<number>) => [...set].sort((a, b) => a - b).map(formatYmd);

describe('the NYSE trading calendar', () => {
  it('full-day holidays by rule, with Saturday/Sunday observance (and no Friday for a Saturday New Year)', () => {
    expect(days(nyseHolidays(2026))).toEqual(['20260101', '20260119', '20260216', '20260403', '20260525', '20260619', '20260703', '20260907', '20261126', '20261225']);
    expect(days(nyseHolidays(2027))).toEqual(['20270101', '20270118', '20270215', '20270326', '20270531', '20270618', '20270705', '20270906', '20271125', '20271224']);
    expect(days(nyseHolidays(2028))).not.toContain('20271231'); // New Year 2028 is a Saturday: not observed
  });

  it('trading days around holidays and weekends', () => {
    const goodFriday = parseYmd('20260403');
    expect(isTradingDay(goodFriday)).toBe(false);
    expect(formatYmd(previousTradingDay(parseYmd('20260406')))).toBe('20260402');
    expect(formatYmd(nextTradingDay(parseYmd('20260402')))).toBe('20260406');
    expect(formatYmd(tradingDayOnOrBefore(parseYmd('20260620')))).toBe('20260618'); // Saturday, then Juneteenth
    expect(isTradingDay(parseYmd('20260615'))).toBe(true);
    expect(weekday(epochDay(2026, 12, 5))).toBe(6);
  });
});
