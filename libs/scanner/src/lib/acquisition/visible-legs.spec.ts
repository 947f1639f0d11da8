import type { LineStatus, LineSubscription, LineUsage } from '@ibsc/ibkr';
import { contractKey, type OptionContract } from '../chain/option-chain';
import { visibleLegs } from '../service/visible-rows';
import { VisibleLegStreams } from './visible-legs';

const leg = (strike: number, right: 'C' | 'P' = 'P'): OptionContract => ({ conId: strike, symbol: 'SPY', expiry: '20261218', strike, right, multiplier: 100 });

/** A line manager that activates every subscription and counts pinned lines (its own and others') and orders' lines. */
function fakeLines(max = 90) {
  const subs = new Map<string, { status: LineStatus }>();
  let othersPinned = 0;
  let orderLines = 0;
  return {
    setOthersPinned: (n: number) => (othersPinned = n),
    setOrderLines: (n: number) => (orderLines = n),
    subscribe: (c: { conId?: number }): LineSubscription => {
      const s = { status: 'active' as LineStatus };
      const key = String(c.conId);
      subs.set(key, s);
      return { key, status: () => s.status, quote: () => ({}) as never, tickerId: () => 1, touch: () => undefined, pin: () => undefined, unpin: () => undefined, release: () => void ((s.status = 'released'), subs.delete(key)) };
    },
    usage: (): LineUsage => ({ active: subs.size + othersPinned + orderLines, max, usagePct: 0, waiting: 0, pinned: subs.size + othersPinned, yielding: subs.size, priority: orderLines, evictions: 0, snapshots: 0 }),
  };
}

describe('VisibleLegStreams', () => {
  it('streams the first legs within half the free lines, shrinking and growing with what others pin', () => {
    const lines = fakeLines(90);
    const v = new VisibleLegStreams(lines, { share: 0.5, reserveLines: 10 });
    const legs = Array.from({ length: 60 }, (_, i) => leg(500 + i));
    v.setWanted(legs);
    expect(v.stats()).toEqual({ wanted: 60, streaming: 40, budget: 40 });
    lines.setOthersPinned(30);
    v.sync();
    expect(v.stats()).toEqual({ wanted: 60, streaming: 25, budget: 25 });
    expect(v.streaming()).toEqual(legs.slice(0, 25).map(contractKey));
    lines.setOthersPinned(0);
    v.sync();
    expect(v.stats().streaming).toBe(40);
    // lines held for orders (legs being priced, unpinned) count as others' too: (90 − 10 − 20) / 2 = 30
    lines.setOrderLines(20);
    v.sync();
    expect(v.stats()).toEqual({ wanted: 60, streaming: 30, budget: 30 });
    lines.setOrderLines(0);
    v.sync();
    v.clear();
    expect(v.stats()).toEqual({ wanted: 0, streaming: 0, budget: 40 });
  });

  it('orders the wanted legs first, in their order, the rest as given', () => {
    const v = new VisibleLegStreams(fakeLines(), {});
    v.setWanted([leg(3), leg(1)]);
    expect(v.order([leg(0), leg(1), leg(2), leg(3)]).map((c) => c.strike)).toEqual([3, 1, 0, 2]);
  });

  it('the rows a trader sees: named rows first, then the top of the table', () => {
    const rows = [
      { id: 'r1', symbol: 'SPY', expiry: '20261218', multiplier: 100, short: { conId: 1, strike: 600, right: 'P' }, long: { conId: 2, strike: 595, right: 'P' } },
      { id: 'r2', symbol: 'SPY', expiry: '20261218', multiplier: 100, short: { conId: 3, strike: 610, right: 'C' }, long: { conId: 4, strike: 615, right: 'C' } },
    ] as never[];
    expect(visibleLegs(rows, ['r2', 'gone'], 1).map((c) => c.strike)).toEqual([610, 615, 600, 595]);
  });
});
