import { io } from 'socket.io-client';
import type { ServerToClientEvents, ClientToServerEvents, SystemStatus } from '@ibsc/shared-dto';
import { contractDetailsRequest, IbConnection, IbkrEventBus, OrderIdAuthority, RequestCoordinator } from '@ibsc/ibkr';
import { SPY_STOCK } from '@ibsc/ibkr/testing';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../testing/test-app';
import { GATEWAY_ENDPOINT, GatewayEndpoint } from './gateway-endpoint';
import { TypeOrmOrderIdStore } from './typeorm-order-id.store';
import { waitUntil } from '@ibsc/ib-sim/testing';

describe('the API with its in-process simulator (IB_GATEWAY=simulator, SIM_PORT=0)', () => {
  let t: TestApp;
  let endpoint: GatewayEndpoint;
  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator' });
    endpoint = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT);
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'gateway ready');
  });
  afterAll(() => t.close());

  it('started the simulator on a random port and reports it ready in the health details of the session owner', async () => {
    expect(endpoint.kind).toBe('simulator');
    expect(endpoint.port).not.toBe(4002);
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.body.details.session).toMatchObject({ status: 'up', role: 'owner', owner: t.config.replicaId, epoch: 1 });
    const ibkr = res.body.details.session.ibkr;
    expect(ibkr).toMatchObject({ up: true, kind: 'simulator', state: 'ready', serverVersion: 193, account: 'DU1234567', expectedRestart: false });
    expect(ibkr.lines).toMatchObject({ active: 0, max: 90 });
    expect(typeof ibkr.nextOrderId).toBe('number');
  });

  it('GET /system/status for a viewer; POST /system/reconnect for an admin only', async () => {
    const viewer = await t.tokenFor('viewer');
    const status = await t.http().get('/api/v1/system/status').set('Authorization', `Bearer ${viewer}`).expect(200);
    expect((status.body as SystemStatus).gateway).toMatchObject({ kind: 'simulator', state: 'ready', port: endpoint.port, accountId: 'DU1234567', serverVersion: 193 });
    expect((status.body as SystemStatus).requests).toMatchObject({ queueDepth: 0, throttled: false, backpressure: 'normal', ratePerSec: 45 });
    await t.http().post('/api/v1/system/reconnect').set('Authorization', `Bearer ${viewer}`).expect(403);
    const admin = await t.tokenFor('admin');
    const states: string[] = [];
    t.app.get(IbkrEventBus).on('state', (s) => states.push(s.to));
    await t.http().post('/api/v1/system/reconnect').set('Authorization', `Bearer ${admin}`).expect(202);
    await waitUntil(() => states.at(-1) === 'ready', 10_000, 'ready after reconnect');
    expect(states).toEqual(['disconnected', 'connecting', 'restoring', 'ready']);
  });

  it('readiness stays 200 while the gateway is down (the console must stay reachable) and shows the IB state', async () => {
    const sim = endpoint.simulator!;
    await sim.faults.restart({ downSeconds: 1, mode: 'refuse' });
    await waitUntil(() => t.app.get(IbConnection).state !== 'ready', 5000, 'drop');
    const down = await t.http().get('/api/v1/health').expect(200);
    expect(down.body.details.database.status).toBe('up');
    expect(down.body.details.session.ibkr).toMatchObject({ up: false });
    expect(down.body.details.session.ibkr.state).not.toBe('ready');
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'back');
    const up = await t.http().get('/api/v1/health').expect(200);
    expect(up.body.details.session.ibkr).toMatchObject({ up: true, state: 'ready' });
  });

  it('streams the live gateway state on system.status and exposes the ibkr_* metrics', async () => {
    const token = await t.tokenFor('viewer');
    const socket = io(t.baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false }) as unknown as import('socket.io-client').Socket<ServerToClientEvents, ClientToServerEvents>;
    const status = await new Promise<SystemStatus>((resolve) => socket.on('system.status', resolve));
    socket.close();
    expect(status.gateway).toMatchObject({ kind: 'simulator', state: 'ready' });
    const details = await t.app.get(RequestCoordinator).submit(contractDetailsRequest(SPY_STOCK));
    expect(details[0].contract.conId).toBe(756733);
    const m = await t.http().get('/metrics').expect(200);
    for (const name of ['ibkr_connection_status{state="ready"} 1', 'ibkr_active_subscriptions 0', 'ibkr_subscription_usage_pct 0', 'ibkr_subscription_evictions_total 0', 'ibkr_request_queue_size 0', 'ibkr_request_queue_producers_waiting 0', 'ibkr_throttle_events_total', 'ibkr_api_errors_total{error_code="2104"}', 'ibkr_reconnects_total 2', 'ibkr_request_latency_seconds_bucket{le="0.005",kind="contractDetails"}', 'ibkr_api_errors_total{error_code="100"} 0', 'ibkr_subscriptions_max 90', 'ibkr_subscriptions_waiting 0', 'ibkr_request_rate_limit_per_second 45', 'ibkr_request_backpressure_tier 0']) {
      expect(m.text).toContain(name);
    }
  });

  it('persists the highest order id: a rolled-back gateway and a restarted API never reuse one', async () => {
    const authority = t.app.get(OrderIdAuthority);
    const a = await authority.next();
    const b = await authority.next();
    expect(b).toBe(a + 1);
    const [row] = await t.app.get(DataSource).query(`SELECT highest_used FROM ib_order_ids WHERE scope = 'DU1234567'`);
    expect(Number(row.highest_used)).toBe(b);
    // a new authority on the same database (an API restart) facing a gateway that went back to 1000
    const fresh = new OrderIdAuthority(new TypeOrmOrderIdStore(t.app.get(DataSource)), 'DU1234567');
    fresh.onNextValidId(1000);
    expect(await fresh.next()).toBe(b + 1);
  });
});
