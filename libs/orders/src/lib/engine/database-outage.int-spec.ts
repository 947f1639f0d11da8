/**
 * A database outage while an order fills (issue 15, item 1; ADR 0011): the engine reaches PostgreSQL through a TCP
 * proxy the test cuts; the simulator (TCP, manual clock) fills the order meanwhile. The gateway's events are kept,
 * applied once the database is back, and a reconciliation runs: the order reads filled, every execution once.
 */
import { createTestMarket, nearMoneyOption, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import type { IbkrRuntime } from '@ibsc/ibkr';
import { createTestRuntime, drive, driveUntil, startTcpProxy, type TcpProxy, settleOnClock, untilInRealTime, untilOnClock } from '@ibsc/ibkr/testing';
import type { PlaceOrderDto } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createOrdersTestDatabase, openOrdersDataSource, type OrdersTestDatabase } from '../../testing/test-database';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from './orders-engine';

const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null };

describe('a database outage while an order fills (TCP proxy in front of PostgreSQL)', () => {
  const { clock, market } = createTestMarket(23);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let proxy: TcpProxy;
  let viaProxy: DataSource;
  let rt: IbkrRuntime;
  let engine: OrdersEngine;
  const registry = new Registry();
  const logs: string[] = [];

  const settle = <T>(p: Promise<T>): Promise<T> => settleOnClock(clock, p);

  const until = (pred: () => Promise<boolean>, what: string, maxMs: number) => untilOnClock(clock, pred, what, { maxMs });

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 1, partialFillIntervalMs: 1_000 } } });
    db = await createOrdersTestDatabase();
    const target = new URL(db.url);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    viaProxy = await openOrdersDataSource(target.toString());
    rt = createTestRuntime(sim.port, clock, { clientId: 7 });
    const logger = { log: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
    engine = new OrdersEngine({ db: viaProxy, ibkr: rt, config: CONFIG, registry, logger });
    const reconciled = new Promise((r) => engine.events.once('reconciled', r));
    engine.start();
    rt.start();
    await settle(reconciled);
  });
  afterAll(async () => {
    engine.stop();
    await rt.stop();
    await sim.stop();
    await proxy.close();
    await viaProxy.destroy().catch(() => undefined);
    await db.drop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('fills made while PostgreSQL is cut are booked within seconds of its return, every execution once', async () => {
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const dto = {
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
      ],
      quantity: 2,
      orderType: 'LMT',
      priceMode: 'mid',
    } as PlaceOrderDto;
    const { order } = await settle(engine.place(dto, 'db-outage-fill-1', 'trader1'));
    await until(async () => (await engine.view(order.id)).status === 'submitted', 'submitted', 10_000);

    await proxy.cut();
    sim.market.jump('SPY', -0.03); // the call spread gets cheap: the resting BUY becomes marketable and fills in two parts
    const atGateway = () => sim.orders!.orders().find((x) => x.orderId === order.ibOrderId);
    await driveUntil(clock, () => atGateway()?.status === 'Filled', { maxMs: 20_000, what: 'filled at the gateway' });
    await drive(clock, 5_000, 100); // the outage goes on: events wait, retries fail
    expect(engine.feed.stalled()).toBe(true);
    expect(engine.feed.backlog()).toBeGreaterThan(0);
    expect(logs.some((l) => l.startsWith('database unavailable: order events kept'))).toBe(true);
    expect(await registry.getSingleMetricAsString('ibkr_order_events_backlog')).toMatch(/ibkr_order_events_backlog [1-9]/);

    await proxy.restore();
    const restoredAt = clock.now();
    const filled = async () => {
      const v = await engine.view(order.id).catch(() => null);
      return v?.status === 'filled' && v.filledQuantity === 2 && engine.feed.backlog() === 0;
    };
    // From here the clock follows real time: the recovery is the feed's retry timer (1 s on the clock) and real I/O.
    await untilInRealTime(clock, filled, 'filled after the database returned', { maxMs: 10_000 });
    expect(clock.now() - restoredAt).toBeLessThan(10_000);

    const bag: Array<{ exec_id: string; n: string }> = await db.dataSource.query(
      `SELECT exec_id, count(*) AS n FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG' GROUP BY exec_id`,
      [order.id],
    );
    const gatewayBag = sim.orders!.executions().filter((x) => x.orderId === order.ibOrderId && x.contract.secType === 'BAG');
    expect(gatewayBag.length).toBeGreaterThanOrEqual(1);
    expect(bag.map((r) => r.exec_id).sort()).toEqual(gatewayBag.map((x) => x.execId).sort());
    expect(bag.every((r) => r.n === '1')).toBe(true);
    const legs: Array<{ n: string }> = await db.dataSource.query(`SELECT count(*) AS n FROM order_executions WHERE order_id = $1 AND sec_type <> 'BAG'`, [order.id]);
    expect(Number(legs[0].n)).toBe(sim.orders!.executions().filter((x) => x.orderId === order.ibOrderId && x.contract.secType !== 'BAG').length);
    expect(logs.some((l) => /^database back after \d+ s: applying \d+ kept order events, then reconciling$/.test(l))).toBe(true);
    expect(await registry.getSingleMetricAsString('ibkr_orders_reconciliations_total')).toContain('ibkr_orders_reconciliations_total{trigger="database"} 1');
    expect(await registry.getSingleMetricAsString('ibkr_order_events_dropped_total')).not.toMatch(/} [1-9]/);
  });

  it('a periodic reconciliation runs every ORDERS_RECONCILE_INTERVAL_SEC', async () => {
    const before = await registry.getSingleMetricAsString('ibkr_orders_reconciliations_total');
    const count = (s: string) => Number(/trigger="periodic"} (\d+)/.exec(s)?.[1] ?? 0);
    const reconciled = new Promise((r) => engine.events.once('reconciled', r));
    await drive(clock, CONFIG.reconcileIntervalSec * 1000, 5_000);
    await settle(reconciled);
    expect(count(await registry.getSingleMetricAsString('ibkr_orders_reconciliations_total'))).toBe(count(before) + 1);
  });
});
