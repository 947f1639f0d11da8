import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import { connectTestClient, createTestMarket, nearMoneyOption, startTestSimulator, type TestClient } from '../testing';

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

  it('reports the gateway ledger: orders, executions, positions', async () => {
    const empty = await call('GET', '/ledger');
    expect(empty.json['result']).toEqual({ orders: [], executions: [], positions: [] });
    const o = nearMoneyOption(shared.market, 'SPY', 'C');
    expect(sim.orders?.adjustPosition(o.conId, 2, 1.5)).toBe(true);
    const r = (await call('GET', '/ledger')).json['result'] as { positions: Array<{ conId: number; position: number }> };
    expect(r.positions).toEqual([expect.objectContaining({ conId: o.conId, position: 2 })]);
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

  it('silences and unsilences a client (durationMs on the clock)', async () => {
    expect((await call('POST', '/faults/silence', { clientId: 1 })).json['result']).toEqual({ silenced: true });
    c.api.reqCurrentTime();
    await new Promise((r) => setTimeout(r, 60));
    expect(c.log.named(EventName.currentTime)).toHaveLength(0);
    expect(((await call('GET', '/status')).json['result'] as { faults: unknown }).faults).toMatchObject({
      silencedClients: [1],
    });
    expect((await call('POST', '/faults/unsilence', { clientId: 1 })).json['result']).toEqual({ unsilenced: true });
    await c.log.waitForEvent(EventName.currentTime);
    expect((await call('POST', '/faults/silence', { clientId: 9 })).json['result']).toEqual({ silenced: false });
    await call('POST', '/faults/silence', { clientId: 1, durationMs: 2000 });
    c.api.reqCurrentTime();
    await new Promise((r) => setTimeout(r, 60));
    shared.clock.advance(2000);
    await c.log.waitFor((e) => e.name === EventName.currentTime && c.log.named(EventName.currentTime).length === 2);
  });

  it('drives 10197, 2110 and 1300', async () => {
    c.api.reqMktData(5, { symbol: 'SPY', secType: 'STK' as never, exchange: 'SMART', currency: 'USD' }, '', false, false);
    await c.log.waitForEvent(EventName.tickPrice);
    expect((await call('POST', '/faults/competing-session', { on: true })).json['result']).toMatchObject({
      competingSession: true,
    });
    await c.log.waitForError(10197, 5);
    await call('POST', '/faults/competing-session', { on: false });
    expect((await call('POST', '/faults/server-link-broken', { durationMs: 1000 })).json['result']).toMatchObject({
      serverLinkBroken: true,
    });
    await c.log.waitForInfo(2110);
    expect((await call('POST', '/faults/server-link-restored')).json['result']).toMatchObject({ serverLinkBroken: false });
    const r = await call('POST', '/faults/reset-socket-port', {});
    const port = (r.json['result'] as { port: number }).port;
    expect(port).toBe(sim.port);
    expect(await c.log.waitForInfo(1300)).toMatch(new RegExp(`new port - ${port}$`));
    await c.log.waitForDisconnect();
    c = await connectTestClient(port, { clientId: 1 });
  });

  it('answers 400 naming the bad field of the new faults', async () => {
    const field = async (path: string, body: unknown) => {
      const r = await call('POST', path, body);
      expect(r.status).toBe(400);
      return r.json['field'];
    };
    expect(await field('/faults/silence', {})).toBe('clientId');
    expect(await field('/faults/silence', { clientId: '1' })).toBe('clientId');
    expect(await field('/faults/silence', { clientId: 1.5 })).toBe('clientId');
    expect(await field('/faults/silence', { clientId: 1, durationMs: -5 })).toBe('durationMs');
    expect(await field('/faults/silence', { clientId: 1, durationMs: 'long' })).toBe('durationMs');
    expect(await field('/faults/unsilence', { clientId: null })).toBe('clientId');
    expect(await field('/faults/competing-session', { on: 'yes' })).toBe('on');
    expect(await field('/faults/server-link-broken', { durationMs: -1 })).toBe('durationMs');
    expect(await field('/faults/reset-socket-port', { port: 70_000 })).toBe('port');
    expect(await field('/faults/reset-socket-port', { port: 'x' })).toBe('port');
    expect(sim.faults.status()).toMatchObject({ silencedClients: [], competingSession: false, serverLinkBroken: false });
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
