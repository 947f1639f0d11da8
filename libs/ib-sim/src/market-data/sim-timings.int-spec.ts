/**
 * The realistic-timings preset (ADR 0019) over TCP through @stoqey/ib, on a ManualClock: a snapshot ends only after
 * its delay and holds its line meanwhile, a stream's first values arrive after the first-tick latency, quotes move.
 */
import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import {
  connectTestClient,
  createTestMarket,
  nearMoneyOption,
  optionContract,
  sleep,
  startTestSimulator,
  stock,
  waitForMessagesRead,
  type TestClient,
} from '../testing';
import { resolveTimings, SIM_TIMING_PRESETS, type SimTimingsInput } from './sim-timings';

describe('simulator timings (IBApi over TCP, ManualClock)', () => {
  const shared = createTestMarket();
  let sim: IbSimulator & { clock: typeof shared.clock };
  let c: TestClient;
  afterAll(() => shared.market.dispose());
  afterEach(async () => {
    await c.close();
    await sim.stop();
  });

  async function start(timings: SimTimingsInput | undefined, lines = 3) {
    sim = (await startTestSimulator({ ...shared, limits: { marketDataLines: lines }, timings })) as typeof sim;
    c = await connectTestClient(sim.port, { clientId: 1 });
  }
  /** Sends through `send`, waits until the simulator read `n` more messages, so the clock moves after they arrived. */
  async function sent(n: number, send: () => void): Promise<void> {
    const before = sim.counts().messagesReceived;
    send();
    await waitForMessagesRead(sim, before + n);
  }
  async function advance(ms: number): Promise<void> {
    shared.clock.advance(ms);
    await sleep(40);
  }
  const count = (name: string, tickerId: number) => c.log.events.filter((e) => e.name === name && e.args[0] === tickerId).length;

  it('fast (the default) answers a snapshot at once; the presets and a bad value are checked at start', async () => {
    await start(undefined);
    expect(sim.timings).toEqual(SIM_TIMING_PRESETS.fast);
    c.api.reqMktData(1, stock('IWM'), '', true, false);
    await c.log.waitForEvent(EventName.tickSnapshotEnd, (a) => a[0] === 1);
    expect(sim.counts()).toMatchObject({ marketDataLines: 0, openSnapshots: 0 });
    expect(() => resolveTimings({ snapshotEnd: { min: 5, max: 1 } })).toThrow('timings.snapshotEnd must be { min, max } with 0 ≤ min ≤ max ≤ 120000 ms');
    expect(() => resolveTimings('slow' as never)).toThrow('timings.preset must be one of fast, realistic, got slow');
  });

  it('realistic: an option snapshot ends only after its delay (2–11 s), holding its line; a 4th over 3 lines gets 101', async () => {
    await start('realistic');
    const opt = optionContract(nearMoneyOption(sim.market, 'SPY'));
    await sent(3, () => {
      for (const id of [11, 12, 13]) c.api.reqMktData(id, opt, '', true, false);
    });
    expect(sim.counts()).toMatchObject({ marketDataLines: 3, openSnapshots: 3 });
    await sent(1, () => c.api.reqMktData(14, opt, '', true, false));
    await c.log.waitForError(101, 14);

    await advance(500); // past the first-tick latency (≤ 400 ms): values, but no end yet
    for (const id of [11, 12, 13]) {
      expect(count(EventName.tickPrice, id)).toBeGreaterThan(0);
      expect(count(EventName.tickSnapshotEnd, id)).toBe(0);
    }
    await advance(1_400); // 1.9 s: still below the shortest snapshot delay
    expect(sim.counts()).toMatchObject({ marketDataLines: 3, openSnapshots: 3 });
    expect(c.log.events.filter((e) => e.name === EventName.tickSnapshotEnd)).toHaveLength(0);

    for (let t = 1_900; t < 11_000; t += 500) await advance(500);
    await c.log.waitForEvent(EventName.tickSnapshotEnd, (a) => a[0] === 13);
    for (const id of [11, 12, 13]) expect(count(EventName.tickSnapshotEnd, id)).toBe(1);
    expect(sim.counts()).toMatchObject({ marketDataLines: 0, openSnapshots: 0 });
  });

  it('realistic: cancelling a running snapshot releases its line and nothing more arrives on it', async () => {
    await start({ preset: 'realistic', snapshotEnd: { min: 11_000, max: 11_000 } });
    const opt = optionContract(nearMoneyOption(sim.market, 'QQQ'));
    await sent(1, () => c.api.reqMktData(21, opt, '', true, false));
    await advance(1_000);
    expect(sim.counts().marketDataLines).toBe(1);
    await sent(1, () => c.api.cancelMktData(21));
    expect(sim.counts()).toMatchObject({ marketDataLines: 0, openSnapshots: 0 });
    await advance(11_000);
    expect(count(EventName.tickSnapshotEnd, 21)).toBe(0);
  });

  it('realistic: a stream sends its first values only after the first-tick latency, then keeps moving', async () => {
    await start({ preset: 'realistic', firstTick: { min: 300, max: 300 } });
    await sent(1, () => c.api.reqMktData(31, stock('SPY'), '', false, false));
    await c.log.waitForEvent(EventName.tickReqParams, (a) => a[0] === 31);
    await advance(299);
    expect(count(EventName.tickPrice, 31)).toBe(0);
    expect(sim.counts().marketDataLines).toBe(1);
    await advance(1);
    await c.log.waitForEvent(EventName.tickPrice, (a) => a[0] === 31 && a[1] === 1);
    const bids = () => c.log.events.filter((e) => e.name === EventName.tickPrice && e.args[0] === 31 && e.args[1] === 1).map((e) => e.args[2]);
    for (let i = 0; i < 40; i++) await advance(250);
    expect(new Set(bids()).size).toBeGreaterThan(3);
  });
});
