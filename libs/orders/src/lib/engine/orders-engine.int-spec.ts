/**
 * The order engine against the simulated gateway over TCP (libs/ib-sim), the real connection layer (libs/ibkr) and
 * a real PostgreSQL, on one ManualClock: every scenario of issue 6's list that lives below the REST layer.
 */
import { createTestMarket, startTestSimulator, nearMoneyOption } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, drive, settleOnClock, untilOnClock } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { OrderView, PlaceOrderDto, PreviewOrderDto, SpreadType } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { marketableTicket, throughNatural } from '../../testing/marketable-ticket';
import { reconciledAfterReconnect as reconciledAfterReconnectOf } from '../../testing/reconciled-after-reconnect';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from './orders-engine';
import { OrdersError } from '../orders-error';

const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null };

describe('OrdersEngine against the simulator (TCP, manual clock, real PostgreSQL)', () => {
  const { clock, market } = createTestMarket(11);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let rt: IbkrRuntime;
  let engine: OrdersEngine;
  let key = 0;
  const registry = new Registry();
  const updates: OrderView[] = [];
  const fills: string[] = [];

  /** Drives the clock (and real I/O) until the promise settles. */
  const settle = <T>(p: Promise<T>, maxMs = 60_000): Promise<T> => settleOnClock(clock, p, maxMs);

  const until = (pred: () => Promise<boolean>, what: string, maxMs = 120_000) => untilOnClock(clock, pred, what, { maxMs });

  /** The order's status once settled (a filled order: its quantity and BAG executions all recorded, hooks run). */
  const status = async (id: string) => {
    const v = await engine.view(id);
    if (v.status !== 'filled') return engine.feed.backlog() === 0 ? v.status : 'busy';
    const rows: Array<{ q: string | null }> = await db.dataSource.query(`SELECT sum(shares) AS q FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG'`, [id]);
    return Number(rows[0].q ?? 0) >= v.quantity && v.filledQuantity >= v.quantity && engine.feed.backlog() === 0 ? 'filled' : 'filling';
  };

  /** A vertical of the given type on SPY near the money, as explicit legs (the REST body). */
  function ticket(type: SpreadType, over: Partial<PlaceOrderDto> = {}): PlaceOrderDto {
    const right = type === 'bull-call' || type === 'bear-call' ? 'C' : 'P';
    const o = nearMoneyOption(sim.market, 'SPY', right);
    const lo = o.strike;
    const hi = o.strike + 5;
    const [buy, sell] = type === 'bull-call' || type === 'bull-put' ? [lo, hi] : [hi, lo];
    return {
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: buy, right, action: 'BUY' },
        { expiry: o.expiry, strike: sell, right, action: 'SELL' },
      ],
      quantity: 1,
      orderType: 'LMT',
      priceMode: 'natural',
      ...over,
    } as PlaceOrderDto;
  }

  const place = (dto: PlaceOrderDto, k = `engine-key-${++key}`) => settle(engine.place(dto, k, 'trader1'));

  /** A ticket meant to fill: a manual limit a dime through the natural of a preview taken now. */
  const marketable = (type: SpreadType, over: Partial<PlaceOrderDto> = {}) => marketableTicket(engine, ticket(type, over), settle);

  const reconciledAfterReconnect = () => reconciledAfterReconnectOf(rt, engine);

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 1, partialFillIntervalMs: 2_000 } } });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 7 });
    engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry, absentGraceMs: 10_000 });
    engine.events.on('update', (v) => updates.push(v));
    engine.events.on('fill', (f) => fills.push(f.orderId));
    engine.start();
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
    await settle(engine.reconcileNow());
  });
  afterAll(async () => {
    engine.stop();
    await rt.stop();
    await sim.stop();
    await db.drop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it.each<SpreadType>(['bull-call', 'bear-call', 'bull-put', 'bear-put'])('%s: preview (whatIf, economics, risk) → place → fill', async (type) => {
    const dto = ticket(type);
    const preview = await settle(engine.preview(dto as PreviewOrderDto));
    expect(preview.spreadType).toBe(type);
    expect(preview.allowed).toBe(true);
    expect(preview.risk.every((r) => r.passed)).toBe(true);
    expect(preview.initialMargin.change).toEqual(expect.any(Number));
    expect(preview.commission).toBeGreaterThan(0);
    expect(preview.notAvailable).toEqual([]);
    expect(preview.maxLoss! + preview.maxProfit!).toBeCloseTo(500, 0);
    expect(Math.sign(preview.limitPrice!)).toBe(type === 'bull-call' || type === 'bear-put' ? 1 : -1);

    const { order, replayed } = await place({ ...dto, priceMode: 'manual', limit: throughNatural(preview) });
    expect(replayed).toBe(false);
    expect(order.limitPrice).toBe(throughNatural(preview));
    expect(order.legs.every((l) => typeof l.conId === 'number')).toBe(true);
    await until(async () => (await status(order.id)) === 'filled', `${type} filled`);
    const filled = await engine.view(order.id);
    expect(filled).toMatchObject({ filledQuantity: 1, spreadType: type });
    // a marketable limit fills at the natural of the moment, never beyond its limit
    expect(filled.avgFillPrice!).toBeLessThanOrEqual(order.limitPrice! + 1e-9);
    const trades = await engine.portfolio.trades({});
    expect(trades.filter((t) => t.orderId === order.id)).toHaveLength(1);
    expect(fills).toContain(order.id);
  });

  it('counts a placed order once: the idempotent replay is not another order', async () => {
    const placed = async () => Number(/^ibkr_orders_placed_total (\S+)$/m.exec(await registry.metrics())?.[1]);
    const before = await placed();
    const dto = await marketable('bull-call');
    const first = await place(dto, 'metrics-once-1');
    const again = await place(dto, 'metrics-once-1');
    expect(again).toMatchObject({ replayed: true, order: { id: first.order.id } });
    expect(await placed()).toBe(before + 1);
    await until(async () => (await status(first.order.id)) === 'filled', 'filled');
  });

  it('partial fills: slices recorded once each, partially_filled then filled', async () => {
    const { order } = await place(await marketable('bull-call', { quantity: 3 }));
    await until(async () => (await status(order.id)) === 'filled', 'filled in slices');
    const rows: Array<{ n: string }> = await db.dataSource.query(`SELECT count(*) AS n FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG'`, [order.id]);
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(2);
    expect(updates.filter((u) => u.id === order.id).map((u) => u.status)).toContain('partially_filled');
    const trades = (await engine.portfolio.trades({})).filter((t) => t.orderId === order.id);
    expect(trades.reduce((a, t) => a + t.quantity, 0)).toBe(3);
  });

  it('cancel: a resting order is cancelled at the gateway and its lines are released', async () => {
    const dto = ticket('bear-put', { priceMode: 'mid' });
    const { order } = await place(dto);
    await until(async () => (await status(order.id)) === 'submitted', 'submitted');
    expect(engine.market.pinnedOwners()).toContain(`order:${order.id}`);
    await settle(engine.cancel(order.id, 'trader1'));
    await until(async () => (await status(order.id)) === 'cancelled', 'cancelled');
    expect(engine.market.pinnedOwners()).not.toContain(`order:${order.id}`);
  });

  it('a walk steps from the mid toward the natural, logging every step, and fills at the walked price', async () => {
    const { order } = await place(ticket('bull-call', { priceMode: undefined, walk: { stepFraction: 0.5, intervalMs: 5_000, timeoutMs: 120_000, maxSlippage: 5 } }));
    await until(async () => (await status(order.id)) === 'filled', 'walk filled');
    const v = await engine.view(order.id);
    const kinds = v.walkLog.map((s) => s.kind);
    expect(kinds[0]).toBe('place');
    expect(kinds).toContain('reprice');
    expect(kinds.at(-1)).toBe('filled');
    const reprices = v.walkLog.filter((s) => s.kind === 'reprice');
    // each step re-anchored to its own live quote: offset(n) = min(n × max(0.5 × halfSpread, tick), halfSpread) from
    // that step's mid, within the passive rounding (a tick). (Not "further than the step before": a spread that
    // narrowed between steps brings the natural, and so the offset, closer.)
    for (const s of [v.walkLog[0], ...reprices]) {
      const half = (s.ask! - s.bid!) / 2;
      const expected = Math.min(s.step * Math.max(0.5 * half, 0.01), half);
      expect({ step: s.step, off: Math.abs(s.price! - s.mid! - expected) <= 0.01 + 1e-9 }).toEqual({ step: s.step, off: true });
    }
    expect(reprices.map((s) => s.step)).toEqual(reprices.map((_, i) => i + 1));
    // the order carries the last walked limit and filled at it or better (a marketable limit fills at the natural)
    expect(v.limitPrice).toBeCloseTo(reprices.at(-1)!.price!, 2);
    expect(v.avgFillPrice!).toBeLessThanOrEqual(v.limitPrice! + 1e-9);
  });

  it('take-profit on fill: an OCA exit for the filled quantity', async () => {
    const { order } = await place(await marketable('bull-call', { takeProfitPct: 50 }));
    await until(async () => (await engine.list()).some((o) => o.parentOrderId === order.id && o.status === 'submitted'), 'take-profit working');
    const exit = (await engine.list()).find((o) => o.parentOrderId === order.id)!;
    const parent = await engine.view(order.id);
    expect(exit).toMatchObject({ intent: 'close', exitRole: 'take_profit', action: 'SELL', quantity: 1, tif: 'GTC', positionKey: order.id });
    expect(exit.limitPrice!).toBeGreaterThan(parent.avgFillPrice!);
  });

  it('take-profit and stop as one OCA pair: both work, the market drops, the stop fills, OCA cancels the take-profit, the position is flat', async () => {
    const rejects: string[] = [];
    engine.events.on('reject', (r) => rejects.push(r.reason));
    const { order } = await place(await marketable('bull-call', { takeProfitPct: 50, stopLossPct: 50 }));
    const exits = async () => (await engine.list()).filter((o) => o.parentOrderId === order.id);
    await until(async () => (await exits()).filter((o) => o.status === 'submitted').length === 2, 'take-profit and stop working');
    const entry = await engine.view(order.id);
    const tp = (await exits()).find((o) => o.exitRole === 'take_profit')!;
    const stop = (await exits()).find((o) => o.exitRole === 'stop_loss')!;
    expect(tp).toMatchObject({ orderType: 'LMT', action: 'SELL', quantity: 1, tif: 'GTC', positionKey: order.id });
    expect(stop).toMatchObject({ orderType: 'STP', action: 'SELL', quantity: 1, tif: 'GTC', positionKey: order.id });
    expect(stop.auxPrice!).toBeCloseTo(Math.ceil((entry.avgFillPrice! / 2) * 100 - 1e-6) / 100, 2);
    // one OCA group at the gateway; the stop rests untriggered (PreSubmitted), the take-profit works (Submitted)
    const atGateway = (ibOrderId: number) => sim.orders!.orders().find((o) => o.orderId === ibOrderId)!;
    expect(atGateway(tp.ibOrderId)).toMatchObject({ ocaGroup: `oca-${order.orderRef}`, status: 'Submitted', orderType: 'LMT' });
    expect(atGateway(stop.ibOrderId)).toMatchObject({ ocaGroup: `oca-${order.orderRef}`, status: 'PreSubmitted', orderType: 'STP', auxPrice: stop.auxPrice });
    expect(rejects).toEqual([]);

    sim.market.jump('SPY', -0.04); // the call spread loses most of its value: the combo bid falls through the trigger
    await until(async () => (await status(stop.id)) === 'filled', 'stop filled');
    await until(async () => (await status(tp.id)) === 'cancelled', 'take-profit cancelled by OCA');
    expect(atGateway(tp.ibOrderId).status).toBe('Cancelled');

    const stopView = await engine.view(stop.id);
    expect(stopView.avgFillPrice!).toBeLessThanOrEqual(stop.auxPrice! + 1e-9);
    const position = (await engine.portfolio.spreadPositions()).find((p) => p.positionKey === order.id)!;
    expect(position.quantity).toBe(0);
    const commissions: Array<{ c: string }> = await db.dataSource.query(
      `SELECT sum(c.commission) AS c FROM order_commissions c JOIN order_executions e ON e.exec_id = c.exec_id WHERE e.order_id = ANY($1)`,
      [[order.id, stop.id]],
    );
    const expected = (stopView.avgFillPrice! - entry.avgFillPrice!) * 100 - Number(commissions[0].c);
    expect(position.realizedPnl).toBeCloseTo(expected, 2);
    expect(position.realizedPnl).toBeLessThan(0);
    // each fill recorded once: one BAG execution per order, legs twice (two legs), no duplicate exec ids
    const rows: Array<{ order_id: string; sec_type: string; n: string }> = await db.dataSource.query(
      `SELECT order_id, sec_type, count(*) AS n FROM order_executions WHERE order_id = ANY($1) GROUP BY order_id, sec_type ORDER BY order_id, sec_type`,
      [[order.id, stop.id, tp.id]],
    );
    expect(rows.map((r) => [r.order_id, r.sec_type, Number(r.n)]).sort()).toEqual(
      [
        [order.id, 'BAG', 1],
        [order.id, 'OPT', 2],
        [stop.id, 'BAG', 1],
        [stop.id, 'OPT', 2],
      ].sort(),
    );
    expect(rejects).toEqual([]);
    // Let the jump leave the underlying-move window (RISK_MOVE_WINDOW_MIN=5) before the next orders.
    await drive(clock, 6 * 60_000, 2_000);
  });

  it('gateway restart while an order works: tracked after the reconnect, its fill recorded exactly once', async () => {
    const { order } = await place(ticket('bull-put', { priceMode: 'mid' }));
    await until(async () => (await status(order.id)) === 'submitted', 'submitted');
    const reconciled = reconciledAfterReconnect();
    await sim.faults.restart({ downSeconds: 3, mode: 'refuse' });
    await settle(reconciled);
    expect((await engine.view(order.id)).status).toBe('submitted');
    const natural = await settle(engine.preview(ticket('bull-put') as PreviewOrderDto));
    await settle(engine.modify(order.id, { limit: throughNatural(natural) }, 'trader1'));
    await until(async () => (await status(order.id)) === 'filled', 'filled after the restart');
    await settle(engine.reconcileNow());
    const rows: Array<{ n: string }> = await db.dataSource.query(`SELECT count(*) AS n FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG'`, [order.id]);
    expect(Number(rows[0].n)).toBe(1);
    expect((await engine.view(order.id)).filledQuantity).toBe(1);
  });

  it('fills made while disconnected are found by reconciliation', async () => {
    const { order } = await place(ticket('bull-call', { priceMode: 'mid' }));
    await until(async () => (await status(order.id)) === 'submitted', 'submitted');
    await sim.faults.restart({ downSeconds: 30, mode: 'refuse' });
    await drive(clock, 100);
    expect(rt.connection.state).not.toBe('ready');
    sim.market.jump('SPY', -0.03); // the call spread gets cheap: the resting BUY becomes marketable and fills
    await driveUntil(clock, () => sim.orders!.orders().find((o) => o.orderId === order.ibOrderId)?.status === 'Filled', { maxMs: 20_000, what: 'filled at the gateway' });
    expect(rt.connection.state).not.toBe('ready');
    expect(await status(order.id)).toBe('submitted');
    await until(async () => (await status(order.id)) === 'filled', 'filled by reconciliation');
    const rows: Array<{ source: string; n: string }> = await db.dataSource.query(
      `SELECT source, count(*) AS n FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG' GROUP BY source`,
      [order.id],
    );
    expect(rows).toEqual([{ source: 'reconciliation', n: '1' }]);
    // Let the 3 % jump leave the underlying-move window (RISK_MOVE_WINDOW_MIN=5) before the next orders.
    await drive(clock, 6 * 60_000, 2_000);
  });

  it('a nextValidId rolled back by a gateway restart: no order id is reused', async () => {
    const before: Array<{ max: number }> = await db.dataSource.query(`SELECT max(ib_order_id) AS max FROM orders`);
    const reconciled = reconciledAfterReconnect();
    await sim.faults.restart({ downSeconds: 1, mode: 'refuse', rollbackNextValidIdTo: 1 });
    await settle(reconciled);
    const { order } = await place(await marketable('bear-call'));
    expect(order.ibOrderId).toBeGreaterThan(before[0].max);
    await until(async () => (await status(order.id)) === 'filled', 'filled with a fresh id');
    const dup: unknown[] = await db.dataSource.query(`SELECT ib_order_id FROM orders GROUP BY ib_order_id HAVING count(*) > 1`);
    expect(dup).toEqual([]);
  });

  it("the daily loss limit trips the kill switch, which blocks opening orders until reset", async () => {
    const strict = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: { ...CONFIG, dailyLossLimit: 1 }, registry: new Registry() });
    try {
      const kills: boolean[] = [];
      strict.events.on('killSwitch', (k) => kills.push(k.tripped));
      const daily = await settle(strict.portfolio.dailyPnl());
      expect(daily).toBeLessThanOrEqual(-1);
      const preview = await settle(strict.preview(ticket('bull-call') as PreviewOrderDto));
      expect(preview.allowed).toBe(false);
      expect(preview.risk.find((r) => r.rule === 'daily_loss_limit')).toMatchObject({ passed: false });
      expect(kills).toEqual([true]);
      expect((await strict.killSwitch.get()).tripped).toBe(true);
      // the normal engine (limit 2000) is blocked too: the switch is persisted
      const refused = await settle(engine.place(ticket('bull-call'), 'blocked-by-kill-1', 'trader1')).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OrdersError);
      expect((refused as OrdersError).status).toBe(422);
      expect((refused as Error).message).toMatch(/kill_switch/);
      await settle(strict.setKillSwitch({ tripped: false, reason: 'reviewed' }, 'admin'));
      expect((await settle(engine.preview(ticket('bull-call') as PreviewOrderDto))).allowed).toBe(true);
    } finally {
      strict.stop();
    }
  });

  it('exposes the execution metrics', async () => {
    const own = new Registry();
    const e2 = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry: own });
    e2.metrics.completedOrder('filled', { executionSeconds: 1.5, slippage: 0.02, walkSteps: 2 });
    const text = await own.metrics();
    expect(text).toContain('ibkr_order_execution_seconds_count 1');
    expect(text).toContain('ibkr_order_fill_rate 1');
    expect(text).toContain('ibkr_order_walk_steps_to_fill_count 1');
    expect(text).toContain('ibkr_orders_placed_total 0');
    expect(text).toContain('ibkr_orders_reconciliation_corrections_total{kind="absent"} 0');
    e2.stop();
  });

  it('reads the kill switch and the working orders from the database at scrape time (the same for every replica)', async () => {
    const own = new Registry();
    const e2 = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry: own });
    try {
      const working = async () => Number(/^ibkr_orders_working (\S+)$/m.exec(await own.metrics())?.[1]);
      const tripped = async () => Number(/^ibkr_orders_kill_switch_tripped (\S+)$/m.exec(await own.metrics())?.[1]);
      const rows: Array<{ n: string }> = await db.dataSource.query(`SELECT count(*) AS n FROM orders WHERE status NOT IN ('filled','cancelled','rejected','inactive')`);
      expect(await working()).toBe(Number(rows[0].n));
      expect(await tripped()).toBe(0);
      // tripped by another engine (another replica) over the shared database
      await settle(engine.setKillSwitch({ tripped: true, reason: 'drill' }, 'admin'));
      expect(await tripped()).toBe(1);
      await settle(engine.setKillSwitch({ tripped: false, reason: 'drill over' }, 'admin'));
      expect(await tripped()).toBe(0);
    } finally {
      e2.stop();
    }
  });
});
