/**
 * Cancels and walk timeouts during a gateway outage (issue 15, item 2; ADR 0011), against the simulator over TCP with
 * its restart fault, a real PostgreSQL and one ManualClock: the cancel is committed as pending, answered at once, and
 * transmitted after the reconnect's reconciliation before anything else; a fill that raced it stands.
 */
import { createTestMarket, nearMoneyOption, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import type { IbkrRuntime } from '@ibsc/ibkr';
import { createTestRuntime, driveUntil, settleOnClock, untilOnClock } from '@ibsc/ibkr/testing';
import type { PlaceOrderDto } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { reconciledAfterReconnect } from '../../testing/reconciled-after-reconnect';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from './orders-engine';

const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null };

describe('cancels during a gateway outage are durable (simulator restart fault, TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(31);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let rt: IbkrRuntime;
  let engine: OrdersEngine;
  let key = 0;
  const registry = new Registry();
  const logs: string[] = [];

  const settle = <T>(p: Promise<T>, maxMs?: number): Promise<T> => settleOnClock(clock, p, maxMs);

  const until = (pred: () => Promise<boolean> | boolean, what: string, maxMs = 30_000) => untilOnClock(clock, pred, what, { maxMs, stepMs: 100, tickMs: 25 });

  function bullCall(over: Partial<PlaceOrderDto> = {}): PlaceOrderDto {
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    return {
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
      ],
      quantity: 1,
      orderType: 'LMT',
      priceMode: 'mid',
      ...over,
    } as PlaceOrderDto;
  }

  const atGateway = (ibOrderId: number) => sim.orders!.orders().find((x) => x.orderId === ibOrderId);
  const audit = async (orderId: string): Promise<string[]> =>
    (await db.dataSource.query(`SELECT action FROM order_audit_log WHERE order_id = $1 ORDER BY id`, [orderId])).map((r: { action: string }) => r.action);

  /** A resting order (mid limits never fill here), acknowledged by the gateway. */
  async function resting(over: Partial<PlaceOrderDto> = {}) {
    const { order } = await settle(engine.place(bullCall(over), `intent-${++key}`, 'trader1'));
    await until(async () => (await engine.view(order.id)).status === 'submitted', 'submitted');
    return order;
  }

  async function gatewayDown(downSeconds: number): Promise<void> {
    await sim.faults.restart({ downSeconds, mode: 'refuse' });
    await until(() => rt.connection.state !== 'ready', 'connection lost', 5_000);
  }

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 0 } } });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 7 });
    const logger = { log: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
    engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry, logger });
    const reconciled = new Promise((r) => engine.events.once('reconciled', r));
    engine.start();
    rt.start();
    await settle(reconciled);
  });
  afterAll(async () => {
    engine.stop();
    await rt.stop();
    await sim.stop();
    await db.drop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('a cancel during a restart is answered as pending, sent after reconnect before a new order, and the order ends cancelled', async () => {
    const order = await resting();
    await gatewayDown(5);
    const view = await settle(engine.cancel(order.id, 'trader1'));
    expect(view).toMatchObject({ status: 'submitted', cancelRequested: true, cancelPending: true });
    expect(atGateway(order.ibOrderId)?.status).toBe('Submitted');
    // a new order placed the moment the gateway is back goes out only after the pending cancel
    let next: Promise<{ order: { id: string; ibOrderId: number } }> | null = null;
    const onReady = (st: { to: string }) => {
      if (st.to === 'ready' && !next) next = engine.place(bullCall(), `intent-${++key}`, 'trader1');
    };
    rt.bus.on('state', onReady);
    await until(() => rt.connection.state === 'ready' && next !== null, 'reconnected', 30_000);
    rt.bus.off('state', onReady);
    const { order: placedAfter } = await settle(next!);
    await until(async () => ((v) => v.status === 'cancelled' && !v.cancelPending)(await engine.view(order.id)), 'cancelled after reconnect, nothing pending', 10_000);
    expect(atGateway(order.ibOrderId)?.status).toBe('Cancelled');
    expect(await audit(order.id)).toContain('order.intent_sent');
    expect(placedAfter.ibOrderId).toBeGreaterThan(order.ibOrderId);
    // audit ids are commit order: the cancel's `intent_sent` row precedes every row the new order got once transmitted
    const firstId = async (sql: string, id: string) => Number((await db.dataSource.query(sql, [id]))[0].id);
    const sentId = await firstId(`SELECT min(id) AS id FROM order_audit_log WHERE order_id = $1 AND action = 'order.intent_sent'`, order.id);
    const afterSendId = await firstId(`SELECT min(id) AS id FROM order_audit_log WHERE order_id = $1 AND action NOT IN ('order.created', 'risk.decision')`, placedAfter.id);
    expect(sentId).toBeGreaterThan(0);
    expect(sentId).toBeLessThan(afterSendId);
    expect(await registry.getSingleMetricAsString('ibkr_orders_intents_total')).toContain('ibkr_orders_intents_total{outcome="cancel"} 1');
    await settle(engine.cancel(placedAfter.id, 'trader1'));
  });

  it('a modify during a restart is kept (modifyPending) and sent after reconnect with the stored limit', async () => {
    const order = await resting({ priceMode: 'manual', limit: 0.05 } as Partial<PlaceOrderDto>);
    await gatewayDown(3);
    const view = await settle(engine.modify(order.id, { limit: 0.06 }, 'trader1'));
    expect(view).toMatchObject({ status: 'submitted', limitPrice: 0.06, modifyPending: true });
    expect(atGateway(order.ibOrderId)?.lmtPrice).toBe(0.05);
    await until(() => rt.connection.state === 'ready', 'reconnected', 30_000);
    await until(() => atGateway(order.ibOrderId)?.lmtPrice === 0.06, 'modify reached the gateway', 5_000);
    await until(async () => !(await engine.view(order.id)).modifyPending, 'modify no longer pending', 5_000);
    expect(await audit(order.id)).toContain('order.intent_sent');
    await settle(engine.cancel(order.id, 'trader1'));
    await until(async () => (await engine.view(order.id)).status === 'cancelled', 'cleaned up', 5_000);
  });

  it('a walk timeout that falls in an outage cancels at once on reconnect', async () => {
    const walk = { stepFraction: 0.1, intervalMs: 10_000, timeoutMs: 4_000, maxSlippage: 0.01 };
    const order = await resting({ walk } as Partial<PlaceOrderDto>);
    await gatewayDown(8);
    await until(async () => (await engine.view(order.id)).cancelPending, 'walk timeout recorded as a pending cancel', 8_000);
    const pending = await engine.view(order.id);
    expect(pending.walkLog.some((s) => s.kind === 'timeout')).toBe(true);
    expect(atGateway(order.ibOrderId)?.status).toBe('Submitted');
    await until(() => rt.connection.state === 'ready', 'reconnected', 30_000);
    const readyAt = clock.now();
    await until(async () => ((v) => v.status === 'cancelled' && !v.cancelPending)(await engine.view(order.id)), 'cancelled after reconnect, nothing pending', 5_000);
    expect(clock.now() - readyAt).toBeLessThan(5_000);
    expect(atGateway(order.ibOrderId)?.status).toBe('Cancelled');
  });

  it("a walk's timeout while the order's fate is unknown is kept and sent once reconciliation finds it working", async () => {
    const order = await resting();
    await gatewayDown(4);
    await until(() => engine.feed.backlog() === 0, 'every event received before the drop applied', 2_000);
    await db.dataSource.query(`UPDATE orders SET status = 'unknown' WHERE id = $1`, [order.id]); // as after a drop before the ack
    await expect(settle(engine.cancel(order.id, 'trader1'))).rejects.toMatchObject({ code: 'ORDER_STATE_UNKNOWN' });
    const kept = await settle(engine.placement.cancel(order.id, 'walk', { keepIfUnknown: true }));
    expect(kept).toMatchObject({ status: 'unknown', cancelRequested: true, cancelPending: true });
    await until(() => rt.connection.state === 'ready', 'reconnected', 30_000);
    await until(async () => ((v) => v.status === 'cancelled' && !v.cancelPending)(await engine.view(order.id)), 'cancelled after reconciliation', 5_000);
    expect(atGateway(order.ibOrderId)?.status).toBe('Cancelled');
  });

  it('a fill that races a pending cancel is booked: the cancel is dropped, the order reads filled', async () => {
    const order = await resting();
    const reconciled = reconciledAfterReconnect(rt, engine);
    await gatewayDown(10);
    expect((await settle(engine.cancel(order.id, 'trader1'))).cancelPending).toBe(true);
    sim.market.jump('SPY', -0.03); // the resting BUY becomes marketable and fills while we are away
    await driveUntil(clock, () => atGateway(order.ibOrderId)?.status === 'Filled', { maxMs: 8_000, what: 'filled at the gateway' });
    // The reconnect's reconciliation books the fill, then drops the intent: the order reads filled a moment before.
    await settle(reconciled, 30_000);
    await until(async () => (await engine.view(order.id)).status === 'filled' && engine.feed.backlog() === 0, 'filled after reconnect', 30_000);
    const v = await engine.view(order.id);
    expect(v).toMatchObject({ status: 'filled', filledQuantity: 1, cancelPending: false });
    expect(await audit(order.id)).toContain('order.intent_dropped');
    const bag: Array<{ n: string }> = await db.dataSource.query(`SELECT count(*) AS n FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG'`, [order.id]);
    expect(Number(bag[0].n)).toBe(1);
  });
});
