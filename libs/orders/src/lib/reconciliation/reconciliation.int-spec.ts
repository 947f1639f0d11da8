import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { CounterOrderIds, InMemoryOrderGateway } from '../../testing/in-memory-order-gateway';
import { newOrder, PASSED_RISK } from '../../testing/fixtures';
import { comboOrderWire } from '../gateway/combo-order-wire';
import type { GatewayExecution, GatewayOpenOrder } from '../gateway/gateway-events';
import { OrderEventsService } from '../lifecycle/order-events.service';
import type { OrderEntity } from '../persistence/entities/order.entity';
import { OrderQueries } from '../queries/order-queries';
import { OrderSubmissionService } from '../submission/order-submission.service';
import { ReconciliationService } from './reconciliation.service';

describe('ReconciliationService with an in-memory source (real PostgreSQL)', () => {
  let db: OrdersTestDatabase;
  let t = Date.parse('2026-11-23T15:00:00Z');
  const now = () => new Date(t);
  let gw: InMemoryOrderGateway;
  let submit: OrderSubmissionService;
  let events: OrderEventsService;
  let recon: ReconciliationService;
  let queries: OrderQueries;
  let n = 0;

  beforeAll(async () => {
    db = await createOrdersTestDatabase();
  });
  afterAll(() => db.drop());
  beforeEach(async () => {
    await db.dataSource.query(`UPDATE orders SET status = 'cancelled' WHERE status NOT IN ('filled','cancelled','rejected','inactive')`);
    gw = new InMemoryOrderGateway();
    submit = new OrderSubmissionService(db.dataSource, new CounterOrderIds(7, 100 * ++n), now);
    events = new OrderEventsService(db.dataSource, 7, now);
    recon = new ReconciliationService(db.dataSource, gw, events, now, 10_000);
    queries = new OrderQueries(db.dataSource);
  });

  async function sent(key: string): Promise<OrderEntity> {
    const { order } = await submit.reserve({ idempotencyKey: key, body: { key }, actor: 'trader1', order: newOrder(), risk: PASSED_RISK });
    await gw.placeOrder(comboOrderWire(order));
    return submit.markTransmitted(order.id, 'trader1');
  }
  const open = (o: OrderEntity, over: Partial<GatewayOpenOrder> = {}): GatewayOpenOrder => ({
    orderId: o.ibOrderId,
    clientId: 7,
    permId: 880000 + o.ibOrderId,
    orderRef: o.orderRef,
    account: 'DU1234567',
    status: 'Submitted',
    action: 'BUY',
    totalQuantity: 2,
    orderType: 'LMT',
    lmtPrice: 3.05,
    ...over,
  });
  const exec = (o: OrderEntity, execId: string, over: Partial<GatewayExecution> = {}): GatewayExecution => ({
    execId,
    orderId: o.ibOrderId,
    clientId: 7,
    permId: 880000 + o.ibOrderId,
    orderRef: o.orderRef,
    account: 'DU1234567',
    conId: 0,
    secType: 'BAG',
    side: 'BOT',
    shares: 1,
    price: 3.05,
    cumQty: 1,
    avgPrice: 3.05,
    time: now(),
    exchange: 'SMART',
    ...over,
  });
  const execCount = async (id: string) => Number((await db.dataSource.query(`SELECT count(*) AS n FROM order_executions WHERE order_id = $1`, [id]))[0].n);

  it('an unacknowledged order becomes unknown on disconnect and is found working on reconnect (nothing re-sent)', async () => {
    const o = await sent('recon-working-1');
    expect(await recon.markConnectionLost()).toBe(1);
    expect((await queries.view(o.id)).status).toBe('unknown');
    gw.openOrderList = [open(o)];
    t += 30_000;
    const report = await recon.reconcile();
    expect(report.resolutions).toEqual([{ orderId: o.id, orderRef: o.orderRef, resolution: 'working', status: 'submitted', reason: null }]);
    expect(gw.placed).toHaveLength(1);
    expect((await queries.view(o.id)).permId).toBe(880000 + o.ibOrderId);
  });

  it('the gateway restarted while the order worked: fills made during the disconnect are recorded exactly once', async () => {
    const o = await sent('recon-fills-001');
    await events.apply({ kind: 'openOrder', order: open(o) });
    await events.apply({ kind: 'execution', execution: exec(o, `${o.id}-a`) }); // seen live before the drop
    await recon.markConnectionLost();
    gw.executionList = [exec(o, `${o.id}-a`), exec(o, `${o.id}-leg`, { secType: 'OPT', conId: 1100 }), exec(o, `${o.id}-b`, { cumQty: 2, avgPrice: 3.06, price: 3.07 })];
    gw.openOrderList = [];
    t += 60_000;
    const first = await recon.reconcile();
    expect(first.newExecutions).toBe(2);
    expect(first.resolutions[0]).toMatchObject({ orderId: o.id, resolution: 'done', status: 'filled' });
    const second = await recon.reconcile(); // a second reconnect sees the same executions
    expect(second.newExecutions).toBe(0);
    expect(await execCount(o.id)).toBe(3);
    expect(await queries.view(o.id)).toMatchObject({ status: 'filled', filledQuantity: 2, avgFillPrice: 3.06 });
  });

  it('an order the gateway never received becomes inactive after the grace period, and is not re-sent', async () => {
    const o = await sent('recon-absent-01');
    await recon.markConnectionLost();
    t += 2_000;
    expect((await recon.reconcile()).resolutions[0]).toMatchObject({ resolution: 'pending', status: 'unknown' });
    t += 20_000;
    expect((await recon.reconcile()).resolutions[0]).toMatchObject({ resolution: 'absent', status: 'inactive' });
    expect(gw.placed).toHaveLength(1);
    const audit = await db.dataSource.query(`SELECT reason FROM order_audit_log WHERE order_id = $1 AND action = 'reconcile.resolved'`, [o.id]);
    expect(audit[0].reason).toMatch(/not re-sent/);
  });

  it('two live broker orders for one orderRef: flagged duplicate, order held unknown, audited', async () => {
    const o = await sent('recon-dupes-001');
    await events.apply({ kind: 'openOrder', order: open(o) });
    gw.openOrderList = [open(o), open(o, { permId: 990001, orderId: o.ibOrderId + 50 })];
    t += 30_000;
    const report = await recon.reconcile();
    expect(report.duplicates).toEqual([o.id]);
    expect((await queries.view(o.id)).status).toBe('unknown');
    await expect(queries.assertActionable(o.id)).rejects.toMatchObject({ code: 'ORDER_STATE_UNKNOWN' });
  });

  it('a dropped request during reconciliation changes nothing (never read as "no orders")', async () => {
    const o = await sent('recon-dropped-1');
    await recon.markConnectionLost();
    gw.failure = new Error('socket closed');
    t += 60_000;
    await expect(recon.reconcile()).rejects.toThrow('socket closed');
    expect((await queries.view(o.id)).status).toBe('unknown');
  });

  it('logs gateway activity that is none of ours', async () => {
    gw.openOrderList = [{ orderId: 1, clientId: 0, permId: 5, orderRef: 'typed-in-tws', account: 'DU1234567', status: 'Submitted', action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: 1 }];
    const report = await recon.reconcile();
    expect(report.foreignOpenOrders).toBe(1);
    const audit = await db.dataSource.query(`SELECT count(*) AS n FROM order_audit_log WHERE action = 'reconcile.foreign'`);
    expect(Number(audit[0].n)).toBeGreaterThan(0);
  });
});
