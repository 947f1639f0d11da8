import { ManualClock } from '@ibsc/clock';
import type { LineStatus, LineSubscription, LineUsage, MarketDataConsumer, Quote } from '@ibsc/ibkr';
import { contractKey, type OptionContract } from '../chain/option-chain';
import { FreshRows, type FreshQuotes } from './fresh-rows';

const leg = (strike: number, right: 'C' | 'P' = 'P'): OptionContract => ({ conId: strike, symbol: 'SPY', expiry: '20261218', strike, right, multiplier: 100 });

/**
 * A line manager that records every line asked for (each is one reqMktData; its release one cancel) and lets the
 * test answer it with a bid/ask at the clock's time; `queue` is the coordinator's queue depth.
 */
function fakeGateway(clock: ManualClock, max = 90) {
  const lines = new Map<string, { status: LineStatus; quote: Quote; consumer: MarketDataConsumer; pinned: boolean }>();
  const asked: number[] = [];
  let released = 0;
  let queue = 0;
  return {
    asked,
    released: () => released,
    open: () => [...lines.keys()].map(Number),
    setQueue: (n: number) => (queue = n),
    /** Every line open now ticks a bid/ask (and model greeks) at the clock's time. */
    tickAll: () => {
      for (const l of lines.values()) {
        Object.assign(l.quote, { bid: 1, ask: 1.1, model: { delta: -0.3 }, updatedAt: clock.now() });
        l.consumer.onTick?.({ kind: 'price', field: 1, value: 1 }, l.quote);
      }
    },
    ports: {
      clock,
      coordinator: {
        submit: () => Promise.reject(new Error('not used')),
        whenAccepting: () => Promise.resolve(),
        whenQueueBelow: () => Promise.resolve(),
        backpressure: () => ({ level: 'normal' as const, tier: (queue <= 25 ? 0 : 1) as 0 | 1, queueDepth: queue, paused: false, slowdown: 1 }),
      },
      lines: {
        subscribe: (c: { conId?: number }, consumer: MarketDataConsumer = {}, opts: { pinned?: boolean } = {}): LineSubscription => {
          const key = String(c.conId);
          asked.push(c.conId as number);
          const l = { status: 'active' as LineStatus, quote: { generic: {}, delayed: false, updatedAt: null } as Quote, consumer, pinned: !!opts.pinned };
          lines.set(key, l);
          return {
            key,
            status: () => l.status,
            quote: () => ({ ...l.quote }),
            tickerId: () => 1,
            touch: () => undefined,
            pin: () => undefined,
            unpin: () => undefined,
            release: () => {
              if (l.status === 'released') return;
              l.status = 'released';
              released++;
              lines.delete(key);
            },
          };
        },
        usage: (): LineUsage => {
          const pinned = [...lines.values()].filter((l) => l.pinned).length;
          return { active: lines.size, max, usagePct: 0, waiting: 0, pinned, yielding: pinned, priority: 0, evictions: 0, snapshots: 0 };
        },
      },
    },
  };
}

describe('FreshRows (the fresh lane) on a manual clock', () => {
  it('holds lines for the first legs in priority order (named rows first) and reads them without messages', () => {
    const clock = new ManualClock(1_000_000);
    const gw = fakeGateway(clock);
    const lane = new FreshRows(gw.ports, { holdLines: 4, rotationLines: 0, messagesPerSecond: 45, messageShare: 0.4, handOverMs: 0 });
    const got: FreshQuotes[] = [];
    lane.start((q) => got.push(q));
    const named = [leg(10), leg(11)];
    const top = [leg(1), leg(2), leg(3), leg(4), leg(5)];
    lane.setWanted([...named, ...top].map((contract) => ({ contract, quoteTime: 0 })));
    clock.advance(250);
    // 4 held lines: the named legs, then the top ones in their order
    expect(gw.open()).toEqual([10, 11, 1, 2]);
    expect(lane.stats()).toMatchObject({ held: 4, messages: 8 });
    gw.tickAll();
    clock.advance(250);
    expect([...(got.at(-1)?.get('SPY')?.keys() ?? [])]).toEqual([leg(10), leg(11), leg(1), leg(2)].map(contractKey));
    expect(lane.stats()).toMatchObject({ fromStreams: 4, fromRotation: 0, messages: 8 });
    // reading again sends nothing and refreshes only what moved
    clock.advance(250);
    expect(lane.stats()).toMatchObject({ fromStreams: 4, messages: 8 });
    expect(gw.asked).toHaveLength(4);
    gw.tickAll();
    clock.advance(250);
    expect(lane.stats()).toMatchObject({ fromStreams: 8, messages: 8 });
    // a live line that did not tick is still current: re-taken as of now a second after the last take
    clock.advance(750);
    expect(lane.stats()).toMatchObject({ fromStreams: 8 });
    clock.advance(250);
    expect(lane.stats()).toMatchObject({ fromStreams: 12, messages: 8 });
    expect(got.at(-1)?.get('SPY')?.get(contractKey(leg(1)))?.quoteTime).toBe(clock.now());
    lane.stop();
    expect(gw.open()).toEqual([]);
  });

  it('rotates the legs no line serves, oldest quote first, within its share of the message rate', () => {
    const clock = new ManualClock(1_000_000);
    const gw = fakeGateway(clock);
    // 40 % of 10 messages/s = 4 messages/s: 2 rotations a second at most
    const lane = new FreshRows(gw.ports, { holdLines: 0, rotationLines: 10, messagesPerSecond: 10, messageShare: 0.4, dwellMs: 100 });
    lane.start(() => undefined);
    const t = clock.now();
    // quote times: leg 3 oldest, then 1, then 4, then 2
    lane.setWanted([
      { contract: leg(1), quoteTime: t - 20_000 },
      { contract: leg(2), quoteTime: t - 1_000 },
      { contract: leg(3), quoteTime: t - 60_000 },
      { contract: leg(4), quoteTime: t - 5_000 },
    ]);
    clock.advance(250);
    // the bucket starts full (4 tokens): the two oldest
    expect(gw.asked).toEqual([3, 1]);
    gw.tickAll();
    clock.advance(250);
    expect(gw.released()).toBe(2);
    expect(lane.stats()).toMatchObject({ fromRotation: 2, messages: 4 });
    // then 4 messages a second: over 10 s, at most 4 + 40 messages whatever the backlog
    for (let i = 0; i < 40; i++) {
      gw.tickAll();
      clock.advance(250);
    }
    const perSecond = lane.stats().messages;
    expect(perSecond).toBeLessThanOrEqual(4 + 4 * 10.5);
    expect(perSecond).toBeGreaterThanOrEqual(4 * 9);
    // the next after the first two were refreshed: 4 (oldest left), then 2, then the refreshed ones again (1 and 3 answered at the same time: in the fresh set.s order)
    expect(gw.asked.slice(2, 4)).toEqual([4, 2]);
    expect(gw.asked.slice(4, 8)).toEqual([1, 3, 4, 2]);
    lane.stop();
  });

  it('rotates the stale core legs (named, top rows) before the margin below the top, then oldest first', () => {
    const clock = new ManualClock(1_000_000);
    const gw = fakeGateway(clock);
    const lane = new FreshRows(gw.ports, { holdLines: 0, rotationLines: 10, messagesPerSecond: 10, messageShare: 0.4, coreAgeMs: 3_000 });
    lane.start(() => undefined);
    const t = clock.now();
    lane.setWanted([
      { contract: leg(1), quoteTime: t - 1_000 },
      { contract: leg(2), quoteTime: t - 10_000 },
      { contract: leg(3), quoteTime: t - 60_000, margin: true },
    ]);
    clock.advance(250);
    // core leg 2 is stale (10 s > 3 s): before the older margin leg 3; core leg 1 is young: after it
    expect(gw.asked).toEqual([2, 3]);
    lane.stop();
  });

  it('sends nothing while the coordinator queue is at its first backpressure tier; a rotation without a bid/ask is missed', () => {
    const clock = new ManualClock(1_000_000);
    const gw = fakeGateway(clock);
    const lane = new FreshRows(gw.ports, { holdLines: 2, rotationLines: 4, timeoutMs: 1_000 });
    lane.start(() => undefined);
    gw.setQueue(25);
    lane.setWanted([leg(1), leg(2), leg(3)].map((contract) => ({ contract, quoteTime: null })));
    clock.advance(1_000);
    expect(gw.asked).toEqual([]);
    expect(lane.stats().backoffs).toBe(4);
    gw.setQueue(3);
    clock.advance(250);
    // two held, one rotation; the rotation gets no bid/ask
    expect(gw.asked).toEqual([1, 2, 3]);
    clock.advance(1_000);
    expect(lane.stats()).toMatchObject({ missed: 1, fromRotation: 0, held: 2 });
    lane.stop();
  });
});
