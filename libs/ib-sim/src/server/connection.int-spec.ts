import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import {
  connectTestClient,
  createTestClient,
  createTestMarket,
  RawClient,
  startTestSimulator,
  type TestClient,
  waitUntil,
} from '../testing';
import { encodeClientHello } from '../protocol/frame-encoder';

describe('connection (IBApi over TCP)', () => {
  let sim: IbSimulator;
  const clients: TestClient[] = [];
  const raws: RawClient[] = [];

  const shared = createTestMarket();
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator({ accountId: 'DU7654321', ...shared });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const r of raws.splice(0)) r.destroy();
    await sim.stop();
  });

  it('handshakes at server version 193 and sends managedAccounts, nextValidId, then 2104/2106/2158', async () => {
    const { api, log } = createTestClient(sim.port, { clientId: 3 });
    const server = log.waitForEvent(EventName.server);
    const connected = log.waitForEvent(EventName.connected);
    const id = log.waitForEvent(EventName.nextValidId);
    api.connect(3);
    const [version, time] = await server;
    await connected;
    expect(version).toBe(193);
    expect(time).toBe('20261123 10:00:00 EST');
    expect(await id).toEqual([1000]);
    await log.waitForInfo(2158);
    clients.push({ api, log, nextValidId: 1000, close: async () => void api.disconnect() });
    const order = log.events
      .filter((e) => ['managedAccounts', 'nextValidId', 'info'].includes(e.name))
      .map((e) => (e.name === 'info' ? e.args[1] : e.name));
    expect(order).toEqual(['managedAccounts', 'nextValidId', 2104, 2104, 2104, 2106, 2158]);
    expect(log.named(EventName.managedAccounts)[0].args).toEqual(['DU7654321']);
    expect(log.errors()).toEqual([]);
    expect(sim.clientIds()).toEqual([3]);
  });

  it('answers reqCurrentTime with the clock, reqIds with nextValidId, reqManagedAccts', async () => {
    const c = await connectTestClient(sim.port, { clientId: 1 });
    clients.push(c);
    c.api.reqCurrentTime();
    expect(await c.log.waitForEvent(EventName.currentTime)).toEqual([Math.floor(sim.clock.now() / 1000)]);
    c.api.reqIds(1);
    await c.log.waitFor((e) => e.name === EventName.nextValidId && c.log.named(EventName.nextValidId).length === 2);
    expect(c.log.named(EventName.nextValidId).map((e) => e.args[0])).toEqual([1000, 1000]);
    c.api.reqManagedAccts();
    await c.log.waitFor((e) => e.name === EventName.managedAccounts && c.log.named(EventName.managedAccounts).length === 2);
  });

  it('answers reqMarketDataType with marketDataType for id -1', async () => {
    const c = await connectTestClient(sim.port, { clientId: 1 });
    clients.push(c);
    c.api.reqMarketDataType(3);
    expect(await c.log.waitForEvent(EventName.marketDataType)).toEqual([-1, 3]);
  });

  it('refuses a second connection with a client id in use: 326, then the socket closes', async () => {
    clients.push(await connectTestClient(sim.port, { clientId: 5 }));
    const { api, log } = createTestClient(sim.port, { clientId: 5 });
    api.connect(5);
    expect(await log.waitForInfo(326)).toBe(
      'Unable to connect as the client id is already in use. Retry with a unique client id.',
    );
    await log.waitForDisconnect();
    expect(log.named(EventName.nextValidId)).toEqual([]);
    expect(sim.clientIds()).toEqual([5]);
    // The first client is untouched and the id is free again once it leaves.
    await clients.pop()!.close();
    await waitUntil(() => sim.clientCount() === 0);
    const again = await connectTestClient(sim.port, { clientId: 5 });
    clients.push(again);
    expect(again.nextValidId).toBe(1000);
  });

  it('reads an empty client id as 0', async () => {
    const raw = await RawClient.connect(sim.port);
    raws.push(raw);
    raw.write(encodeClientHello());
    raw.send([71, 2, '', '']);
    await raw.waitFor((m) => m[0] === '9');
    expect(sim.clientIds()).toEqual([0]);
  });

  it('refuses a version range that cannot reach 193: sends its version, then closes', async () => {
    const raw = await RawClient.connect(sim.port);
    raws.push(raw);
    raw.write(encodeClientHello('v100..176'));
    const first = await raw.waitFor(() => true);
    expect(first[0]).toBe('193');
    await raw.waitClosed();
    expect(sim.clientCount()).toBe(0);
  });

  it('counts clients and connections, and frees them on disconnect', async () => {
    const a = await connectTestClient(sim.port, { clientId: 1 });
    const b = await connectTestClient(sim.port, { clientId: 2 });
    expect(sim.counts()).toMatchObject({ clients: 2, connections: 2 });
    await a.close();
    await b.close();
    await waitUntil(() => sim.connectionCount() === 0);
    expect(sim.clientCount()).toBe(0);
  });
});
