import { ManualClock } from '@ibsc/clock';
import { PublishThrottle } from './publish-throttle';

describe('PublishThrottle (coalesced publications)', () => {
  function setup(perSecond = 4) {
    const clock = new ManualClock(1_000_000);
    const calls: Array<{ at: number; symbols: string[]; flushed: boolean }> = [];
    const t = new PublishThrottle(clock, (symbols, flushed) => void calls.push({ at: clock.now(), symbols, flushed }), perSecond);
    return { clock, calls, t };
  }

  it('publishes the first request at once, coalesces the rest of the interval into one publication at its end', () => {
    const { clock, calls, t } = setup(4);
    t.request('SPY');
    expect(calls).toEqual([{ at: 1_000_000, symbols: ['SPY'], flushed: false }]);
    clock.advance(100);
    t.request('SPY');
    t.request('QQQ');
    t.request('SPY');
    expect(calls).toHaveLength(1);
    expect(t.held()).toEqual(['SPY', 'QQQ']);
    clock.advance(149);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect(calls[1]).toEqual({ at: 1_000_250, symbols: ['SPY', 'QQQ'], flushed: false });
    // a burst of 100 requests over 2 s: at most 4 publications per second
    for (let i = 0; i < 100; i++) {
      t.request(i % 2 ? 'SPY' : 'IWM');
      clock.advance(20);
    }
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    expect(calls.length).toBeLessThanOrEqual(2 + 8 + 1);
  });

  it('flush publishes what is held now; cancel drops it; nothing held publishes nothing', () => {
    const { clock, calls, t } = setup(2);
    t.flush();
    expect(calls).toEqual([]);
    t.request('SPY');
    t.request('IWM');
    t.flush();
    expect(calls.map((c) => [c.symbols, c.flushed])).toEqual([
      [['SPY'], false],
      [['IWM'], true],
    ]);
    t.request('QQQ');
    t.cancel();
    clock.advance(5_000);
    expect(calls).toHaveLength(2);
    expect(() => new PublishThrottle(clock, () => undefined, 0)).toThrow(/positive/);
  });
  it('an asynchronous publication holds the next until it ends, and the interval counts from its end (ADR 0025)', async () => {
    const clock = new ManualClock(1_000_000);
    const calls: Array<{ at: number; symbols: string[]; flushed: boolean }> = [];
    const ends: Array<() => void> = [];
    const t = new PublishThrottle(
      clock,
      (symbols, flushed) => {
        calls.push({ at: clock.now(), symbols, flushed });
        return new Promise<void>((resolve) => ends.push(resolve));
      },
      4,
    );
    t.request('SPY');
    expect(calls).toHaveLength(1);
    clock.advance(400);
    t.request('QQQ');
    clock.advance(400);
    // The first publication is still running: nothing else goes out, however long it takes.
    expect(calls).toHaveLength(1);
    ends[0]();
    await Promise.resolve();
    await Promise.resolve();
    // It ended at 1_000_800: the next one waits a whole interval from there.
    clock.advance(249);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect(calls[1]).toEqual({ at: 1_001_050, symbols: ['QQQ'], flushed: false });
    // A flush while one runs waits for its end, then runs at once.
    t.request('IWM');
    t.flush();
    expect(calls).toHaveLength(2);
    ends[1]();
    await Promise.resolve();
    await Promise.resolve();
    expect(calls[2]).toEqual({ at: 1_001_050, symbols: ['IWM'], flushed: true });
  });
});
