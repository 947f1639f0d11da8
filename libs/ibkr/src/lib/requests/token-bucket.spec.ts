import { ManualClock } from '@ibsc/ib-sim';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets the capacity through at once, then refills at the rate', () => {
    const clock = new ManualClock();
    const b = new TokenBucket(clock, 45, 2);
    expect([b.tryTake(), b.tryTake(), b.tryTake()]).toEqual([true, true, false]);
    expect(b.msUntilToken()).toBe(23);
    clock.advance(22);
    expect(b.tryTake()).toBe(false);
    clock.advance(1);
    expect(b.tryTake()).toBe(true);
  });

  it('never allows more than rate + capacity in any one-second window', () => {
    const clock = new ManualClock();
    const b = new TokenBucket(clock, 45, 2);
    const sent: number[] = [];
    for (let t = 0; t < 10_000; t += 7) {
      while (b.tryTake()) sent.push(clock.now());
      clock.advance(7);
    }
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((s) => s >= sent[i] && s < sent[i] + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(47);
    }
    // and the long-run rate is the configured one
    expect(sent.length).toBeGreaterThanOrEqual(449);
    expect(sent.length).toBeLessThanOrEqual(452);
  });

  it('defaults the capacity to a twentieth of the rate, at least 1', () => {
    expect(new TokenBucket(new ManualClock(), 45).capacity).toBe(2);
    expect(new TokenBucket(new ManualClock(), 5).capacity).toBe(1);
    expect(() => new TokenBucket(new ManualClock(), 0)).toThrow(RangeError);
  });
});
