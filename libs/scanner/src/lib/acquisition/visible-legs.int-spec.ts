/**
 * Priorities (issue 17 item 2) against the simulator over TCP: the legs of a trader-visible row stream on pinned
 * lines and their quotes are answered from those streams ahead of the rest of the rotation; the streams' share
 * shrinks when another consumer holds lines and grows back when it frees them; no error 100/101 meanwhile.
 */
import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, drive, driveUntil } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import { contractKey, type OptionContract } from '../chain/option-chain';
import { IbkrQuoteSource } from '../ibkr/ibkr-quote-source';
import { VisibleLegStreams } from './visible-legs';

jest.setTimeout(120_000);

describe('visible legs on streaming lines (simulator over TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(7);
  let sim: IbSimulator & { clock: ManualClock };
  let rt: IbkrRuntime;
  let options: OptionContract[];

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market });
    // 30 messages/s, not 45: the simulator counts IB's 50/s on the manual clock when it reads a message, and under load
    // the reads lag the clock by a few steps; at 45/s that lag can put 51 in one of its windows (error 100, one dropped).
    rt = createTestRuntime(sim.port, clock, { clientId: 41, maxSubscriptions: 90, requestRate: 30 });
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
    const spot = sim.market.spot('SPY');
    options = sim.market
      .findContracts({ secType: 'OPT', symbol: 'SPY' })
      .flatMap((c) => (c.secType === 'OPT' ? [c] : []))
      .sort((a, b) => a.expiry.localeCompare(b.expiry) || Math.abs(a.strike - spot) - Math.abs(b.strike - spot))
      .slice(0, 200)
      .map((c) => ({ conId: c.conId, symbol: 'SPY', expiry: c.expiry, strike: c.strike, right: c.right, multiplier: 100 }));
  });
  afterAll(async () => {
    await rt.stop();
    await drive(clock, 100);
    await sim.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('a visible row’s legs stream and are quoted first, from their streams; the share shrinks while another consumer holds lines; no 100/101', async () => {
    const legs = new VisibleLegStreams(rt.lines, { share: 0.5, reserveLines: 10 });
    const visible = options.slice(0, 4);
    legs.setWanted(visible);
    await driveUntil(clock, () => sim.counts().marketDataLines === 4);
    expect(legs.streaming().sort()).toEqual(visible.map(contractKey).sort());

    // The rotation quotes the visible legs first, answered from their streams (no snapshot line taken for them).
    const rest = options.slice(50, 70);
    const order = legs.order([...rest, ...visible]);
    expect(order.slice(0, 4).map(contractKey)).toEqual(visible.map(contractKey));
    const source = new IbkrQuoteSource({ coordinator: rt.coordinator, lines: rt.lines, clock }, { mode: 'snapshot', lines: 1 });
    const snapshotsBefore = rt.lines.usage().snapshots;
    const batch = source.requestQuotes({ contracts: order.slice(0, 4) });
    let done = false;
    void batch.then(() => (done = true));
    await driveUntil(clock, () => done);
    const got = await batch;
    expect(got.quotes.size).toBe(4);
    expect(rt.lines.usage().snapshots).toBe(snapshotsBefore);

    // Many visible rows: the streams take half of the free lines: (90 − 10 reserve) / 2 = 40.
    legs.setWanted(options.slice(0, 120));
    await driveUntil(clock, () => legs.streaming().length === 40);
    expect(legs.stats()).toMatchObject({ wanted: 120, streaming: 40, budget: 40 });

    // Another consumer pins 30 lines: the share shrinks to (90 − 10 − 30) / 2 = 25 on the next sync.
    const unpins = options.slice(150, 180).map((c) => rt.lines.pin({ conId: c.conId as number, exchange: 'SMART' }));
    await driveUntil(clock, () => rt.lines.usage().active >= 70);
    legs.sync();
    await driveUntil(clock, () => sim.counts().marketDataLines === 55);
    expect(legs.stats()).toMatchObject({ streaming: 25, budget: 25 });
    expect(legs.streaming()).toEqual(options.slice(0, 25).map(contractKey));

    // It frees them: back to 40.
    for (const u of unpins) u();
    await drive(clock, 500);
    legs.sync();
    await driveUntil(clock, () => legs.streaming().length === 40);
    expect(sim.counts().marketDataLines).toBeLessThanOrEqual(90);

    legs.clear();
    await drive(clock, 1_000);
    expect(rt.policy.count(100)).toBe(0);
    expect(rt.policy.count(101)).toBe(0);
  });

  it('orders first: with the streams holding every line an order’s leg still gets one at once (a stream yields); an order on a streamed leg is answered from its stream', async () => {
    const legs = new VisibleLegStreams(rt.lines, { share: 1, reserveLines: 0, maxStreams: 90 });
    legs.setWanted(options.slice(0, 120));
    await driveUntil(clock, () => legs.streaming().length === 90, { what: '90 visible streams' });
    await driveUntil(clock, () => legs.streaming().length === 90 && sim.counts().marketDataLines === 90, { what: '90 visible streams' }).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(legs.stats())}, ${JSON.stringify(rt.lines.usage())}, simulator ${sim.counts().marketDataLines}, error 100 × ${rt.policy.count(100)}`);
    });
    await drive(clock, 1_000);
    expect(rt.lines.usage()).toMatchObject({ active: 90, pinned: 90 });
    // As the orders' MarketView asks for a leg: by conId on SMART, a priority line.
    const orderLine = (c: OptionContract, onPrice?: () => void) => rt.lines.subscribe({ conId: c.conId as number, exchange: 'SMART' }, { onTick: (t) => t.kind === 'price' && onPrice?.() }, { priority: true });

    // An order on a streamed leg shares its line: a two-sided quote at once, no new line at the gateway.
    const shared = orderLine(options[5]);
    expect(shared.status()).toBe('active');
    expect(shared.quote()).toMatchObject({ bid: expect.any(Number), ask: expect.any(Number) });
    expect(rt.lines.usage().active).toBe(90);

    // An order on a leg nobody streams: the least recently used stream yields its line, cancelled in the order's lane.
    let quoted = false;
    const leg = orderLine(options[150], () => (quoted = true));
    expect(leg.status()).toBe('active');
    await driveUntil(clock, () => quoted, { what: `the order's leg quoted (usage ${JSON.stringify(rt.lines.usage())})` });
    expect(legs.streaming()).toHaveLength(89);
    expect(rt.lines.usage()).toMatchObject({ active: 90, pinned: 89, yielding: 89, priority: 1 });

    // The next sync counts the order's line as another's: 89 streams, the evicted one back, never the order's line.
    legs.sync();
    await driveUntil(clock, () => legs.streaming().length === 89 && rt.coordinator.queueDepth() === 0, { what: '89 streams after the sync' });
    expect(legs.stats()).toMatchObject({ streaming: 89, budget: 89 });
    expect(legs.streaming().sort()).toEqual(options.slice(0, 89).map(contractKey).sort());
    expect(leg.status()).toBe('active');
    await driveUntil(clock, () => sim.counts().marketDataLines === 90, { what: 'the gateway holding 90 lines' });

    for (const s of [shared, leg]) s.release();
    legs.clear();
    await drive(clock, 1_000);
    expect(rt.policy.count(100)).toBe(0);
    expect(rt.policy.count(101)).toBe(0);
  });
});
