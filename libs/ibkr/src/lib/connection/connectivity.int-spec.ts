import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, drive, StateRecorder, SPY_STOCK, byConId } from '../../testing';
import type { IbkrRuntime } from '../ibkr-runtime';
import { placeOrderRequest } from '../requests/ib-requests';
import type { LineSubscription } from '../market-data/line-manager';

describe('1100 / 1101 / 1102 and farm flaps (simulator over TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(4);
  let sim: IbSimulator & { clock: ManualClock };
  let rt: IbkrRuntime;
  let subs: LineSubscription[];
  const sent: string[] = [];

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market });
    rt = createTestRuntime(sim.port, clock, { clientId: 41 });
    rt.bus.on('request-sent', (r) => sent.push(r.kind));
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
    const options = sim.market.findContracts({ secType: 'OPT', symbol: 'QQQ' }).slice(0, 9);
    subs = [rt.lines.subscribe(SPY_STOCK), ...options.map((o) => rt.lines.subscribe(byConId(o.conId)))];
    await driveUntil(clock, () => sim.counts().marketDataLines === 10);
  });
  afterAll(async () => {
    await rt.stop();
    await sim.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('1100 marks the connection degraded without touching the socket, and holds orders', async () => {
    const session = rt.connection.sessionId;
    sim.faults.connectivityLost();
    await driveUntil(clock, () => rt.connection.state === 'degraded', { what: 'degraded' });
    expect(rt.connection.sessionId).toBe(session);
    expect(sim.connectionCount()).toBe(1);
    await expect(rt.coordinator.submit(placeOrderRequest(5000, SPY_STOCK, {} as never))).rejects.toMatchObject({ failure: 'not-ready', sent: false });
    // the watchdog probe still goes (system lane); the clock moves meanwhile (the token bucket refills on it)
    let serverTime: number | undefined;
    void rt.coordinator
      .submit({ kind: 'currentTime', lane: 'system', idempotent: false, send: (api) => api.reqCurrentTime(), collector: () => ({ events: ['currentTime'], match: 'first', accept: (_e, a) => ({ value: a[0] as number }) }) })
      .then((v) => (serverTime = v));
    await driveUntil(clock, () => serverTime !== undefined, { what: 'the probe answered' });
    expect(serverTime).toBeGreaterThan(0);
  });

  it('1101 resubscribes every line under fresh ticker ids', async () => {
    const oldIds = subs.map((s) => s.tickerId());
    const states = new StateRecorder(rt);
    sent.length = 0;
    sim.faults.connectivityRestored({ dataLost: true });
    await driveUntil(clock, () => rt.connection.state === 'ready' && sim.counts().marketDataLines === 10, { what: 'restored' });
    expect(states.states()).toEqual(['restoring', 'ready']);
    expect(sent.filter((k) => k === 'reqMktData')).toHaveLength(10);
    const newIds = subs.map((s) => s.tickerId());
    for (const id of newIds) expect(oldIds).not.toContain(id);
    expect(rt.policy.count(300) + rt.policy.count(322)).toBe(0);
  });

  it('1100 then 1102 resubscribes nothing', async () => {
    sim.faults.connectivityLost();
    await driveUntil(clock, () => rt.connection.state === 'degraded');
    const ids = subs.map((s) => s.tickerId());
    sent.length = 0;
    sim.faults.connectivityRestored({ dataLost: false });
    await driveUntil(clock, () => rt.connection.state === 'ready');
    await drive(clock, 2_000);
    expect(sent.filter((k) => k === 'reqMktData' || k === 'cancelMktData')).toEqual([]);
    expect(subs.map((s) => s.tickerId())).toEqual(ids);
    expect(sim.counts().marketDataLines).toBe(10);
  });

  it('a farm flap changes nothing but the farm status', async () => {
    const states = new StateRecorder(rt);
    const session = rt.connection.sessionId;
    sent.length = 0;
    sim.faults.flapFarm('market', 3);
    await driveUntil(clock, () => rt.connection.info().farms.market === 'broken', { what: 'farm broken' });
    sim.faults.flapFarm('hmds', 2);
    await drive(clock, 4_000);
    expect(rt.connection.info().farms).toMatchObject({ market: 'ok', hmds: 'ok' });
    expect(states.states()).toEqual([]);
    expect(rt.connection.sessionId).toBe(session);
    expect(sent.filter((k) => k === 'reqMktData' || k === 'cancelMktData')).toEqual([]);
    expect(rt.policy.count(2103)).toBeGreaterThan(0);
    expect(rt.policy.count(2105)).toBe(1);
    // ticks resume on the same lines
    const before = subs[0].quote().updatedAt ?? 0;
    await drive(clock, 2_000);
    expect(subs[0].quote().updatedAt ?? 0).toBeGreaterThan(before);
  });
});
