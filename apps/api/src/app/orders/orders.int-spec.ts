import { io, type Socket } from 'socket.io-client';
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import { IbConnection } from '@ibsc/ibkr';
import type { ClientToServerEvents, OrderFillEvent, OrderView, PlaceOrderResult, PositionsView, PreviewView, ServerToClientEvents } from '@ibsc/shared-dto';
import { marketableTicket } from '../../testing/marketable-ticket';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { ConfigError, validateEnvironment } from '../config/env.validation';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';

describe('orders over REST and Socket.IO (API + in-process simulator)', () => {
  let t: TestApp;
  let trader: string;
  let viewer: string;
  let admin: string;
  let body: (over?: Record<string, unknown>) => Record<string, unknown>;

  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator', env: { RISK_MAX_OPEN_PER_UNDERLYING: '50', POSITIONS_PUSH_INTERVAL_MS: '500' } });
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'gateway ready');
    const sim = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!;
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    body = (over = {}) => ({
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
      ],
      quantity: 1,
      orderType: 'LMT',
      priceMode: 'natural',
      ...over,
    });
    [trader, viewer, admin] = await Promise.all([t.tokenFor('trader'), t.tokenFor('viewer'), t.tokenFor('admin')]);
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const marketableBody = () => marketableTicket(t, trader, body());

  it('a viewer reads but cannot preview or place (403)', async () => {
    await t.http().get('/api/v1/orders').set(auth(viewer)).expect(200);
    await t.http().post('/api/v1/orders/preview').set(auth(viewer)).send(body()).expect(403);
    await t.http().post('/api/v1/orders').set(auth(viewer)).set('Idempotency-Key', 'viewer-key-0001').send(body()).expect(403);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['quantity 0', { quantity: 0 }, 'quantity'],
    ['a bad expiry', { legs: [{ expiry: '2026-12', strike: 100, right: 'C', action: 'BUY' }, { expiry: '20261218', strike: 105, right: 'C', action: 'SELL' }] }, 'legs.0.expiry'],
    ['MKT without confirmation', { orderType: 'MKT' }, 'confirmMarket'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('a bad payload (%s) → 400 naming the field', async (_name, over, field) => {
    const res = await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'bad-payload-0001').send(body(over)).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('Idempotency-Key missing or malformed → 400 naming the header', async () => {
    const missing = await t.http().post('/api/v1/orders').set(auth(trader)).send(body()).expect(400);
    expect(missing.body.details[0].field).toBe('Idempotency-Key');
    const bad = await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'x y').send(body()).expect(400);
    expect(bad.body.details[0].field).toBe('Idempotency-Key');
  });

  it('preview → place → fill, with the fill on Socket.IO, in positions, trades (JSON, CSV) and risk; the same key twice → one order', async () => {
    const socket = io(t.baseUrl, { path: '/socket.io', auth: { token: viewer }, transports: ['websocket'], reconnection: false }) as unknown as Socket<ServerToClientEvents, ClientToServerEvents>;
    const fills: OrderFillEvent[] = [];
    socket.on('orders.fill', (f) => fills.push(f));
    await new Promise<void>((r) => socket.on('connect', () => r()));
    try {
      const preview = (await t.http().post('/api/v1/orders/preview').set(auth(trader)).send(body()).expect(200)).body as PreviewView;
      expect(preview).toMatchObject({ spreadType: 'bull-call', allowed: true, notAvailable: [] });
      expect(preview.initialMargin.change).toEqual(expect.any(Number));

      const ticket = await marketableBody();
      const first = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'ticket-0001-abc').send(ticket).expect(201)).body as PlaceOrderResult;
      const again = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'ticket-0001-abc').send(ticket).expect(201)).body as PlaceOrderResult;
      expect(first.replayed).toBe(false);
      expect(again).toMatchObject({ replayed: true, order: { id: first.order.id } });
      await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'ticket-0001-abc').send({ ...ticket, quantity: 2 }).expect(409);
      const mine = ((await t.http().get('/api/v1/orders').set(auth(viewer)).expect(200)).body as OrderView[]).filter((o) => o.orderRef === first.order.orderRef);
      expect(mine).toHaveLength(1);

      const id = first.order.id;
      await waitUntil(async () => ((await t.http().get(`/api/v1/orders/${id}`).set(auth(viewer))).body as OrderView).filledQuantity === 1, 15_000, 'filled');
      await waitUntil(() => fills.some((f) => f.orderId === id), 5_000, 'orders.fill');
      const view = (await t.http().get(`/api/v1/orders/${id}`).set(auth(viewer)).expect(200)).body as OrderView;
      expect(view).toMatchObject({ status: 'filled', walkLog: [] });

      await waitUntil(async () => ((await t.http().get('/api/v1/trades').set(auth(viewer))).body as unknown[]).length > 0, 5_000, 'trade');
      const positions = (await t.http().get('/api/v1/positions').set(auth(viewer)).expect(200)).body;
      expect(positions.positions).toEqual(expect.arrayContaining([expect.objectContaining({ positionKey: id, quantity: 1, spreadType: 'bull-call' })]));
      const csv = await t.http().get('/api/v1/trades?format=csv&underlying=SPY').set(auth(viewer)).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text).toContain(first.order.orderRef);
      await t.http().get('/api/v1/trades?from=yesterday').set(auth(viewer)).expect(400);
      const risk = (await t.http().get('/api/v1/risk').set(auth(viewer)).expect(200)).body;
      expect(risk).toMatchObject({ accountType: 'paper', reportedAccount: 'DU1234567', killSwitch: { tripped: false } });
      const metrics = await t.http().get('/metrics').expect(200);
      expect(metrics.text).toContain('ibkr_order_execution_seconds_count');
    } finally {
      socket.close();
    }
  });

  it('positions.update: the filled spread with its P&L right after the fill, then periodically while it is open', async () => {
    const socket = io(t.baseUrl, { path: '/socket.io', auth: { token: viewer }, transports: ['websocket'], reconnection: false }) as unknown as Socket<ServerToClientEvents, ClientToServerEvents>;
    const pushes: Array<{ at: number; view: PositionsView }> = [];
    const fills: OrderFillEvent[] = [];
    socket.on('positions.update', (view) => pushes.push({ at: Date.now(), view }));
    socket.on('orders.fill', (f) => fills.push(f));
    await new Promise<void>((r) => socket.on('connect', () => r()));
    try {
      const placed = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'positions-push-0001').send(await marketableBody()).expect(201)).body as PlaceOrderResult;
      const id = placed.order.id;
      const mine = (v: PositionsView) => v.positions.find((p) => p.positionKey === id);
      await waitUntil(() => pushes.some((p) => mine(p.view)?.quantity === 1), 15_000, 'positions.update with the new spread');
      const first = pushes.find((p) => mine(p.view)?.quantity === 1)!;
      await waitUntil(() => fills.some((f) => f.orderId === id), 5_000, 'orders.fill');
      // pushed by the fill itself, not only by the timer
      const metrics = (await t.http().get('/metrics').expect(200)).text;
      expect(Number(/positions_push_total\{trigger="fill",outcome="sent"\} (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
      expect(mine(first.view)).toMatchObject({ underlying: 'SPY', spreadType: 'bull-call', quantity: 1, avgPrice: expect.any(Number), realizedPnl: expect.any(Number), commissions: expect.any(Number) });
      expect(mine(first.view)).toHaveProperty('mark');
      expect(mine(first.view)).toHaveProperty('unrealizedPnl');
      expect(mine(first.view)).toHaveProperty('dailyPnl');
      expect(first.view.totals).toEqual(expect.objectContaining({ realizedPnl: expect.any(Number) }));
      // the same view as GET /positions
      const rest = (await t.http().get('/api/v1/positions').set(auth(viewer)).expect(200)).body as PositionsView;
      expect(Object.keys(rest).sort()).toEqual(Object.keys(first.view).sort());
      expect(rest.positions.find((p) => p.positionKey === id)).toMatchObject({ quantity: 1, avgPrice: mine(first.view)!.avgPrice });
      // periodic pushes with live marks while the spread is open (POSITIONS_PUSH_INTERVAL_MS=500 here)
      const seen = pushes.length;
      await waitUntil(() => pushes.length >= seen + 2, 5_000, 'two periodic positions.update');
      const later = pushes.slice(seen).map((p) => p.view.asOf);
      expect(new Set(later).size).toBe(later.length);
      expect(later.every((a) => a > first.view.asOf)).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('DELETE cancels a resting order; PATCH changes its limit', async () => {
    const placed = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'resting-0001-abc').send(body({ priceMode: 'manual', limit: 0.05 })).expect(201)).body as PlaceOrderResult;
    const id = placed.order.id;
    await waitUntil(async () => ((await t.http().get(`/api/v1/orders/${id}`).set(auth(viewer))).body as OrderView).status === 'submitted', 10_000, 'submitted');
    const patched = (await t.http().patch(`/api/v1/orders/${id}`).set(auth(trader)).send({ limit: 0.06 }).expect(200)).body as OrderView;
    expect(patched.limitPrice).toBe(0.06);
    await t.http().delete(`/api/v1/orders/${id}`).set(auth(viewer)).expect(403);
    await t.http().delete(`/api/v1/orders/${id}`).set(auth(trader)).expect(200);
    await waitUntil(async () => ((await t.http().get(`/api/v1/orders/${id}`).set(auth(viewer))).body as OrderView).status === 'cancelled', 10_000, 'cancelled');
    await t.http().get('/api/v1/orders/not-a-uuid').set(auth(viewer)).expect(400);
  });

  it('DELETE during a gateway restart: 202 "cancel pending" with the order, sent after reconnect, the order ends cancelled', async () => {
    const placed = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'outage-cancel-0001').send(body({ priceMode: 'manual', limit: 0.05 })).expect(201)).body as PlaceOrderResult;
    const id = placed.order.id;
    const view = async () => (await t.http().get(`/api/v1/orders/${id}`).set(auth(viewer))).body as OrderView;
    await waitUntil(async () => (await view()).status === 'submitted', 10_000, 'submitted');
    const connection = t.app.get(IbConnection);
    const sim = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!;
    await sim.faults.restart({ downSeconds: 2, mode: 'refuse' });
    await waitUntil(() => connection.state !== 'ready', 5_000, 'connection lost');
    const pending = await t.http().delete(`/api/v1/orders/${id}`).set(auth(trader)).expect(202);
    expect(pending.body).toMatchObject({ id, status: 'submitted', cancelRequested: true, cancelPending: true });
    expect(sim.orders!.orders().find((o) => o.orderId === placed.order.ibOrderId)?.status).toBe('Submitted');
    // cancelled at the gateway, and the intent marked sent (the Cancelled event may be applied just before that)
    await waitUntil(async () => ((v) => v.status === 'cancelled' && !v.cancelPending)(await view()), 20_000, 'cancelled after reconnect, nothing pending');
    expect(sim.orders!.orders().find((o) => o.orderId === placed.order.ibOrderId)?.status).toBe('Cancelled');
  });

  it('the kill switch: admin only; while tripped opening orders get 422 naming it', async () => {
    await t.http().post('/api/v1/risk/kill-switch').set(auth(trader)).send({ tripped: true, reason: 'test' }).expect(403);
    const k = await t.http().post('/api/v1/risk/kill-switch').set(auth(admin)).send({ tripped: true, reason: 'test' }).expect(200);
    expect(k.body).toMatchObject({ tripped: true, reason: 'test', trippedBy: 'admin' });
    const refused = await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'killed-0001-abc').send(body()).expect(422);
    expect(refused.body.message).toMatch(/kill_switch/);
    await t.http().post('/api/v1/risk/kill-switch').set(auth(admin)).send({ tripped: false, reason: 'reviewed' }).expect(200);
  });
});

describe('orders configuration', () => {
  it('start-up errors are one line naming the variable', () => {
    expect(() => validateEnvironment({ RISK_MAX_CONTRACTS: '0' })).toThrow(new ConfigError('Invalid configuration: RISK_MAX_CONTRACTS="0" is not allowed; expected an integer from 1 to 10000'));
    expect(() => validateEnvironment({ ORDERS_RECONCILE_INTERVAL_SEC: '1' })).toThrow(new ConfigError('Invalid configuration: ORDERS_RECONCILE_INTERVAL_SEC="1" is not allowed; expected an integer from 10 to 86400'));
    expect(validateEnvironment({ ORDERS_RECONCILE_INTERVAL_SEC: '120' }).orders.reconcileIntervalSec).toBe(120);
    expect(() => validateEnvironment({ LIVE_TRADING_CONFIRM: 'DU1' })).toThrow(ConfigError);
    expect(validateEnvironment({ ACCOUNT_TYPE: 'live', LIVE_TRADING_CONFIRM: 'U123' }).orders).toMatchObject({ accountType: 'live', liveTradingConfirm: 'U123' });
  });

  it('ACCOUNT_TYPE=live against the paper simulator: orders refused (422, live_trading_gate)', async () => {
    const t = await createTestApp({ gateway: 'simulator', env: { ACCOUNT_TYPE: 'live' } });
    try {
      await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'gateway ready');
      const o = nearMoneyOption(t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!.market, 'SPY', 'P');
      const res = await t
        .http()
        .post('/api/v1/orders')
        .set({ Authorization: `Bearer ${await t.tokenFor('trader')}` })
        .set('Idempotency-Key', 'live-gate-0001')
        .send({ spreadId: `SPY|${o.expiry}|bull-put|${o.strike}/${o.strike - 5}`, quantity: 1, orderType: 'LMT' })
        .expect(422);
      expect(res.body.message).toContain('live_trading_gate: ACCOUNT_TYPE=live but the gateway reports paper account DU1234567');
    } finally {
      await t.close();
    }
  });
});
