import { io, type Socket } from 'socket.io-client';
import { startSimulator, type IbSimulator } from '@ibsc/ib-sim';
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import { IbConnection } from '@ibsc/ibkr';
import type { ClientToServerEvents, OrderView, PositionsView, ServerToClientEvents, SystemStatus } from '@ibsc/shared-dto';
import { marketableClose, marketableTicket } from '../../testing/marketable-ticket';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { SESSION_EXIT, SessionRolesService } from './session-roles.service';

/**
 * Two API replicas on one database and one simulated gateway (not in either process): the owner holds the only IB
 * session; the standby forwards session commands to it through PostgreSQL, receives its Socket.IO events through
 * the PostgreSQL adapter, and takes over when the owner shuts down (SIGTERM's path: Nest's close).
 */
describe('two API replicas: one IB session, commands from either, events to both, hand-over', () => {
  let sim: IbSimulator;
  let a: TestApp;
  let b: TestApp;
  let trader: string;
  let body: Record<string, unknown>;
  const exits: number[] = [];
  const env = () => ({ IB_GATEWAY: 'tws', TWS_HOST: '127.0.0.1', TWS_PORT: String(sim.port), IB_FALLBACK_CLIENT_ID: '9', SESSION_POLL_MS: '100', RISK_MAX_OPEN_PER_UNDERLYING: '50' });
  const noExit = [{ provide: SESSION_EXIT, useValue: (c: number) => exits.push(c) }];
  const auth = () => ({ Authorization: `Bearer ${trader}` });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 42 });
    a = await createTestApp({ gateway: 'tws', env: { ...env(), REPLICA_ID: 'replica-a' }, overrides: noExit });
    b = await createTestApp({ gateway: 'tws', env: { ...env(), REPLICA_ID: 'replica-b' }, overrides: noExit, database: a.db });
    await waitUntil(() => a.app.get(IbConnection).state === 'ready', 10_000, 'A connected');
    trader = await a.tokenFor('trader');
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    body = {
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
      ],
      quantity: 1,
      orderType: 'LMT',
      priceMode: 'natural',
    };
  });
  afterAll(async () => {
    await b?.close();
    await a?.db.drop();
    await sim?.stop();
  });

  it('only the owner connects to the gateway; the standby serves and reports who owns the session', async () => {
    expect(a.app.get(SessionRolesService).isOwner).toBe(true);
    expect(b.app.get(SessionRolesService).isOwner).toBe(false);
    expect(b.app.get(IbConnection).state).toBe('disconnected');
    expect(sim.clientCount()).toBe(1);
    const res = await b.http().get('/api/v1/system/status').set(auth()).expect(200);
    expect(res.headers['x-ibsc-served-by']).toBe('owner');
    const s = res.body as SystemStatus;
    expect(s.gateway.state).toBe('ready');
    expect(s.session).toMatchObject({ replicaId: 'replica-a', role: 'owner', owner: 'replica-a', epoch: 1 });
    const health = await b.http().get('/api/v1/health').expect(200);
    expect(health.body.details.session).toMatchObject({ role: 'standby', owner: 'replica-a' });
    // each replica's Socket.IO adapter hears the other (so broadcasts go through PostgreSQL; alone, they stay local)
    const peers = async (t: TestApp) => /^socketio_cluster_peers (\d+)$/m.exec((await t.http().get('/metrics').expect(200)).text)?.[1];
    await waitUntil(async () => (await peers(a)) === '1' && (await peers(b)) === '1', 10_000, 'the replicas hear each other');
  });

  it('orders placed through the standby are carried out once by the owner, with the same answers; events reach the standby’s sockets', async () => {
    const socket = io(b.baseUrl, { path: '/socket.io', auth: { token: trader }, transports: ['websocket'], reconnection: false }) as unknown as Socket<ServerToClientEvents, ClientToServerEvents>;
    const updates: OrderView[] = [];
    const statuses: SystemStatus[] = [];
    socket.on('orders.update', (v) => updates.push(v));
    socket.on('system.status', (s) => statuses.push(s));
    await waitUntil(() => statuses.length > 0, 5000, 'status on connect');
    expect(statuses[0].session.owner).toBe('replica-a');

    await b.http().post('/api/v1/orders/preview').set(auth()).send(body).expect(200);
    const ticket = await marketableTicket(b, trader, body);
    const bad = await b.http().post('/api/v1/orders').set(auth()).set('Idempotency-Key', 'replica-bad-1').send({ ...body, quantity: 0 }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('quantity');
    await b.http().post('/api/v1/orders').set(auth()).send(body).expect(400); // no Idempotency-Key
    const first = await b.http().post('/api/v1/orders').set(auth()).set('Idempotency-Key', 'replica-key-0001').send(ticket).expect(201);
    const again = await a.http().post('/api/v1/orders').set(auth()).set('Idempotency-Key', 'replica-key-0001').send(ticket);
    expect(again.status).toBeLessThan(300);
    expect(again.body.replayed).toBe(true);
    expect(again.body.order.id).toBe(first.body.order.id);
    const reused = await b.http().post('/api/v1/orders').set(auth()).set('Idempotency-Key', 'replica-key-0001').send({ ...ticket, quantity: 2 }).expect(409);
    expect(reused.body.message).toMatch(/replica-key-0001/);
    await waitUntil(() => updates.some((u) => u.id === first.body.order.id), 5000, 'orders.update on the standby socket');
    const orders = (await b.http().get('/api/v1/orders').set(auth()).expect(200)).body as OrderView[];
    expect(orders.filter((o) => o.id === first.body.order.id)).toHaveLength(1);
    const refs = (sim.orders?.executions() ?? []).map((x) => x.orderRef);
    await waitUntil(() => (sim.orders?.executions() ?? []).some((x) => x.orderRef === first.body.order.orderRef), 10_000, 'filled at the gateway');
    expect(new Set(refs).size).toBeLessThanOrEqual(1);
    socket.close();
  });

  it('a close sent to the standby is carried out once by the owner; its replay through the owner is the same close', async () => {
    const opened = (await b.http().get('/api/v1/orders').set(auth()).expect(200)).body as OrderView[];
    const entry = opened.find((o) => o.intent === 'open')!;
    const position = async () => ((await b.http().get('/api/v1/positions').set(auth()).expect(200)).body as PositionsView).positions.find((p) => p.positionKey === entry.id);
    await waitUntil(async () => (await position())?.quantity === 1, 15_000, 'position open');
    const dto = await marketableClose(b, trader, entry.id);
    const first = await b.http().post(`/api/v1/positions/${entry.id}/close`).set(auth()).set('Idempotency-Key', 'replica-close-1').send(dto).expect(201);
    const again = await a.http().post(`/api/v1/positions/${entry.id}/close`).set(auth()).set('Idempotency-Key', 'replica-close-1').send(dto).expect(201);
    expect(again.body).toMatchObject({ replayed: true, order: { id: first.body.order.id } });
    await waitUntil(async () => (await position())?.quantity === 0, 15_000, 'flat');
    expect((sim.orders?.orders() ?? []).filter((o) => o.orderRef === first.body.order.orderRef)).toHaveLength(1);
  });

  it('scan commands and reads work from the standby; the scan runs in the owner', async () => {
    const start = await b.http().post('/api/v1/scan/start').set(auth()).send({ symbols: ['SPY'], spreadTypes: ['bull-put'], widths: [5], filters: { dte: { min: 21, max: 35 }, shortDelta: { min: 0.2, max: 0.3 } } }).expect(200);
    expect(['starting', 'running']).toContain(start.body.state);
    await waitUntil(async () => (await b.http().get('/api/v1/scan/status').set(auth())).body.scans > 0, 30_000, 'a scan cycle');
    const bad = await b.http().post('/api/v1/scan/start').set(auth()).send({ symbols: ['SPY'], spreadTypes: ['bull-put'], widths: [5], filters: { dte: { min: 40, max: 20 } } }).expect(400);
    expect(bad.body.details.length).toBeGreaterThan(0);
  });

  it('a graceful shutdown of the owner hands over: the standby connects, resumes the scan and answers commands itself', async () => {
    const t0 = Date.now();
    await a.app.close();
    await waitUntil(() => b.app.get(SessionRolesService).isOwner, 5000, 'B owner');
    await waitUntil(() => b.app.get(IbConnection).state === 'ready', 10_000, 'B connected');
    const handOverMs = Date.now() - t0;
    expect(handOverMs).toBeLessThan(10_000);
    expect(exits).toEqual([]);
    expect(sim.clientCount()).toBe(1);
    const s = (await b.http().get('/api/v1/system/status').set(auth()).expect(200)).body as SystemStatus;
    expect(s.session).toMatchObject({ role: 'owner', owner: 'replica-b', epoch: 2, previousOwner: 'replica-a', failovers: 1 });
    await waitUntil(async () => (await b.http().get('/api/v1/scan/status').set(auth())).body.state === 'running', 20_000, 'scan resumed');
    await b.http().post('/api/v1/scan/stop').set(auth()).expect(200);
  });
});
