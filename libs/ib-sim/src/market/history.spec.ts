import { isTradingDay, parseYmd, tradingDayOnOrBefore, nyDay } from './calendar';
import {
  earningsDays,
  generateHistory,
  HISTORY_DAYS,
  HV_WINDOW,
  hvBars,
  iv30WithEarnings,
  realisedVol,
} from './history';
import { UNDERLYINGS } from './universe';

const START = Date.UTC(2026, 10, 23, 15);
const today = tradingDayOnOrBefore(nyDay(START));

describe('generated history', () => {
  const spy = UNDERLYINGS[0];

  it('is deterministic per seed and differs across seeds', () => {
    const a = generateHistory(spy, today, 5);
    const b = generateHistory(spy, today, 5);
    const c = generateHistory(spy, today, 6);
    expect(a.trades).toEqual(b.trades);
    expect(a.iv).toEqual(b.iv);
    expect(c.trades[10].close).not.toBeCloseTo(a.trades[10].close, 2);
  });

  it('covers a year and a half of trading days ending today at the starting spot', () => {
    const h = generateHistory(spy, today, 1);
    expect(h.trades).toHaveLength(HISTORY_DAYS + HV_WINDOW);
    expect(h.trades[h.trades.length - 1].close).toBe(spy.spot);
    expect(h.trades[h.trades.length - 1].date).toBe('20261123');
    for (let i = 0; i < h.trades.length; i++) {
      const b = h.trades[i];
      expect(isTradingDay(parseYmd(b.date))).toBe(true);
      if (i > 0) expect(b.date > h.trades[i - 1].date).toBe(true);
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.volume).toBeGreaterThan(0);
    }
  });

  it('has realised vol in line with the IV it was drawn from', () => {
    const h = generateHistory(spy, today, 1);
    const hv = hvBars(h.trades).slice(HV_WINDOW).map((b) => b.close);
    const meanHv = hv.reduce((a, b) => a + b, 0) / hv.length;
    const meanIv = h.iv.reduce((a, b) => a + b.close, 0) / h.iv.length;
    expect(meanHv / meanIv).toBeGreaterThan(0.55);
    expect(meanHv / meanIv).toBeLessThan(1.1);
  });

  it('ramps IV up into each report and crushes it after', () => {
    const nvda = UNDERLYINGS.find((u) => u.def.symbol === 'NVDA');
    if (!nvda) throw new Error('NVDA missing');
    const h = generateHistory(nvda, today, 3);
    const past = earningsDays(nvda, today).filter((d) => d < today);
    expect(past.length).toBeGreaterThan(4);
    const moves: number[] = [];
    for (const d of past) {
      const i = h.days.indexOf(d);
      if (i < 25 || i + 1 >= h.iv.length) continue;
      moves.push(h.iv[i + 1].close - h.iv[i].close); // report day → the day after

    }
    expect(moves.length).toBeGreaterThanOrEqual(4);
    expect(moves.filter((m) => m < 0).length).toBeGreaterThan(moves.length / 2);
    expect(moves.reduce((a, b) => a + b, 0) / moves.length).toBeLessThan(-0.02);
  });

  it('adds the earnings premium to the 30-day IV only while the report is within 30 days', () => {
    expect(iv30WithEarnings(0.4, 0, 0.07)).toBeCloseTo(Math.sqrt(0.16 + 0.0049 / (30 / 365)), 12);
    expect(iv30WithEarnings(0.4, 29, 0.07)).toBeGreaterThan(0.46);
    expect(iv30WithEarnings(0.4, 30, 0.07)).toBe(0.4);
    expect(iv30WithEarnings(0.4, -1, 0.07)).toBe(0.4);
    expect(iv30WithEarnings(0.4, undefined, undefined)).toBe(0.4);
  });

  it('computes realised vol as the annualised sample stdev of log returns', () => {
    const closes = [100, 101, 99, 100.5, 100];
    const rets = closes.slice(1).map((c, i) => Math.log(c / closes[i]));
    const m = rets.reduce((a, b) => a + b, 0) / rets.length;
    const v = rets.reduce((a, b) => a + (b - m) ** 2, 0) / (rets.length - 1);
    expect(realisedVol(closes, 4)).toBeCloseTo(Math.sqrt(v * 252), 12);
  });
});
