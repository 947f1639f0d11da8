import { waitUntil } from '@ibsc/ib-sim/testing';
import type { OptionDef } from '@ibsc/ib-sim';
import { IbConnection } from '@ibsc/ibkr';
import type { OrderView, PlaceOrderResult, PositionsView, PreviewView } from '@ibsc/shared-dto';
import { marketableClose } from '../../testing/marketable-ticket';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';

/**
 * Index options through the API and its in-process simulator: an SPX scan request, and the order journey of an
 * SPXW put spread named by its scanner id (preview → place → fill → position → its stop closes it), and an SPXW
 * call spread closed by the trader (POST /positions/{id}/close).
 */
describe('index options over REST (API + in-process simulator)', () => {
  let t: TestApp;
  let trader: string;
  let viewer: string;
  let sim: NonNullable<GatewayEndpoint['simulator']>;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    // SESSION_KEEPALIVE_MS=3000: the session lease answers its keep-alive within 2 × that. At the default (1 s, so a 2 s
    // deadline) a cold SPX chain load (16,000 contracts encoded by the in-process simulator and decoded by the client
    // in the same event loop) on a loaded two-core machine delayed it past 2 s and the replica deposed itself (follow-up).
    // SCAN_PREVIEW_TIMEOUT_MS=90000: that cold load and its quotes take longer than the default 10 s preview budget.
    // RISK_MAX_UNDERLYING_MOVE_PCT / RISK_DAILY_LOSS_LIMIT: the stop test moves SPX 6 % and books a loss; the circuit
    // breakers would then refuse the next test's order (they have tests of their own).
    t = await createTestApp({
      gateway: 'simulator',
      env: { RISK_MAX_OPEN_PER_UNDERLYING: '50', RISK_MAX_LOSS_PER_TRADE: '100000', SCAN_DIVIDEND_YIELDS: 'SPX:0.012', SESSION_KEEPALIVE_MS: '3000', SCAN_PREVIEW_TIMEOUT_MS: '90000', RISK_MAX_UNDERLYING_MOVE_PCT: '50', RISK_DAILY_LOSS_LIMIT: '1000000' },
    });
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'gateway ready');
    sim = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!;
    [trader, viewer] = await Promise.all([t.tokenFor('trader'), t.tokenFor('viewer')]);
  });
  afterAll(() => t.close());

  it('a scan request takes SPX (an index, IND underlying) and matches spreads; beside an unknown symbol, the 400 names only that one', async () => {
    const body = { spreadTypes: ['bull-put'], widths: [25], filters: { dte: { min: 20, max: 40 }, shortDelta: { min: 0.15, max: 0.3 } } };
    const spx = await t.http().post('/api/v1/scan/preview-count').set(auth(viewer)).send({ ...body, symbols: ['SPX'] });
    expect({ status: spx.status, body: spx.status === 200 ? null : spx.body }).toEqual({ status: 200, body: null });
    expect(spx.body.acquired).toEqual(['SPX']);
    expect(spx.body.matched).toBeGreaterThan(0);
    // The request check loads every symbol's chain: SPX resolves (as IND on CBOE, with its SPX and SPXW classes), SPXX does not.
    const bad = await t.http().post('/api/v1/scan/preview-count').set(auth(viewer)).send({ ...body, symbols: ['SPX', 'SPXX'] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('symbols');
    const text = JSON.stringify(bad.body.details);
    expect(text).toContain('SPXX');
    expect(text).not.toMatch(/\bSPX\b/);
  }, 180_000);

  it('SPXW put spread by spread id: preview → place → fill → position (× 100) → the stop closes it flat', async () => {
    const puts = sim.market
      .findContracts({ secType: 'OPT', symbol: 'SPX', right: 'P' })
      .filter((o): o is OptionDef & { secType: 'OPT' } => o.secType === 'OPT' && o.tradingClass === 'SPXW');
    const spot = sim.market.spot('SPX');
    const expiry = [...new Set(puts.map((o) => o.expiry))].sort().find((e) => Date.UTC(+e.slice(0, 4), +e.slice(4, 6) - 1, +e.slice(6, 8)) - Date.now() > 20 * 86_400_000)!;
    const strikes = new Set(puts.filter((o) => o.expiry === expiry).map((o) => o.strike));
    const short = [...strikes].filter((k) => strikes.has(k - 25)).sort((a, b) => Math.abs(a - spot * 0.98) - Math.abs(b - spot * 0.98))[0];
    const spreadId = `SPX|${expiry}|bull-put|${short}/${short - 25}|SPXW`;
    const ticket = { spreadId, quantity: 1, orderType: 'LMT', priceMode: 'natural' };

    const preview = (await t.http().post('/api/v1/orders/preview').set(auth(trader)).send(ticket).expect(200)).body as PreviewView;
    expect(preview).toMatchObject({ underlying: 'SPX', spreadType: 'bull-put', allowed: true, notAvailable: [] });
    expect(preview.maxLoss! + preview.maxProfit!).toBeCloseTo(2500, 0);
    // Marketable: the natural credit less a cushion (a credit is a negative BAG limit).
    const limit = Math.round(((preview.limitPrice ?? 0) + 0.3) * 100) / 100;
    const placed = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'spx-journey-0001').send({ ...ticket, priceMode: 'manual', limit, stopLossPct: 50 }).expect(201)).body as PlaceOrderResult;
    const id = placed.order.id;
    expect(placed.order.legs.map((l) => (sim.market.contract(l.conId!) as OptionDef).tradingClass)).toEqual(['SPXW', 'SPXW']);
    await waitUntil(async () => ((await t.http().get(`/api/v1/orders/${id}`).set(auth(viewer))).body as OrderView).filledQuantity === 1, 30_000, 'filled');

    const position = async () => ((await t.http().get('/api/v1/positions').set(auth(viewer)).expect(200)).body as PositionsView).positions.find((p) => p.positionKey === id);
    await waitUntil(async () => (await position())?.quantity === 1, 15_000, 'position open');
    expect(await position()).toMatchObject({ underlying: 'SPX', spreadType: 'bull-put', expiry, lowerStrike: short - 25, upperStrike: short });

    const exits = async () => ((await t.http().get('/api/v1/orders').set(auth(viewer)).expect(200)).body as OrderView[]).filter((o) => o.parentOrderId === id);
    await waitUntil(async () => (await exits()).some((o) => o.exitRole === 'stop_loss' && o.status === 'submitted'), 15_000, 'stop working');
    sim.market.jump('SPX', -0.06);
    await waitUntil(async () => (await position())?.quantity === 0, 60_000, 'position closed by the stop');
    const closed = (await position())!;
    expect(closed.realizedPnl).toBeLessThan(0);
    // A 25-wide SPX spread loses at most 25 × 100 per spread (plus commissions).
    expect(closed.realizedPnl).toBeGreaterThan(-2500 - 20);
  }, 240_000);

  it('SPXW call spread: preview → place → fill → position → the trader closes it (POST /positions/{id}/close) flat', async () => {
    const calls = sim.market
      .findContracts({ secType: 'OPT', symbol: 'SPX', right: 'C' })
      .filter((o): o is OptionDef & { secType: 'OPT' } => o.secType === 'OPT' && o.tradingClass === 'SPXW');
    const spot = sim.market.spot('SPX');
    const expiry = [...new Set(calls.map((o) => o.expiry))].sort().find((e) => Date.UTC(+e.slice(0, 4), +e.slice(4, 6) - 1, +e.slice(6, 8)) - Date.now() > 20 * 86_400_000)!;
    const strikes = new Set(calls.filter((o) => o.expiry === expiry).map((o) => o.strike));
    const short = [...strikes].filter((k) => strikes.has(k + 25)).sort((a, b) => Math.abs(a - spot * 1.02) - Math.abs(b - spot * 1.02))[0];
    const ticket = { spreadId: `SPX|${expiry}|bear-call|${short}/${short + 25}|SPXW`, quantity: 1, orderType: 'LMT', priceMode: 'natural' };
    const preview = (await t.http().post('/api/v1/orders/preview').set(auth(trader)).send(ticket).expect(200)).body as PreviewView;
    expect(preview).toMatchObject({ underlying: 'SPX', spreadType: 'bear-call', allowed: true });
    const limit = Math.round(((preview.limitPrice ?? 0) + 0.3) * 100) / 100;
    const placed = (await t.http().post('/api/v1/orders').set(auth(trader)).set('Idempotency-Key', 'spx-close-0001').send({ ...ticket, priceMode: 'manual', limit }).expect(201)).body as PlaceOrderResult;
    const id = placed.order.id;
    const position = async () => ((await t.http().get('/api/v1/positions').set(auth(viewer)).expect(200)).body as PositionsView).positions.find((p) => p.positionKey === id);
    await waitUntil(async () => (await position())?.quantity === 1 && (await position())?.mark != null, 30_000, 'position open with a mark');

    const close = await marketableClose(t, trader, id);
    const sent = await t.http().post(`/api/v1/positions/${id}/close`).set(auth(trader)).set('Idempotency-Key', 'spx-close-0002').send(close);
    expect({ status: sent.status, body: sent.status === 201 ? null : sent.body }).toEqual({ status: 201, body: null });
    const closing = sent.body.order as OrderView;
    expect(closing.legs.map((l) => (sim.market.contract(l.conId!) as OptionDef).tradingClass)).toEqual(['SPXW', 'SPXW']);
    await waitUntil(async () => (await position())?.quantity === 0, 60_000, 'position closed by the trader');
    const flat = (await position())!;
    // A 25-wide SPX spread makes or loses at most 25 × 100 per spread (plus commissions).
    expect(Math.abs(flat.realizedPnl)).toBeLessThan(2500 + 20);
    expect(((await t.http().get(`/api/v1/orders/${closing.id}`).set(auth(viewer))).body as OrderView).status).toBe('filled');
    // closed: a second close is refused with its code
    const again = await t.http().post(`/api/v1/positions/${id}/close`).set(auth(trader)).set('Idempotency-Key', 'spx-close-0003').send(close);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'POSITION_NOT_OPEN' });
  }, 240_000);
});
