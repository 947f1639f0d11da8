/**
 * The order engine against the simulated gateway over TCP (libs/ib-sim), the real connection layer (libs/ibkr) and
 * a real PostgreSQL, on one ManualClock: every scenario of issue 6's list that lives below the REST layer.
 */
import { createTestMarket, startTestSimulator, nearMoneyOption } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, drive } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { OrderView, PlaceOrderDto, PreviewOrderDto, SpreadType } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
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
  const updates: OrderView[] = [];
  const fills: string[] = [];

  /** Drives the clock (and real I/O) until the promise settles. */
  async function settle<T>(p: Promise<T>, maxMs = 60_000): Promise<T> {
    let done = false;
    let value: T | undefined;
    let error: unknown;
    p.then(
      (v) => ((done = true), (value = v)),
      (e) => ((done = true), (error = e)),
    );
    await driveUntil(clock, () => done, { maxMs, stepMs: 25, realMs: 30_000, what: 'operation' });
    if (error) throw error;
    return value as T;
  }

  async function until(pred: () => Promise<boolean>, what: string, maxMs = 120_000): Promise<void> {
    let ok = false;
    const start = clock.now();
    while (!ok) {
      ok = await pred();
      if (ok) break;
      if (clock.now() - start > maxMs) throw new Error(`${what} not within ${maxMs} ms of clock time`);
      await drive(clock, 250, 50);
    }
  }

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

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 1, partialFillIntervalMs: 2_000 } } });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 7 });
    engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry: new Registry(), absentGraceMs: 10_000 });
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

    const { order, replayed } = await place(dto);
    expect(replayed).toBe(false);
    expect(order.legs.every((l) => typeof l.conId === 'number')).toBe(true);
    await until(async () => (await status(order.id)) === 'filled', `${type} filled`);
    const filled = await engine.view(order.id);
    expect(filled).toMatchObject({ filledQuantity: 1, spreadType: type });
    // a BUY never pays more than its limit (the natural at submission; the market may have moved since)
    expect(filled.avgFillPrice!).toBeLessThanOrEqual(order.limitPrice! + 1e-9);
    const trades = await engine.portfolio.trades({});
    expect(trades.filter((t) => t.orderId === order.id)).toHaveLength(1);
    expect(fills).toContain(order.id);
  });

  it('partial fills: slices recorded once each, partially_filled then filled', async () => {
    const { order } = await place(ticket('bull-call', { quantity: 3 }));
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
    // each step re-anchored to the live mid, further from it than the one before
    const offsets = [v.walkLog[0], ...reprices].map((s) => s.price! - s.mid!);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]).toBeGreaterThan(offsets[i - 1] - 1e-9);
    // the order carries the last walked limit and filled at it or better (a marketable limit fills at the natural)
    expect(v.limitPrice).toBeCloseTo(reprices.at(-1)!.price!, 2);
    expect(v.avgFillPrice!).toBeLessThanOrEqual(v.limitPrice! + 1e-9);
  });

  it('take-profit on fill: an OCA exit for the filled quantity', async () => {
    const { order } = await place(ticket('bull-call', { takeProfitPct: 50 }));
    await until(async () => (await engine.list()).some((o) => o.parentOrderId === order.id && o.status === 'submitted'), 'take-profit working');
    const exit = (await engine.list()).find((o) => o.parentOrderId === order.id)!;
    const parent = await engine.view(order.id);
    expect(exit).toMatchObject({ intent: 'close', exitRole: 'take_profit', action: 'SELL', quantity: 1, tif: 'GTC', positionKey: order.id });
    expect(exit.limitPrice!).toBeGreaterThan(parent.avgFillPrice!);
  });

  it('take-profit and stop as one OCA pair: both work, the market drops, the stop fills, OCA cancels the take-profit, the position is flat', async () => {
    const rejects: string[] = [];
    engine.events.on('reject', (r) => rejects.push(r.reason));
    const { order } = await place(ticket('bull-call', { takeProfitPct: 50, stopLossPct: 50 }));
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
    const reconciled = new Promise((r) => engine.events.once('reconciled', r));
    await sim.faults.restart({ downSeconds: 3, mode: 'refuse' });
    await settle(reconciled);
    expect((await engine.view(order.id)).status).toBe('submitted');
    const natural = (await settle(engine.preview(ticket('bull-put') as PreviewOrderDto))).limitPrice!;
    await settle(engine.modify(order.id, { limit: natural }, 'trader1'));
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
    const reconciled = new Promise((r) => engine.events.once('reconciled', r));
    await sim.faults.restart({ downSeconds: 1, mode: 'refuse', rollbackNextValidIdTo: 1 });
    await settle(reconciled);
    const { order } = await place(ticket('bear-call'));
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
      expect((refused as OrdersError).getStatus()).toBe(422);
      expect((refused as Error).message).toMatch(/kill_switch/);
      await settle(strict.setKillSwitch({ tripped: false, reason: 'reviewed' }, 'admin'));
      expect((await settle(engine.preview(ticket('bull-call') as PreviewOrderDto))).allowed).toBe(true);
    } finally {
      strict.stop();
    }
  });

  it('exposes the execution metrics', async () => {
    const registry = new Registry();
    const e2 = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry });
    e2.metrics.completedOrder('filled', { executionSeconds: 1.5, slippage: 0.02, walkSteps: 2 });
    const text = await registry.metrics();
    expect(text).toContain('ibkr_order_execution_seconds_count 1');
    expect(text).toContain('ibkr_order_fill_rate 1');
    expect(text).toContain('ibkr_order_walk_steps_to_fill_count 1');
    e2.stop();
  });
});

describe('walks across an API restart (same database, the simulator keeps the order)', () => {
  const { clock, market } = createTestMarket(13);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let api: { rt: IbkrRuntime; engine: OrdersEngine; logs: string[] } | null = null;
  let key = 0;

  async function settle<T>(p: Promise<T>, maxMs = 60_000): Promise<T> {
    let done = false;
    let value: T | undefined;
    let error: unknown;
    p.then(
      (v) => ((done = true), (value = v)),
      (e) => ((done = true), (error = e)),
    );
    await driveUntil(clock, () => done, { maxMs, stepMs: 25, realMs: 30_000, what: 'operation' });
    if (error) throw error;
    return value as T;
  }

  async function until(pred: () => Promise<boolean>, what: string, maxMs = 120_000, stepMs = 250): Promise<void> {
    const start = clock.now();
    while (!(await pred())) {
      if (clock.now() - start > maxMs) throw new Error(`${what} not within ${maxMs} ms of clock time`);
      await drive(clock, stepMs, 50);
    }
  }

  /** Starts "the API": a connection (client id 7) and an engine on the shared database; resolves once reconciled. */
  async function startApi(): Promise<NonNullable<typeof api>> {
    const rt = createTestRuntime(sim.port, clock, { clientId: 7 });
    const logs: string[] = [];
    const logger = { log: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
    const engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry: new Registry(), logger });
    const reconciled = new Promise((r) => engine.events.once('reconciled', r));
    engine.start();
    rt.start();
    await settle(reconciled);
    api = { rt, engine, logs };
    return api;
  }

  /** Stops "the API" (engine and connection); the simulator keeps its orders working. */
  async function stopApi(): Promise<void> {
    if (!api) return;
    api.engine.stop();
    await api.rt.stop();
    api = null;
  }

  function bullCall(walk: PlaceOrderDto['walk']): PlaceOrderDto {
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    return {
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
      ],
      quantity: 1,
      orderType: 'LMT',
      walk,
    } as PlaceOrderDto;
  }

  const gatewayOrders = (orderRef: string) => sim.orders!.orders().filter((o) => o.orderRef === orderRef);
  const audit = async (orderId: string): Promise<Array<{ action: string; actor: string; reason: string | null }>> =>
    db.dataSource.query(`SELECT action, actor, reason FROM order_audit_log WHERE order_id = $1 ORDER BY id`, [orderId]);

  beforeAll(async () => {
    // limits between mid and natural never fill: the walk decides the order's fate
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 0 } } });
    db = await createOrdersTestDatabase();
  });
  afterEach(() => stopApi());
  afterAll(async () => {
    await sim.stop();
    await db.drop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('the walk continues from its last price after a restart (same order id and orderRef, modify only) and cancels at the original timeout', async () => {
    let { engine } = await startApi();
    const walk = { stepFraction: 0.1, intervalMs: 10_000, timeoutMs: 60_000, maxSlippage: 5 };
    const { order } = await settle(engine.place(bullCall(walk), `walk-restart-${++key}`, 'trader1'));
    // a reprice logged and carried out (the order's limit is the logged price)
    const walked = async () => {
      const v = await engine.view(order.id);
      return v.walkLog.some((s) => s.kind === 'reprice') && v.limitPrice === v.walkLog.filter((s) => s.kind === 'reprice').at(-1)!.price;
    };
    await until(walked, 'a first reprice');
    const before = await engine.view(order.id);
    const placedAt = Date.parse(before.walkLog[0].at);
    expect(before.status).toBe('submitted');

    await stopApi(); // the API goes down mid-walk
    await drive(clock, 4_000, 250);
    expect(gatewayOrders(order.orderRef)).toMatchObject([{ status: 'Submitted', lmtPrice: before.limitPrice }]);

    ({ engine } = await startApi());
    await until(async () => engine.walks.has(order.id), 'walk resumed', 10_000, 50);
    expect(api!.logs.some((l) => l.includes(order.orderRef) && l.includes('walk resumed after a restart'))).toBe(true);
    const resumedAudit = (await audit(order.id)).filter((a) => a.action === 'walk.resumed');
    expect(resumedAudit).toEqual([expect.objectContaining({ actor: 'system', reason: expect.stringContaining(`limit ${before.limitPrice}`) })]);

    // the walk goes on: a new reprice after the logged ones, through a modify of the same order
    const reprices = (v: OrderView) => v.walkLog.filter((s) => s.kind === 'reprice');
    await until(async () => {
      const v = await engine.view(order.id);
      return reprices(v).length > reprices(before).length && gatewayOrders(order.orderRef)[0].lmtPrice === reprices(v).at(-1)!.price;
    }, 'a reprice after the restart, at the gateway');
    const resumed = await engine.view(order.id);
    expect(resumed.walkLog.slice(0, before.walkLog.length)).toEqual(before.walkLog);
    expect(resumed.walkLog.map((s) => s.step)).toEqual(resumed.walkLog.map((_, i) => i));
    const next = resumed.walkLog[before.walkLog.length];
    expect(next.kind).toBe('reprice');
    expect(next.price).not.toBe(before.limitPrice);
    expect(Date.parse(next.at) - Date.parse(before.walkLog.at(-1)!.at)).toBeGreaterThanOrEqual(walk.intervalMs);
    const atGateway = gatewayOrders(order.orderRef);
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]).toMatchObject({ orderId: order.ibOrderId, lmtPrice: next.price });

    // and cancels at the original timeout (counted from the first placement, not from the restart)
    await until(async () => (await engine.view(order.id)).status === 'cancelled', 'cancelled at the timeout');
    const done = await engine.view(order.id);
    const timeout = done.walkLog.find((s) => s.kind === 'timeout')!;
    expect(Date.parse(timeout.at) - placedAt).toBeGreaterThanOrEqual(walk.timeoutMs);
    expect(Date.parse(timeout.at) - placedAt).toBeLessThan(walk.timeoutMs + 2_000);
    expect(done.walkLog.filter((s) => s.kind === 'timeout')).toHaveLength(1);
    expect(gatewayOrders(order.orderRef)).toMatchObject([{ orderId: order.ibOrderId, status: 'Cancelled' }]);
    expect((await audit(order.id)).filter((a) => a.action === 'order.created')).toHaveLength(1);
  });

  it('a timeout that passed while the API was down cancels at once, logged as a timeout step; a walk a trader took over is not resumed', async () => {
    let { engine } = await startApi();
    const walk = { stepFraction: 0.1, intervalMs: 10_000, timeoutMs: 30_000, maxSlippage: 5 };
    const { order } = await settle(engine.place(bullCall(walk), `walk-restart-${++key}`, 'trader1'));
    const { order: taken } = await settle(engine.place(bullCall(walk), `walk-restart-${++key}`, 'trader1'));
    await until(async () => (await engine.view(order.id)).status === 'submitted' && (await engine.view(taken.id)).status === 'submitted', 'both working', 10_000, 50);
    const traderLimit = Math.round((taken.limitPrice! - 0.05) * 100) / 100;
    await settle(engine.modify(taken.id, { limit: traderLimit }, 'trader1')); // the trader takes over
    const placedAt = Date.parse((await engine.view(order.id)).walkLog[0].at);

    await stopApi();
    await drive(clock, 45_000, 1_000); // down past the timeout
    expect(gatewayOrders(order.orderRef)[0].status).toBe('Submitted');

    ({ engine } = await startApi());
    await until(async () => (await engine.view(order.id)).status === 'cancelled', 'cancelled after the restart', 10_000, 50);
    const v = await engine.view(order.id);
    const timeout = v.walkLog.at(-1)!;
    expect(timeout).toMatchObject({ kind: 'timeout', note: 'not filled within 30000 ms' });
    expect(Date.parse(timeout.at) - placedAt).toBeGreaterThanOrEqual(45_000);
    expect(v.walkLog.filter((s) => s.kind === 'timeout')).toHaveLength(1);
    expect((await audit(order.id)).find((a) => a.action === 'walk.resumed')?.reason).toContain('while the API was down: cancelling');
    expect(gatewayOrders(order.orderRef)[0].status).toBe('Cancelled');

    // the order the trader re-priced rests at the trader's limit: no walk, no resume
    expect(engine.walks.has(taken.id)).toBe(false);
    await drive(clock, 5_000, 250);
    expect(await engine.view(taken.id)).toMatchObject({ status: 'submitted', limitPrice: traderLimit });
    expect((await audit(taken.id)).some((a) => a.action === 'walk.resumed')).toBe(false);
    await settle(engine.cancel(taken.id, 'trader1'));
  });
});

describe('live trading gate (a simulator reporting a live account)', () => {
  const { clock, market } = createTestMarket(12);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let rt: IbkrRuntime;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, accountId: 'U7654321' });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 9 });
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
  });
  afterAll(async () => {
    await rt.stop();
    await sim.stop();
    await db.drop();
  });

  async function previewWith(config: Partial<OrdersConfig>) {
    const engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: { ...CONFIG, ...config }, registry: new Registry() });
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const dto = { spreadId: `SPY|${o.expiry}|bull-call|${o.strike + 5}/${o.strike}`, quantity: 1, orderType: 'LMT', priceMode: 'mid' } as PreviewOrderDto;
    let done = false;
    const p = engine.preview(dto).finally(() => (done = true));
    await driveUntil(clock, () => done, { maxMs: 30_000, stepMs: 25 });
    const placed = engine.place(dto as PlaceOrderDto, `live-key-${Math.random().toString(36).slice(2, 10)}`, 'trader1').catch((e: unknown) => e);
    let placedDone = false;
    void placed.finally(() => (placedDone = true));
    await driveUntil(clock, () => placedDone, { maxMs: 30_000, stepMs: 25 });
    engine.stop();
    return { preview: await p, placed: await placed };
  }

  it('ACCOUNT_TYPE=live without LIVE_TRADING_CONFIRM: refused, naming the account', async () => {
    const { preview, placed } = await previewWith({ accountType: 'live', liveTradingConfirm: null });
    expect(preview.risk.find((r) => r.rule === 'live_trading_gate')).toMatchObject({ passed: false, message: 'live trading needs LIVE_TRADING_CONFIRM=U7654321; it is unset' });
    expect((placed as OrdersError).getStatus()).toBe(422);
    expect(sim.orders!.orders()).toHaveLength(0);
  });

  it('ACCOUNT_TYPE=paper against a live account: refused', async () => {
    const { preview } = await previewWith({ accountType: 'paper' });
    expect(preview.risk.find((r) => r.rule === 'live_trading_gate')?.message).toBe('ACCOUNT_TYPE=paper but the gateway reports live account U7654321');
  });

  it('with LIVE_TRADING_CONFIRM equal to the reported account: allowed (spreadId from the scanner)', async () => {
    const { preview, placed } = await previewWith({ accountType: 'live', liveTradingConfirm: 'U7654321' });
    expect(preview.allowed).toBe(true);
    expect(preview.spreadType).toBe('bull-call');
    expect((placed as { order: OrderView }).order.status).toBe('pending_submit');
  });
});
