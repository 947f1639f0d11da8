import { ManualClock, SystemClock } from './clock';

describe('ManualClock', () => {
  it('fires due timers in time order, intervals repeatedly, and only when advanced', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    const every = clock.setInterval(() => fired.push(`i@${clock.now()}`), 150);
    expect(fired).toEqual([]);
    clock.advance(300);
    expect(fired).toEqual(['a@1100', 'i@1150', 'b@1200', 'i@1300']);
    expect(clock.now()).toBe(1_300);
    clock.clearInterval(every);
    clock.advance(1_000);
    expect(fired).toHaveLength(4);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('cancels a timeout, and set() moves forward only', () => {
    const clock = new ManualClock(new Date(5_000));
    const t = clock.setTimeout(() => {
      throw new Error('cancelled timer fired');
    }, 10);
    clock.clearTimeout(t);
    clock.set(6_000);
    clock.set(5_500);
    expect(clock.now()).toBe(6_000);
  });
});

describe('SystemClock', () => {
  it('runs real timers, treats a negative delay as 0 and leaves nothing pending once fired or cleared', async () => {
    const clock = new SystemClock();
    const fired = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), -5));
    expect(fired).toBeGreaterThan(0);
    const i = clock.setInterval(() => undefined, 0);
    expect(clock.pending()).toBe(1);
    clock.clearInterval(i);
    expect(clock.pending()).toBe(0);
  });
});
