import { ManualClock } from '@ibsc/clock';
import { PublishThrottle } from './publish-throttle';

describe('PublishThrottle (coalesced publications)', () => {
  function setup(perSecond = 4) {
    const clock = new ManualClock(1_000_000);
    const calls: Array<{ at: number; symbols: string[]; flushed: boolean }> = [];
    const t = new PublishThrottle(clock, (symbols, flushed) => calls.push({ at: clock.now(), symbols, flushed }), perSecond);
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
});
