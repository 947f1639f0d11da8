import { startSimulator, type IbSimulator } from '@ibsc/ib-sim';
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import type { OrderView, PlaceOrderResult, ServerToClientEvents, SystemStatus } from '@ibsc/shared-dto';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { existsSync } from 'node:fs';
import { MAIN } from './built-api';
import { ApiCluster, call, CLIENT_ID, createDatabase, FALLBACK_CLIENT_ID, marketableLimit, type Replica } from './cluster';

const TERMINAL = ['filled', 'cancelled', 'rejected', 'inactive'];

/**
 * The replicated deployment end to end (issue 11): three built API processes, one PostgreSQL database, one simulated
 * gateway in this test's process. Orders through different replicas; SIGKILL of the owner while an order walks and
 * another fills; then SIGTERM hand-over. Checked against the simulator's own record: never more than one API
 * session at a time, every order and every fill exactly once in PostgreSQL, walks resumed, the scan running again,
 * and sockets on the surviving replicas receiving the events.
 */
describe('three API replicas: fail-over and hand-over of the IB session', () => {
  let sim: IbSimulator;
  let db: { url: string; drop(): Promise<void> };
  let cluster: ApiCluster;
  let pg: Client;
  let token: string;
  let leg: { expiry: string; strike: number };
  const sockets: Array<Socket<ServerToClientEvents>> = [];
  const received = new Map<string, { status: SystemStatus[]; updates: OrderView[] }>();
  let key = 0;

  const order = (over: Record<string, unknown> = {}) => ({
    underlying: 'SPY',
    legs: [
      { expiry: leg.expiry, strike: leg.strike, right: 'C', action: 'BUY' },
      { expiry: leg.expiry, strike: leg.strike + 5, right: 'C', action: 'SELL' },
    ],
    quantity: 1,
    orderType: 'LMT',
    priceMode: 'natural',
    ...over,
  });
  const place = (r: Replica, over: Record<string, unknown> = {}) =>
    call<PlaceOrderResult>(r.base, 'POST', '/orders', token, order(over), { 'idempotency-key': `failover-${process.pid}-${++key}` });
  const listen = (r: Replica) => {
    const s = io(r.base, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false }) as unknown as Socket<ServerToClientEvents>;
    const got = { status: [] as SystemStatus[], updates: [] as OrderView[] };
    s.on('system.status', (x) => got.status.push(x));
    s.on('orders.update', (x) => got.updates.push(x));
    received.set(r.id, got);
    sockets.push(s);
    return got;
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run nx build api first (the e2e target does)`);
    const server = process.env['DATABASE_URL'];
    if (!server) throw new Error('DATABASE_URL is not set (the jest global setup provides one)');
    db = await createDatabase(server);
    pg = new Client({ connectionString: db.url });
    sim = await startSimulator({ port: 0, seed: 42 });
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    leg = { expiry: o.expiry, strike: o.strike };
    cluster = new ApiCluster(db.url, sim.port, { SESSION_POLL_MS: '250' });
    await cluster.add(); // the first one migrates the database and takes the session
    await Promise.all([cluster.add(), cluster.add()]);
    await pg.connect();
    token = await cluster.login(cluster.replicas[1]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.stop();
    await pg?.end().catch(() => undefined);
    await sim?.stop();
    await db?.drop();
  });

  it('one owner; orders through every replica; SIGKILL of the owner while an order walks and another fills → a survivor takes over, everything exactly once', async () => {
    const { owner } = await cluster.waitForReadyOwner(30_000);
    const others = cluster.live().filter((r) => r !== owner);
    for (const r of others) listen(r);
    await waitUntil(() => others.every((r) => (received.get(r.id)?.status.length ?? 0) > 0), 10_000, 'status on the standbys’ sockets');

    // the scan, started through a standby
    const scan = await call(others[0].base, 'POST', '/scan/start', token, { symbols: ['SPY'], spreadTypes: ['bull-put'], widths: [5], filters: { dte: { min: 21, max: 35 }, shortDelta: { min: 0.2, max: 0.3 } } });
    expect(scan.status).toBe(200);
    await waitUntil(async () => ((await call<{ scans: number }>(others[1].base, 'GET', '/scan/status', token)).body.scans ?? 0) > 0, 60_000, 'a scan cycle');

    // orders placed through each replica, marketable so that they fill at once (every order must end below)
    for (const r of cluster.live()) expect((await place(r, await marketableLimit(r.base, token, order()))).status).toBe(201);
    // a walking order: at mid, small steps, cancelled after 20 s unless filled
    const walking = await place(others[1], { priceMode: 'mid', walk: { intervalMs: 1000, stepFraction: 0.05, maxSlippage: 0.02, timeoutMs: 20_000 } });
    expect(walking.status).toBe(201);
    // and one that fills as the owner dies
    const fillingTicket = await marketableLimit(others[0].base, token, order());
    const filling = place(others[0], fillingTicket);
    await new Promise((r) => setTimeout(r, 30));
    owner.proc.kill('SIGKILL');
    const placed = await filling;
    // answered by the owner before it died (201), or refused as safe to retry (503, Retry-After)
    expect([201, 503]).toContain(placed.status);

    const { owner: next, ms } = await cluster.waitForReadyOwner(15_000, owner);
    expect(others).toContain(next);
    expect(ms).toBeLessThan(15_000);

    // never two API sessions at the gateway at once, across the client id and its fallback
    expect(sim.sessionGroup([CLIENT_ID, FALLBACK_CLIENT_ID]).maxConcurrent).toBe(1);

    // every order ends (walks resumed by the new owner cancel at their timeout), and the fills in PostgreSQL are
    // exactly the simulator's executions for our orders, each once
    await waitUntil(async () => {
      const r = await pg.query(`SELECT count(*)::int AS n FROM orders WHERE status NOT IN ('filled', 'cancelled', 'rejected', 'inactive')`);
      return r.rows[0].n === 0;
    }, 60_000, 'every order final');
    const rows = await pg.query(`SELECT idempotency_key, order_ref, status FROM orders`);
    const keys = rows.rows.map((x) => x.idempotency_key);
    expect(new Set(keys).size).toBe(keys.length);
    const refs = new Set<string>(rows.rows.map((x) => x.order_ref));
    await waitUntil(async () => {
      const booked = (await pg.query(`SELECT exec_id FROM order_executions`)).rows.map((x) => x.exec_id as string);
      const gateway = (sim.orders?.executions() ?? []).filter((x) => refs.has(x.orderRef)).map((x) => x.execId);
      return booked.length === new Set(booked).size && [...gateway].sort().join() === [...booked].sort().join();
    }, 20_000, 'executions in PostgreSQL equal the simulator’s, each once');
    for (const x of rows.rows) expect(TERMINAL).toContain(x.status);
    // the walking order was taken over (resumed from its log) unless it had filled before the kill
    const w = rows.rows.find((x) => x.order_ref === walking.body.order.orderRef);
    const resumed = await pg.query(`SELECT count(*)::int AS n FROM order_audit_log WHERE action = 'walk.resumed' AND order_id = $1`, [walking.body.order.id]);
    if (w.status !== 'filled') expect(resumed.rows[0].n).toBe(1);

    // the scan runs again in the new owner
    await waitUntil(async () => (await call<{ state: string }>(next.base, 'GET', '/scan/status', token)).body.state === 'running', 30_000, 'scan running again');
    // sockets on the survivors got the new owner's status and its order events
    const after = await place(next);
    expect(after.status).toBe(201);
    for (const r of others) {
      await waitUntil(() => (received.get(r.id)?.status ?? []).some((s) => s.session.owner === next.id), 10_000, `new owner's status on ${r.id}`);
      await waitUntil(() => (received.get(r.id)?.updates ?? []).some((u) => u.id === after.body.order.id), 10_000, `orders.update on ${r.id}`);
    }
    const status = await call<SystemStatus>(next.base, 'GET', '/system/status', token);
    expect(status.body.session).toMatchObject({ owner: next.id, previousOwner: owner.id, epoch: 2, failovers: 1 });
  });

  it('SIGTERM of the owner hands over to the last replica without waiting for a lock timeout', async () => {
    const { owner } = await cluster.waitForReadyOwner(10_000);
    const last = cluster.live().find((r) => r !== owner)!;
    const t0 = Date.now();
    owner.proc.kill('SIGTERM');
    const { owner: next } = await cluster.waitForReadyOwner(10_000, owner);
    expect(next).toBe(last);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await owner.api.stop('SIGTERM')).toBe(0);
    expect(sim.sessionGroup([CLIENT_ID, FALLBACK_CLIENT_ID]).maxConcurrent).toBe(1);
    const placed = await place(next);
    expect(placed.status).toBe(201);
    const status = await call<SystemStatus>(next.base, 'GET', '/system/status', token);
    expect(status.body.session).toMatchObject({ owner: next.id, previousOwner: owner.id, failovers: 2 });
  });
});
