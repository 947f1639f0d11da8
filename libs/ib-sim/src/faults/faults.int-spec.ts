import { EventName } from '@stoqey/ib';
import net from 'node:net';
import type { IbSimulator } from '../simulator';
import {
  connectTestClient,
  createTestClient,
  createTestMarket,
  sleep,
  startTestSimulator,
  stock,
  waitUntil,
  type TestClient,
} from '../testing';

describe('faults (IBApi over TCP)', () => {
  const shared = createTestMarket();
  let sim: IbSimulator;
  const clients: TestClient[] = [];
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator(shared);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await sim.stop();
  });

  const connect = async (clientId: number): Promise<TestClient> => {
    const c = await connectTestClient(sim.port, { clientId });
    clients.push(c);
    return c;
  };

  const tickCount = (c: TestClient, id: number): number =>
    c.log.events.filter((e) => e.name === EventName.tickPrice && e.args[0] === id).length;

  async function step(n = 8): Promise<void> {
    for (let i = 0; i < n; i++) shared.clock.advance(250);
    await sleep(40);
  }

  it('restart (refuse): drops every client, refuses connections for N seconds, then accepts again', async () => {
    const a = await connect(1);
    const b = await connect(2);
    const port = sim.port;
    const gone = Promise.all([a.log.waitForDisconnect(), b.log.waitForDisconnect()]);
    await sim.faults.restart({ downSeconds: 30, mode: 'refuse' });
    await gone;
    expect(sim.clientCount()).toBe(0);
    const { api, log } = createTestClient(port, { clientId: 1 });
    api.connect(1);
    expect((await log.waitForError(502)).message).toContain('ECONNREFUSED');
    api.disconnect();
    shared.clock.advance(30_000);
    await sim.faults.whenUp();
    expect(sim.port).toBe(port);
    const again = await connect(1);
    expect(again.nextValidId).toBe(1000);
    await again.log.waitForInfo(2158);
  });

  it('restart (silent): accepts TCP but never answers the handshake, then comes back', async () => {
    await connect(1);
    await sim.faults.restart({ downSeconds: 10, mode: 'silent' });
    const { api, log } = createTestClient(sim.port, { clientId: 1 });
    api.connect(1);
    await waitUntil(() => sim.connectionCount() === 1, 2000, 'held connection');
    await sleep(100);
    expect(log.named(EventName.server)).toEqual([]);
    shared.clock.advance(10_000);
    await sim.faults.whenUp();
    await log.waitForDisconnect();
    api.disconnect();
    const again = await connect(1);
    expect(again.nextValidId).toBe(1000);
  });

  it('rolls nextValidId back after a restart', async () => {
    const a = await connect(1);
    sim.faults.rollbackNextValidId(1);
    a.api.reqIds(1);
    await a.log.waitFor((e) => e.name === EventName.nextValidId && e.args[0] === 1);
    await sim.faults.restart({ downSeconds: 1, rollbackNextValidIdTo: 500 });
    await a.log.waitForDisconnect();
    shared.clock.advance(1000);
    await sim.faults.whenUp();
    expect((await connect(1)).nextValidId).toBe(500);
  });

  it('restarts at a scheduled clock time', async () => {
    const a = await connect(1);
    const at = shared.clock.now() + 60_000;
    sim.faults.scheduleRestart(at, { downSeconds: 5 });
    expect(sim.faults.status().scheduledRestarts).toBe(1);
    shared.clock.advance(59_000);
    await sleep(30);
    expect(sim.clientCount()).toBe(1);
    shared.clock.advance(1000);
    await a.log.waitForDisconnect();
    expect(sim.faults.status().acceptMode).toBe('refuse');
    shared.clock.advance(5000);
    await sim.faults.whenUp();
    await connect(1);
  });

  it('drops one client; the others keep streaming', async () => {
    const a = await connect(1);
    const b = await connect(2);
    b.api.reqMktData(1, stock('SPY'), '', false, false);
    await b.log.waitForEvent(EventName.tickPrice);
    expect(sim.faults.dropClient(1)).toBe(true);
    await a.log.waitForDisconnect();
    const n = tickCount(b, 1);
    await step();
    expect(tickCount(b, 1)).toBeGreaterThan(n);
    expect(sim.faults.dropClient(42)).toBe(false);
  });

  it('1100 stops ticks; 1102 resumes them with the subscriptions kept', async () => {
    const a = await connect(1);
    a.api.reqMktData(1, stock('QQQ'), '', false, false);
    await a.log.waitForEvent(EventName.tickPrice);
    sim.faults.connectivityLost();
    expect(await a.log.waitForInfo(1100)).toBe('Connectivity between IB and Trader Workstation has been lost.');
    const n = tickCount(a, 1);
    await step();
    expect(tickCount(a, 1)).toBe(n);
    // A client connecting meanwhile is told at once.
    const late = await connect(2);
    await late.log.waitForInfo(1100);
    sim.faults.connectivityRestored({ dataLost: false });
    await a.log.waitForInfo(1102);
    await step();
    expect(tickCount(a, 1)).toBeGreaterThan(n);
    expect(sim.counts().marketDataLines).toBe(1);
  });

  it('1101 drops every subscription: clients must resubscribe', async () => {
    const a = await connect(1);
    a.api.reqMktData(1, stock('IWM'), '', false, false);
    await a.log.waitForEvent(EventName.tickPrice);
    sim.faults.connectivityLost();
    sim.faults.connectivityRestored({ dataLost: true });
    expect(await a.log.waitForInfo(1101)).toContain('data lost');
    expect(sim.counts().marketDataLines).toBe(0);
    const n = tickCount(a, 1);
    await step();
    expect(tickCount(a, 1)).toBe(n);
    a.api.reqMktData(1, stock('IWM'), '', false, false);
    await a.log.waitFor((e) => e.name === EventName.tickPrice && tickCount(a, 1) > n);
  });

  it('farm flaps: 2103 stops ticks until 2104; 2105/2106 for HMDS', async () => {
    const a = await connect(1);
    a.api.reqMktData(1, stock('AAPL'), '', false, false);
    await a.log.waitForEvent(EventName.tickPrice);
    sim.faults.flapFarm('market', 5);
    expect(await a.log.waitForInfo(2103)).toBe('Market data farm connection is broken:usfarm.nj');
    const n = tickCount(a, 1);
    await step(4);
    expect(tickCount(a, 1)).toBe(n);
    shared.clock.advance(5000);
    await a.log.waitFor((e) => e.name === EventName.info && e.args[1] === 2104 && a.log.infos().filter((i) => i.code === 2104).length >= 6);
    await step();
    expect(tickCount(a, 1)).toBeGreaterThan(n);
    sim.faults.setFarm('hmds', false);
    expect(await a.log.waitForInfo(2105)).toBe('HMDS data farm connection is broken:ushmds');
    sim.faults.setFarm('hmds', true);
    await a.log.waitFor((e) => e.name === EventName.info && e.args[1] === 2106 && a.log.infos().filter((i) => i.code === 2106).length >= 2);
  });

  it('rejectNextOrder is handed to the orders engine once', () => {
    sim.faults.rejectNextOrder('Margin check failed');
    expect(sim.faults.status().pendingOrderRejection).toBe(true);
    expect(sim.faults.consumeNextOrderRejection()).toBe('Margin check failed');
    expect(sim.faults.consumeNextOrderRejection()).toBeUndefined();
  });

  it('refused connections really are refused at the TCP level', async () => {
    await sim.faults.restart({ downSeconds: 2 });
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: sim.port });
      s.on('error', resolve);
      s.on('connect', () => s.destroy());
    });
    expect(err.code).toBe('ECONNREFUSED');
    shared.clock.advance(2000);
    await sim.faults.whenUp();
  });
});
