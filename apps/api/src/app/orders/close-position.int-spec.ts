/**
 * POST /api/v1/positions/{id}/close over HTTP against the in-process simulator (real PostgreSQL): the order journey
 * preview → place → fill → position → close, the Idempotency-Key replay, and every refusal with its code.
 */
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import { IbConnection } from '@ibsc/ibkr';
import type { CreatedApiKey, OrderView, PlaceOrderResult, PositionsView, PreviewView } from '@ibsc/shared-dto';
import { DataSource } from 'typeorm';
import { marketableClose, marketableTicket } from '../../testing/marketable-ticket';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';

describe('closing a position over REST (API + in-process simulator)', () => {
  let t: TestApp;
  let trader: string;
  let viewer: string;
  let admin: string;
  let body: (over?: Record<string, unknown>) => Record<string, unknown>;
  let positionKey: string;

  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator', env: { RISK_MAX_OPEN_PER_UNDERLYING: '50' } });
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'gateway ready');
    const sim = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!;
    const o = nearMoneyOption(sim.market, 'SPY', 'P');
    // a bull put: a credit spread, bought back with a debit
    body = (over = {}) => ({
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike - 5, right: 'P', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike, right: 'P', action: 'SELL' },
      ],
      quantity: 2,
      orderType: 'LMT',
      priceMode: 'natural',
      ...over,
    });
    [trader, viewer, admin] = await Promise.all([t.tokenFor('trader'), t.tokenFor('viewer'), t.tokenFor('admin')]);
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const closeUrl = (id: string) => `/api/v1/positions/${id}/close`;
  const close = (id: string, dto: Record<string, unknown>, key: string, token = trader) => t.http().post(closeUrl(id)).set(auth(token)).set('Idempotency-Key', key).send(dto);
  const position = async () => ((await t.http().get('/api/v1/positions').set(auth(viewer)).expect(200)).body as PositionsView).positions.find((p) => p.positionKey === positionKey);
  const order = async (id: string) => (await t.http().get(`/api/v1/orders/${id}`).set(auth(viewer)).expect(200)).body as OrderView;
  const gatewayOrders = () => t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!.orders!.orders();

  it('preview → place → fill → position: the spread is open', async () => {
    const preview = (await t.http().post('/api/v1/orders/preview').set(auth(trader)).send(body()).expect(200)).body as PreviewView;
    expect(preview).toMatchObject({ spreadType: 'bull-put', allowed: true });
    const placed = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'close-spec-open-1').send(await marketableTicket(t, trader, body())).expect(201)).body as PlaceOrderResult;
    positionKey = placed.order.id;
    await waitUntil(async () => (await position())?.quantity === 2 && (await order(positionKey)).status === 'filled', 20_000, 'position open');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a bad priceMode', { priceMode: 'market' }, 'priceMode', 'priceMode must be one of the following values: mid, natural, manual'],
    ['quantity 0', { quantity: 0 }, 'quantity', 'quantity must not be less than 1'],
    ['a fractional quantity', { quantity: 1.5 }, 'quantity', 'quantity must be an integer number'],
    ['manual without a limit', { priceMode: 'manual' }, 'limit', 'limit must be a number conforming to the specified constraints'],
    ['a bad tif', { tif: 'IOC' }, 'tif', 'tif must be one of the following values: DAY, GTC'],
    ['an unknown field', { side: 'BUY' }, 'side', 'side is not an allowed field'],
  ])('%s → 400 naming the field and what is allowed', async (_name, dto, field, problem) => {
    const res = await close(positionKey, dto, 'close-spec-bad-1').expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toContainEqual({ field, problems: expect.arrayContaining([problem]) });
  });

  it('refusals with their codes: unknown id 404, a quantity above the open one 400, no key 400, a viewer or a read-scope key 403; nothing sent', async () => {
    const before = gatewayOrders().length;
    const unknown = await close('6f1d2c3b-0000-4000-8000-00000000abcd', {}, 'close-spec-404-1').expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'POSITION_NOT_FOUND' });
    await close('not-a-uuid', {}, 'close-spec-uuid-1').expect(400);
    const tooMany = await close(positionKey, { quantity: 3 }, 'close-spec-many-1').expect(400);
    expect(tooMany.body).toMatchObject({ code: 'QUANTITY_ABOVE_OPEN', details: [{ field: 'quantity', problems: ['at most 2 (the open quantity)'] }] });
    const noKey = await t.http().post(closeUrl(positionKey)).set(auth(trader)).send({}).expect(400);
    expect(noKey.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_MISSING', details: [{ field: 'Idempotency-Key' }] });
    expect((await close(positionKey, {}, 'close-spec-viewer-1', viewer).expect(403)).body.code).toBe('FORBIDDEN');
    const readKey = (await t.http().post('/api/v1/api-keys').set(auth(admin)).send({ name: 'reader', scopes: ['read'] }).expect(201)).body as CreatedApiKey;
    const scoped = await close(positionKey, {}, 'close-spec-scope-1', readKey.key).expect(403);
    expect(scoped.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
    expect(scoped.body.message).toMatch(/needs trade/);
    expect(gatewayOrders()).toHaveLength(before);
  });

  it('close 1, then the rest: the SELL orders fill, the position is flat with its P&L booked; the same key replays, a flat position refuses', async () => {
    const partialDto = { quantity: 1, ...(await marketableClose(t, trader, positionKey)) };
    const first = (await close(positionKey, partialDto, 'close-spec-part-1').expect(201)).body as PlaceOrderResult;
    expect(first.replayed).toBe(false);
    expect(first.order).toMatchObject({ intent: 'close', exitRole: 'manual', action: 'SELL', quantity: 1, positionKey, parentOrderId: positionKey, priceMode: 'manual' });
    expect(first.order.limitPrice!).toBeLessThan(0);
    const again = (await close(positionKey, partialDto, 'close-spec-part-1').expect(201)).body as PlaceOrderResult;
    expect(again).toMatchObject({ replayed: true, order: { id: first.order.id } });
    await close(positionKey, { ...partialDto, quantity: 2 }, 'close-spec-part-1').expect(409);
    await waitUntil(async () => (await order(first.order.id)).status === 'filled' && (await position())?.quantity === 1, 20_000, 'half closed');

    const rest = (await close(positionKey, await marketableClose(t, trader, positionKey), 'close-spec-rest-1').expect(201)).body as PlaceOrderResult;
    expect(rest.order.quantity).toBe(1);
    await waitUntil(async () => (await order(rest.order.id)).status === 'filled' && (await position())?.quantity === 0, 20_000, 'flat');
    // The realized P&L is the fills' difference less every commission; a commission report may land after the fill,
    // so read the book and the orders together until both have it.
    const booked = async () => {
      const [p, entry, c1, c2] = await Promise.all([position(), ...[positionKey, first.order.id, rest.order.id].map(order)]);
      const commissions = [entry, c1, c2].reduce((s, o) => s + (o.commission ?? 0), 0);
      return { flat: p!, c1, c2, expected: (c1.avgFillPrice! - entry.avgFillPrice!) * 100 + (c2.avgFillPrice! - entry.avgFillPrice!) * 100 - commissions };
    };
    await waitUntil(async () => {
      const b = await booked();
      return Math.abs(b.flat.realizedPnl - b.expected) < 0.05;
    }, 20_000, 'realized P&L with every commission').catch(() => undefined);
    const { flat, c1, c2, expected } = await booked();
    expect(flat).toMatchObject({ quantity: 0, avgPrice: null, unrealizedPnl: 0 });
    expect(flat.realizedPnl).toBeCloseTo(expected, 1);

    // in the order list; each close reached the gateway once
    const closes = ((await t.http().get('/api/v1/orders').set(auth(viewer)).expect(200)).body as OrderView[]).filter((o) => o.positionKey === positionKey && o.intent === 'close');
    expect(closes.map((o) => o.id).sort()).toEqual([first.order.id, rest.order.id].sort());
    for (const c of [c1, c2]) expect(gatewayOrders().filter((g) => g.orderRef === c.orderRef)).toHaveLength(1);

    const refused = await close(positionKey, {}, 'close-spec-flat-1').expect(409);
    expect(refused.body).toMatchObject({ code: 'POSITION_NOT_OPEN' });
    const audit: Array<{ n: number }> = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM order_audit_log WHERE action = 'position.close_requested' AND actor LIKE 'trader%'`);
    expect(audit[0].n).toBe(2);
  });
});
