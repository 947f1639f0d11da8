import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import { connectTestClient, createTestMarket, startTestSimulator, type TestClient } from '../testing';

describe('HTTP control endpoint', () => {
  const shared = createTestMarket();
  let sim: IbSimulator;
  let c: TestClient;
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator({ ...shared, controlPort: 0 });
    c = await connectTestClient(sim.port, { clientId: 1 });
  });

  afterEach(async () => {
    await c.close();
    await sim.stop();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${sim.controlPort}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('reports status', async () => {
    const r = await call('GET', '/status');
    expect(r.status).toBe(200);
    expect(r.json['result']).toMatchObject({ clients: 1, port: sim.port, accountId: 'DU1234567' });
  });

  it('drives connectivity faults', async () => {
    expect((await call('POST', '/faults/connectivity-lost')).status).toBe(200);
    await c.log.waitForInfo(1100);
    await call('POST', '/faults/connectivity-restored', { dataLost: true });
    await c.log.waitForInfo(1101);
    await call('POST', '/faults/flap-farm', { farm: 'hmds', downSeconds: 1 });
    await c.log.waitForInfo(2105);
  });

  it('drops a client and restarts the gateway', async () => {
    expect((await call('POST', '/faults/drop-client', { clientId: 1 })).json['result']).toEqual({ dropped: true });
    await c.log.waitForDisconnect();
    const r = await call('POST', '/faults/restart', { downSeconds: 3, mode: 'silent' });
    expect(r.json['result']).toMatchObject({ acceptMode: 'silent' });
    shared.clock.advance(3000);
    await sim.faults.whenUp();
    c = await connectTestClient(sim.port, { clientId: 1 });
    expect(c.log.named(EventName.nextValidId)).toHaveLength(1);
  });

  it('answers 400 naming the bad field, 404 for unknown paths', async () => {
    const bad = await call('POST', '/faults/restart', { downSeconds: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ field: 'downSeconds' });
    expect((await call('POST', '/faults/halt', { symbol: 'NOPE' })).status).toBe(400);
    expect((await call('POST', '/faults/farm', { farm: 'x', ok: true })).json).toMatchObject({ field: 'farm' });
    expect((await call('GET', '/nope')).status).toBe(404);
    expect((await call('GET', '/faults/halt')).status).toBe(405);
  });
});
