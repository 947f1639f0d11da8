import { ExponentialBackoff } from './backoff';

describe('ExponentialBackoff', () => {
  it('doubles from the initial delay up to the cap, without jitter', () => {
    const b = new ExponentialBackoff({ initialMs: 500, maxMs: 5000, jitter: 0 });
    expect(Array.from({ length: 6 }, () => b.next())).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect(b.attempts).toBe(6);
  });

  it('jitters each delay down by at most the jitter fraction', () => {
    const b = new ExponentialBackoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0.999999 });
    expect(b.next()).toBe(500);
    const c = new ExponentialBackoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0 });
    expect(c.next()).toBe(1000);
    const d = new ExponentialBackoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5 });
    for (let i = 0; i < 50; i++) {
      const v = d.next();
      const base = Math.min(8000, 1000 * 2 ** i);
      expect(v).toBeGreaterThanOrEqual(base / 2 - 1);
      expect(v).toBeLessThanOrEqual(base);
    }
  });

  it('honours a lower cap for one call (the restart window) and restarts after reset', () => {
    const b = new ExponentialBackoff({ initialMs: 500, maxMs: 30_000, jitter: 0 });
    for (let i = 0; i < 10; i++) b.next();
    expect(b.next(1000)).toBe(1000);
    b.reset();
    expect(b.next()).toBe(500);
  });

  it('rejects nonsense settings', () => {
    expect(() => new ExponentialBackoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => new ExponentialBackoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
  });
});
