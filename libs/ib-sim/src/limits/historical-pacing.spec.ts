import { ManualClock } from '../clock';
import { DEFAULT_LIMITS } from '../server/sim-limits';
import { HistoricalPacing } from './historical-pacing';

const req = (id: string, contract = 'SPY', barSeconds = 30) => ({
  contractKey: contract,
  identityKey: `${contract}|${id}`,
  barSeconds,
  weight: 1,
});

describe('HistoricalPacing', () => {
  it('refuses an identical request within 15 s, and admits it after', () => {
    const clock = new ManualClock();
    const p = new HistoricalPacing(clock, DEFAULT_LIMITS);
    expect(p.admit(req('a'))).toBe(true);
    clock.advance(14_999);
    expect(p.admit(req('a'))).toBe(false);
    clock.advance(1);
    expect(p.admit(req('a'))).toBe(true);
  });

  it('refuses the sixth request for one contract within 2 s', () => {
    const clock = new ManualClock();
    const p = new HistoricalPacing(clock, DEFAULT_LIMITS);
    for (let i = 0; i < 5; i++) expect(p.admit(req(`r${i}`))).toBe(true);
    expect(p.admit(req('r5'))).toBe(false);
    expect(p.admit(req('other', 'QQQ'))).toBe(true);
    clock.advance(2000);
    expect(p.admit(req('r6'))).toBe(true);
  });

  it('refuses the 61st request within 10 minutes', () => {
    const clock = new ManualClock();
    const p = new HistoricalPacing(clock, DEFAULT_LIMITS);
    for (let i = 0; i < 60; i++) {
      expect(p.admit(req(`r${i}`, `C${i % 20}`))).toBe(true);
      clock.advance(500);
    }
    expect(p.admit(req('late', 'X'))).toBe(false);
    clock.advance(10 * 60_000);
    expect(p.admit(req('later', 'X'))).toBe(true);
  });

  it('does not pace bars larger than 30 seconds', () => {
    const p = new HistoricalPacing(new ManualClock(), DEFAULT_LIMITS);
    for (let i = 0; i < 100; i++) expect(p.admit(req('same', 'SPY', 86400))).toBe(true);
  });
});
