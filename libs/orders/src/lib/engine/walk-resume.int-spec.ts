/**
 * Walks across an API restart: an engine stopped and a new one started on the same database while the simulator
 * keeps the order (TCP, real connection layer, real PostgreSQL, one ManualClock).
 */
import { createTestMarket, startTestSimulator, nearMoneyOption } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, drive, settleOnClock, untilOnClock } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { OrderView, PlaceOrderDto } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from './orders-engine';

const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null };

describe('walks across an API restart (same database, the simulator keeps the order)', () => {
  const { clock, market } = createTestMarket(13);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let api: { rt: IbkrRuntime; engine: OrdersEngine; logs: string[] } | null = null;
  let key = 0;

  const settle = <T>(p: Promise<T>, maxMs = 60_000): Promise<T> => settleOnClock(clock, p, maxMs);

  const until = (pred: () => Promise<boolean>, what: string, maxMs = 120_000, stepMs = 250) => untilOnClock(clock, pred, what, { maxMs, stepMs });

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
