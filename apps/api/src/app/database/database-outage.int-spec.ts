import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import { IbConnection } from '@ibsc/ibkr';
import type { PlaceOrderResult } from '@ibsc/shared-dto';
import { createTestApp, ADMIN_PASSWORD, type TestApp } from '../../testing/test-app';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';

describe('a database outage answers 503 with Retry-After, never 500 (issue 15 #5)', () => {
  let t: TestApp;
  let trader: string;
  let body: (over?: Record<string, unknown>) => Record<string, unknown>;
  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator', databaseProxy: true, env: { RISK_MAX_OPEN_PER_UNDERLYING: '50' } });
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
    trader = await t.tokenFor('trader');
  });
  afterAll(() => t.close());

  it('place, cancel, modify, lists and login during the outage; service resumes after it', async () => {
    const auth = { Authorization: `Bearer ${trader}` };
    const placed = (await t.http().post('/api/v1/orders').set(auth).set('Idempotency-Key', 'outage-before-0001').send(body()).expect(201)).body as PlaceOrderResult;
    const id = placed.order.id;
    // The token's user row was just read (it is reused for a few seconds), so the orders paths themselves meet the outage.
    await t.http().get('/api/v1/orders').set(auth).expect(200);

    await t.dbProxy!.cut();
    const responses = {
      place: await t.http().post('/api/v1/orders').set(auth).set('Idempotency-Key', 'outage-during-0001').send(body()),
      cancel: await t.http().delete(`/api/v1/orders/${id}`).set(auth),
      modify: await t.http().patch(`/api/v1/orders/${id}`).set(auth).send({ quantity: 2 }),
      orders: await t.http().get('/api/v1/orders').set(auth),
      presets: await t.http().get('/api/v1/presets').set(auth),
      login: await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }),
    };
    for (const [name, res] of Object.entries(responses)) {
      expect({ name, status: res.status }).toEqual({ name, status: 503 });
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.message).toMatch(/database is unavailable/);
    }

    await t.dbProxy!.restore();
    await waitUntil(async () => (await t.http().get('/api/v1/orders').set(auth)).status === 200, 15_000, 'orders list after the outage');
    const list = (await t.http().get('/api/v1/orders').set(auth).expect(200)).body as Array<{ id: string }>;
    // Nothing was placed during the outage: only the order from before it.
    expect(list.map((o) => o.id)).toEqual([id]);
    await t.login('admin', ADMIN_PASSWORD);
  });
});
