import { EventEmitter } from 'node:events';
import { ManualClock } from '@ibsc/clock';
import type { IbConnection } from '@ibsc/ibkr';
import type { OrderEvent } from '../gateway/gateway-events';
import type { OrderEventOutcome, OrderEventsService } from '../lifecycle/order-events.service';
import { IbOrderEventFeed, type OrderEventFeedHooks } from './ib-order-event-feed';

/** The feed's queue on a scripted database: `up` toggles the outage, `bad` makes one order's events fail. */
function harness(maxBacklog = 100) {
  const clock = new ManualClock();
  const incoming = new EventEmitter();
  const db = { up: true, bad: new Set<number>(), applied: [] as number[] };
  const events = {
    apply: async (e: OrderEvent): Promise<OrderEventOutcome> => {
      const id = (e as { orderId: number }).orderId;
      if (!db.up || db.bad.has(id)) throw new Error('connect ECONNREFUSED');
      db.applied.push(id);
      return { orderId: null } as unknown as OrderEventOutcome;
    },
  } as unknown as OrderEventsService;
  const seen = { stalled: 0, recovered: [] as number[], dropped: [] as string[] };
  const hooks: OrderEventFeedHooks = {
    onOutcome: () => undefined,
    probe: async () => db.up,
    onStalled: () => void seen.stalled++,
    onRecovered: (_ms, n) => void seen.recovered.push(n),
    onDropped: (e, reason) => void seen.dropped.push(`${(e as { orderId: number }).orderId}:${reason}`),
  };
  const feed = new IbOrderEventFeed({ incoming } as unknown as IbConnection, events, 7, clock, hooks, { maxBacklog, retryMs: 1_000 });
  feed.start();
  const status = (orderId: number) => incoming.emit('orderStatus', orderId, 'Submitted', 0, 1, 0, 9000 + orderId, 0, 0, 7, '');
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return { clock, db, feed, seen, status, settle };
}

describe('IbOrderEventFeed: nothing dropped for a database outage', () => {
  it('keeps events while the database is away and applies them in arrival order when it returns, once', async () => {
    const h = harness();
    h.db.up = false;
    for (const id of [1, 2, 3]) h.status(id);
    await h.settle();
    expect(h.feed.stalled()).toBe(true);
    expect(h.feed.backlog()).toBe(3);
    h.clock.advance(5_000);
    await h.settle();
    expect(h.db.applied).toEqual([]);
    h.db.up = true;
    h.clock.advance(1_000);
    await h.feed.drained();
    expect(h.db.applied).toEqual([1, 2, 3]);
    expect(h.seen).toMatchObject({ stalled: 1, recovered: [3], dropped: [] });
    expect(h.feed.backlog()).toBe(0);
  });

  it('past the bound the oldest kept event is dropped and reported', async () => {
    const h = harness(2);
    h.db.up = false;
    h.status(1);
    await h.settle(); // stalled: the head waits for the retry
    h.status(2);
    h.status(3);
    h.db.up = true;
    h.clock.advance(1_000);
    await h.feed.drained();
    expect(h.seen.dropped).toEqual(['1:overflow']);
    expect(h.db.applied).toEqual([2, 3]);
  });

  it('an event that fails while the database answers is dropped after three attempts; the next ones go on', async () => {
    const h = harness();
    h.db.bad.add(1);
    h.status(1);
    h.status(2);
    await h.feed.drained();
    expect(h.seen.dropped).toEqual(['1:failed']);
    expect(h.db.applied).toEqual([2]);
    expect(h.feed.stalled()).toBe(false);
  });
});
