import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('grants a burst, then refuses with the wait until the next token, and refills with time', () => {
    let now = 1_000_000;
    const b = new TokenBuckets({ perSec: 2, burst: 3 }, () => now);
    expect([b.take('k'), b.take('k'), b.take('k')]).toEqual([null, null, null]);
    expect(b.take('k')).toBe(1);
    now += 499;
    expect(b.take('k')).toBe(1);
    now += 1;
    expect(b.take('k')).toBeNull();
    expect(b.take('k')).toBe(1);
    now += 10_000;
    expect([b.take('k'), b.take('k'), b.take('k'), b.take('k')]).toEqual([null, null, null, 1]);
  });

  it('keeps one bucket per key', () => {
    const b = new TokenBuckets({ perSec: 1, burst: 1 }, () => 0);
    expect(b.take('a')).toBeNull();
    expect(b.take('a')).toBe(1);
    expect(b.take('b')).toBeNull();
  });

  it('says how many seconds a slow rate needs', () => {
    const b = new TokenBuckets({ perSec: 0.1, burst: 1 }, () => 0);
    b.take('k');
    expect(b.take('k')).toBe(10);
  });
});
