/**
 * Index verticals end to end below the REST layer: an SPX put spread through the order engine, the simulated
 * gateway over TCP and a real PostgreSQL. The third Friday lists both SPX (AM) and SPXW (PM): the trading class in
 * the scanner's spread id picks the legs, explicit legs without one are refused as ambiguous.
 */
import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock, OptionDef } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, settleOnClock, untilOnClock } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { PlaceOrderDto, PreviewOrderDto } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { marketableTicket } from '../../testing/marketable-ticket';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from './orders-engine';
import { OrdersError } from '../orders-error';

const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null };

describe('index verticals: SPX through the OrdersEngine (simulator over TCP, real PostgreSQL)', () => {
  const { clock, market } = createTestMarket({ seed: 13, symbols: ['SPY', 'SPX'] });
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let rt: IbkrRuntime;
  let engine: OrdersEngine;

  const settle = <T>(p: Promise<T>, maxMs = 60_000): Promise<T> => settleOnClock(clock, p, maxMs);

  const until = (pred: () => Promise<boolean>, what: string, maxMs = 120_000) => untilOnClock(clock, pred, what, { maxMs });

  /** The order's status once settled (a filled order: its quantity and BAG executions all recorded). */
  const status = async (id: string) => {
    const v = await engine.view(id);
    if (v.status !== 'filled') return engine.feed.backlog() === 0 ? v.status : 'busy';
    const rows: Array<{ q: string | null }> = await db.dataSource.query(`SELECT sum(shares) AS q FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG'`, [id]);
    return Number(rows[0].q ?? 0) >= v.quantity && v.filledQuantity >= v.quantity && v.avgFillPrice !== null && engine.feed.backlog() === 0 ? 'filled' : 'filling';
  };

  /** The first AM monthly about three weeks out or more, and a near-the-money put strike listed by SPX and SPXW. */
  function thirdFridayPut(): { expiry: string; strike: number } {
    const opts = sim.market.findContracts({ secType: 'OPT', symbol: 'SPX', right: 'P' }).filter((o): o is OptionDef & { secType: 'OPT' } => o.secType === 'OPT');
    const spot = sim.market.spot('SPX');
    const today = new Date(clock.now()).toISOString().slice(0, 10).replace(/-/g, '');
    const am = opts.filter((o) => o.tradingClass === 'SPX' && o.expiry > today).map((o) => o.expiry).sort();
    const expiry = am.find((e) => Date.UTC(+e.slice(0, 4), +e.slice(4, 6) - 1, +e.slice(6, 8)) - clock.now() > 20 * 86_400_000)!;
    const both = (k: number) => ['SPX', 'SPXW'].every((tc) => opts.some((o) => o.tradingClass === tc && o.expiry === expiry && o.strike === k));
    const strikes = opts.filter((o) => o.tradingClass === 'SPXW' && o.expiry === expiry && both(o.strike) && both(o.strike - 25)).map((o) => o.strike);
    const strike = strikes.sort((a, b) => Math.abs(a - spot * 0.97) - Math.abs(b - spot * 0.97))[0];
    return { expiry, strike };
  }

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 0 } } });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 9 });
    engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry: new Registry(), absentGraceMs: 10_000 });
    engine.start();
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
    await settle(engine.reconcileNow());
  }, 120_000);
  afterAll(async () => {
    engine.stop();
    await rt.stop();
    await sim.stop();
    await db.drop();
    market.dispose();
  });

  it('explicit legs on a third Friday (SPX and SPXW both list it): the class named, else the symbol\'s own (SPX, AM); a bad class → 400', async () => {
    const { expiry, strike } = thirdFridayPut();
    const legs = [
      { expiry, strike: strike - 25, right: 'P', action: 'BUY' },
      { expiry, strike, right: 'P', action: 'SELL' },
    ];
    const dto = { underlying: 'SPX', legs, quantity: 1, orderType: 'LMT', priceMode: 'natural' } as PreviewOrderDto;
    const refused = await settle(engine.preview({ ...dto, tradingClass: 'NDXP' } as PreviewOrderDto)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OrdersError);
    expect((refused as OrdersError).message).toMatch(/no option SPX \(NDXP\)/);
    const unnamed = await settle(engine.preview(dto));
    const am = await settle(engine.preview({ ...dto, tradingClass: 'SPX' } as PreviewOrderDto));
    expect(am).toMatchObject({ spreadType: 'bull-put', allowed: true });
    expect(unnamed).toMatchObject({ spreadType: 'bull-put', allowed: true });
    // Without a class the symbol's own (SPX, AM) is meant: a resting order shows the contracts it holds, then goes.
    const { order: plain } = await settle(engine.place({ ...dto, priceMode: 'manual', limit: -24.9 } as PlaceOrderDto, 'spx-plain-key-0001', 'trader1'));
    expect(plain.legs.map((l) => sim.market.contract(l.conId!)).map((c) => (c?.secType === 'OPT' ? `${c.tradingClass}:${c.settlement}` : ''))).toEqual(['SPX:AM', 'SPX:AM']);
    await settle(engine.cancel(plain.id, 'trader1'));
    await until(async () => (await engine.view(plain.id)).status === 'cancelled', 'unnamed order cancelled');
    // A resting order (a credit of nearly the width never fills) shows which contracts it holds, then is cancelled.
    const { order } = await settle(engine.place({ ...dto, tradingClass: 'SPX', priceMode: 'manual', limit: -24.9 } as PlaceOrderDto, 'spx-am-key-0001', 'trader1'));
    const amLegs = order.legs.map((l) => sim.market.contract(l.conId!));
    expect(amLegs.map((c) => (c?.secType === 'OPT' ? `${c.tradingClass}:${c.settlement}:${c.exercise}` : ''))).toEqual(['SPX:AM:european', 'SPX:AM:european']);
    await settle(engine.cancel(order.id, 'trader1'));
    await until(async () => (await engine.view(order.id)).status === 'cancelled', 'AM order cancelled');
  }, 180_000);

  it('SPXW put spread by the scanner id: preview (whatIf) → place → fill → position with P&L × 100 → stop closes it flat', async () => {
    const { expiry, strike } = thirdFridayPut();
    const spreadId = `SPX|${expiry}|bull-put|${strike}/${strike - 25}|SPXW`;
    const dto = { spreadId, quantity: 1, orderType: 'LMT', priceMode: 'natural' } as PreviewOrderDto;
    const preview = await settle(engine.preview(dto));
    expect(preview).toMatchObject({ underlying: 'SPX', spreadType: 'bull-put', allowed: true, notAvailable: [] });
    expect(preview.initialMargin.change).toEqual(expect.any(Number));
    expect(preview.commission).toBeGreaterThan(0);
    expect(preview.maxLoss! + preview.maxProfit!).toBeCloseTo(2500, 0); // 25 wide × multiplier 100

    const { order } = await settle(engine.place(await marketableTicket(engine, { ...dto, stopLossPct: 50 } as PlaceOrderDto, settle), 'spx-key-0001', 'trader1'));
    const legDefs = order.legs.map((l) => sim.market.contract(l.conId!));
    expect(legDefs.every((c) => c?.secType === 'OPT' && c.tradingClass === 'SPXW' && c.exercise === 'european' && c.cashSettled)).toBe(true);
    await until(async () => (await status(order.id)) === 'filled', 'SPX vertical filled');
    const atGateway = sim.orders!.orders().find((o) => o.orderId === order.ibOrderId)!;
    expect(atGateway.symbol).toBe('SPX');
    const entry = await engine.view(order.id);
    expect(entry.avgFillPrice!).toBeLessThan(0); // a credit
    await until(async () => (await engine.portfolio.spreadPositions()).some((p) => p.positionKey === order.id && p.quantity === 1), 'position open');
    const open = (await engine.portfolio.spreadPositions()).find((p) => p.positionKey === order.id)!;
    expect(open).toMatchObject({ underlying: 'SPX', quantity: 1 });
    const exits = async () => (await engine.list()).filter((o) => o.parentOrderId === order.id);
    await until(async () => (await exits()).some((o) => o.exitRole === 'stop_loss' && o.status === 'submitted'), 'stop working');

    sim.market.jump('SPX', -0.06); // through the short put: the spread's value rises past the stop
    const stop = (await exits()).find((o) => o.exitRole === 'stop_loss')!;
    await until(async () => (await status(stop.id)) === 'filled', 'stop filled');
    await until(async () => (await engine.portfolio.spreadPositions()).some((p) => p.positionKey === order.id && p.quantity === 0), 'position flat');
    const closed = (await engine.portfolio.spreadPositions()).find((p) => p.positionKey === order.id)!;
    const stopView = await engine.view(stop.id);
    const commissions: Array<{ c: string }> = await db.dataSource.query(
      `SELECT sum(c.commission) AS c FROM order_commissions c JOIN order_executions e ON e.exec_id = c.exec_id WHERE e.order_id = ANY($1)`,
      [[order.id, stop.id]],
    );
    // Signed BAG prices (the exit SELLs the BUY-side combo): P&L = (exit − entry) × multiplier 100 − commissions.
    const expected = (stopView.avgFillPrice! - entry.avgFillPrice!) * 100 - Number(commissions[0].c);
    expect(closed.realizedPnl).toBeCloseTo(expected, 2);
    expect(closed.realizedPnl).toBeLessThan(0);
  }, 300_000);
});
