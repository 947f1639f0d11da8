import { ManualClock } from '@ibsc/ib-sim';
import { HistoricalPacer, HistoricalPacingKey, IB_HISTORICAL_LIMITS } from './historical-pacer';

const M = IB_HISTORICAL_LIMITS.marginMs;

const key = (id: string, contract = 'SPY', barSeconds = 5, weight = 1): HistoricalPacingKey => ({
  contractKey: contract,
  identityKey: `${contract}|${id}`,
  barSeconds,
  weight,
});

describe('HistoricalPacer', () => {
  it('holds an identical request for 15 s', () => {
    const clock = new ManualClock();
    const p = new HistoricalPacer(clock);
    expect(p.delayMs(key('a'))).toBe(0);
    p.sent(key('a'));
    p.closed();
    clock.advance(5000);
    expect(p.delayMs(key('a'))).toBe(10_000 + M);
    expect(p.delayMs(key('b'))).toBe(0);
    clock.advance(10_000 + M);
    expect(p.delayMs(key('a'))).toBe(0);
  });

  it('allows 5 requests per contract in 2 s, the sixth waits; BID_ASK counts twice', () => {
    const clock = new ManualClock();
    const p = new HistoricalPacer(clock);
    for (let i = 0; i < 5; i++) {
      expect(p.delayMs(key(`r${i}`))).toBe(0);
      p.sent(key(`r${i}`));
      clock.advance(100);
    }
    expect(p.delayMs(key('r5'))).toBe(1500 + M);
    expect(p.delayMs(key('x', 'QQQ'))).toBe(0);
    expect(p.delayMs(key('y', 'QQQ', 5, 2))).toBe(0);
  });

  it('allows 60 paced requests in 10 minutes', () => {
    const clock = new ManualClock();
    const p = new HistoricalPacer(clock);
    for (let i = 0; i < 60; i++) {
      expect(p.delayMs(key(`r${i}`, `C${i}`))).toBe(0);
      p.sent(key(`r${i}`, `C${i}`));
      p.closed();
      clock.advance(1000);
    }
    expect(p.delayMs(key('late', 'X'))).toBe(600_000 - 60_000 + M);
  });

  it('does not pace bars above 30 s but still caps open requests at 50', () => {
    const clock = new ManualClock();
    const p = new HistoricalPacer(clock);
    for (let i = 0; i < 50; i++) {
      expect(p.delayMs(key('same', 'SPY', 3600))).toBe(0);
      p.sent(key('same', 'SPY', 3600));
    }
    expect(p.delayMs(key('same', 'SPY', 3600))).toBe(Number.POSITIVE_INFINITY);
    p.closed();
    expect(p.delayMs(key('same', 'SPY', 3600))).toBe(0);
  });
});
