import { ManualClock } from '@ibsc/ib-sim';
import type { PositionsView } from '@ibsc/shared-dto';
import { PositionsPublisher, type PushOutcome, type PushTrigger } from './positions-publisher';

const view = (asOf: string, quantity = 1): PositionsView => ({
  positions: quantity === 0 ? [] : [{ positionKey: 'p1', underlying: 'SPY', spreadType: 'bull-call', expiry: '20261218', lowerStrike: 660, upperStrike: 665, quantity, avgPrice: 2.5, mark: 2.6, marketValue: 260, unrealizedPnl: 10, realizedPnl: 0, dailyPnl: 10, commissions: 1.3 }],
  totals: { unrealizedPnl: 10, realizedPnl: 0, dailyPnl: 10 },
  asOf,
  drift: null,
});

/** A publisher whose computations the test finishes by hand, so overlaps can be provoked. */
function setup(opts: { clients?: number; open?: boolean } = {}) {
  const clock = new ManualClock();
  const state = { clients: opts.clients ?? 1, open: opts.open ?? true, computing: 0, maxConcurrent: 0 };
  const pending: Array<() => void> = [];
  const emitted: string[] = [];
  const counts: string[] = [];
  const publisher = new PositionsPublisher({
    view: () => {
      state.computing++;
      state.maxConcurrent = Math.max(state.maxConcurrent, state.computing);
      return new Promise((resolve) =>
        pending.push(() => {
          state.computing--;
          resolve(view(new Date(clock.now()).toISOString()));
        }),
      );
    },
    anyOpen: async () => state.open,
    clients: () => state.clients,
    emit: (v) => emitted.push(v.asOf),
    clock,
    intervalMs: 2_000,
    counted: (t: PushTrigger, o: PushOutcome) => counts.push(`${t}:${o}`),
    warn: () => undefined,
  });
  const flush = () => new Promise((r) => setImmediate(r));
  const finish = async () => {
    pending.shift()?.();
    await flush();
  };
  return { clock, state, pending, emitted, counts, publisher, flush, finish };
}

describe('PositionsPublisher', () => {
  it('pushes every interval on the injected clock while a client is connected and a spread is open', async () => {
    const t = setup();
    t.publisher.start();
    t.clock.advance(1_999);
    await t.flush();
    expect(t.pending).toHaveLength(0);
    t.clock.advance(1);
    await t.flush();
    await t.finish();
    t.clock.advance(2_000);
    await t.flush();
    await t.finish();
    expect(t.emitted).toEqual(['2026-11-23T15:00:02.000Z', '2026-11-23T15:00:04.000Z']);
    t.state.open = false; // flat: nothing more
    t.clock.advance(2_000);
    await t.flush();
    t.state.open = true;
    t.state.clients = 0; // nobody listening: nothing computed
    t.clock.advance(2_000);
    await t.flush();
    expect(t.pending).toHaveLength(0);
    expect(t.emitted).toHaveLength(2);
    t.publisher.stop();
  });

  it('never computes twice at once: a tick during a computation is skipped, a fill during one runs once after it', async () => {
    const t = setup();
    t.publisher.start();
    t.clock.advance(2_000);
    await t.flush();
    expect(t.pending).toHaveLength(1);
    t.clock.advance(2_000); // still computing: skipped
    void t.publisher.changed(); // a fill meanwhile: remembered
    void t.publisher.changed(); // and another: still one more run
    await t.flush();
    expect(t.pending).toHaveLength(1);
    await t.finish(); // the first ends; the fill's push starts
    expect(t.pending).toHaveLength(1);
    await t.finish();
    expect(t.pending).toHaveLength(0);
    expect(t.state.maxConcurrent).toBe(1);
    expect(t.counts).toEqual(['interval:skipped_busy', 'interval:sent', 'fill:sent']);
    expect(t.emitted).toHaveLength(2);
    t.publisher.stop();
  });

  it('a fill pushes at once, even when it closed the last spread', async () => {
    const t = setup({ open: false });
    const done = t.publisher.changed();
    await t.flush();
    await t.finish();
    await done;
    expect(t.emitted).toEqual(['2026-11-23T15:00:00.000Z']);
    expect(t.counts).toEqual(['fill:sent']);
  });
});
