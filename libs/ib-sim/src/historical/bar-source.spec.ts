import { ManualClock } from '../clock';
import { createMarketModel } from '../market';
import { nyDateTime } from './bar-request';
import { intradayBars } from './bar-source';

describe('intradayBars', () => {
  const clock = new ManualClock();
  const market = createMarketModel({ clock, seed: 1 });
  afterAll(() => market.dispose());
  const spy = market.findContracts({ secType: 'STK', symbol: 'SPY' })[0];

  it('does not ask Intl for every bar (a 540-bar answer must not hold the event loop)', () => {
    const formatToParts = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const bars = intradayBars(market, spy, 'TRADES', 5, 2700, clock.now(), 1);
      expect(bars).toHaveLength(540);
      // One zone lookup per UTC hour the bars span, not one per bar (it used to be 540).
      expect(formatToParts.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      formatToParts.mockRestore();
    }
  });

  it('dates bars in New York time, across a DST change too', () => {
    const bars = intradayBars(market, spy, 'TRADES', 5, 2700, clock.now(), 1);
    expect(bars[0].date).toBe('20261123 09:15:00');
    expect(bars[539].date).toBe('20261123 09:59:55');
    // 2026-11-01 06:00 UTC is 01:00 EST, just after 01:59:59 EDT.
    expect(nyDateTime(Date.UTC(2026, 10, 1, 5, 59, 59))).toBe('20261101 01:59:59');
    expect(nyDateTime(Date.UTC(2026, 10, 1, 6, 0, 0))).toBe('20261101 01:00:00');
    expect(nyDateTime(Date.UTC(2026, 2, 8, 7, 0, 0))).toBe('20260308 03:00:00');
    const hourly = intradayBars(market, spy, 'TRADES', 3600, 6 * 3600, Date.UTC(2026, 10, 1, 9, 0, 0), 1);
    expect(hourly.map((b) => b.date.slice(9))).toEqual(['23:00:00', '00:00:00', '01:00:00', '01:00:00', '02:00:00', '03:00:00']);
  });
});
