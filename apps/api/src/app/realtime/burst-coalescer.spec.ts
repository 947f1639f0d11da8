import { BurstCoalescer } from './burst-coalescer';

describe('BurstCoalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires the first request at once and the rest of a burst once at the end of the window', () => {
    const fired: number[] = [];
    const c = new BurstCoalescer(() => fired.push(Date.now()), 100);
    const t0 = Date.now();
    c.request();
    expect(fired).toEqual([t0]);
    jest.advanceTimersByTime(30);
    c.request();
    jest.advanceTimersByTime(30);
    c.request();
    expect(fired).toHaveLength(1);
    jest.advanceTimersByTime(40);
    expect(fired).toEqual([t0, t0 + 100]);
    // nothing more was asked: the window closes quietly, and the next request fires at once
    jest.advanceTimersByTime(500);
    expect(fired).toHaveLength(2);
    c.request();
    expect(fired).toEqual([t0, t0 + 100, t0 + 600]);
  });

  it('never fires more than once per interval under a steady stream, and the last request is always served', () => {
    const fired: number[] = [];
    const c = new BurstCoalescer(() => fired.push(Date.now()), 100);
    const t0 = Date.now();
    let last = t0;
    for (let ms = 0; ms < 1000; ms += 10) {
      last = Date.now();
      c.request();
      jest.advanceTimersByTime(10);
    }
    jest.advanceTimersByTime(1000);
    expect(fired.length).toBe(11); // t0, t0 + 100, …, t0 + 1000
    for (let i = 1; i < fired.length; i++) expect(fired[i] - fired[i - 1]).toBeGreaterThanOrEqual(100);
    expect(fired.at(-1)).toBeGreaterThanOrEqual(last); // the last request was served after it was made
  });

  it('dispose cancels a pending fire', () => {
    let fired = 0;
    const c = new BurstCoalescer(() => fired++, 100);
    c.request();
    c.request();
    c.dispose();
    jest.advanceTimersByTime(1000);
    expect(fired).toBe(1);
  });
});
