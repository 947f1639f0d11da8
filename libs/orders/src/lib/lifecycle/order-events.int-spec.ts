import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { CounterOrderIds } from '../../testing/in-memory-order-gateway';
import { newOrder, PASSED_RISK } from '../../testing/fixtures';
import type { GatewayExecution } from '../gateway/gateway-events';
import type { OrderEntity } from '../persistence/entities/order.entity';
import { OrderQueries } from '../queries/order-queries';
import { OrderSubmissionService } from '../submission/order-submission.service';
import { OrderEventsService } from './order-events.service';

const NOW = new Date('2026-11-23T15:00:00Z');

describe('OrderEventsService (real PostgreSQL)', () => {
  let db: OrdersTestDatabase;
  let submit: OrderSubmissionService;
  let events: OrderEventsService;
  let queries: OrderQueries;
  let n = 0;

  beforeAll(async () => {
    db = await createOrdersTestDatabase();
    submit = new OrderSubmissionService(db.dataSource, new CounterOrderIds(7, 5000), () => NOW);
    events = new OrderEventsService(db.dataSource, 7, () => NOW);
    queries = new OrderQueries(db.dataSource);
  });
  afterAll(() => db.drop());

  async function placed(): Promise<OrderEntity> {
    const { order } = await submit.reserve({ idempotencyKey: `events-key-${++n}`, body: { n }, actor: 'trader1', order: newOrder(), risk: PASSED_RISK });
    return submit.markTransmitted(order.id, 'trader1');
  }
  const exec = (o: OrderEntity, execId: string, over: Partial<GatewayExecution> = {}): GatewayExecution => ({
    execId,
    orderId: o.ibOrderId,
    clientId: 7,
    permId: 777000 + n,
    orderRef: o.orderRef,
    account: 'DU1234567',
    conId: 0,
    secType: 'BAG',
    side: 'BOT',
    shares: 1,
    price: 3.08,
    cumQty: 1,
    avgPrice: 3.08,
    time: NOW,
    exchange: 'SMART',
    ...over,
  });
  const execCount = async (id: string) => Number((await db.dataSource.query(`SELECT count(*) AS n FROM order_executions WHERE order_id = $1`, [id]))[0].n);

  it('drives an order to filled from orderStatus, execDetails and commissionReport', async () => {
    const o = await placed();
    await events.apply({ kind: 'orderStatus', orderId: o.ibOrderId, permId: 0, status: 'PreSubmitted', filled: 0, remaining: 2, avgFillPrice: null, lastFillPrice: null });
    const partial = await events.apply({ kind: 'execution', execution: exec(o, `${o.id}-1`) });
    expect(partial).toMatchObject({ statusBefore: 'submitted', statusAfter: 'partially_filled', fill: { quantity: 1, price: 3.08, filledQuantity: 1 } });
    await events.apply({ kind: 'execution', execution: exec(o, `${o.id}-leg`, { secType: 'OPT', conId: 1100, price: 6.1 }) });
    const done = await events.apply({ kind: 'execution', execution: exec(o, `${o.id}-2`, { cumQty: 2, avgPrice: 3.09, price: 3.1 }) });
    expect(done).toMatchObject({ statusAfter: 'filled', statusChanged: true });
    await events.apply({ kind: 'commission', commission: { execId: `${o.id}-leg`, commission: 1.3, currency: 'USD', realizedPnl: null } });
    const view = await queries.view(o.id);
    expect(view).toMatchObject({ status: 'filled', filledQuantity: 2, avgFillPrice: 3.09, commission: 1.3, slippageVsMid: 0.04 });
    expect(view.completedAt).toBe(NOW.toISOString());
    const actions = (await db.dataSource.query(`SELECT action FROM order_audit_log WHERE order_id = $1 ORDER BY id`, [o.id])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['risk.decision', 'order.created', 'order.transmitted', 'order.status', 'order.fill', 'order.status', 'order.fill', 'order.status']);
  });

  it('the same execId twice → one fill (sequential and simultaneous)', async () => {
    const o = await placed();
    const x = exec(o, `${o.id}-dup`);
    await events.apply({ kind: 'execution', execution: x });
    const again = await events.apply({ kind: 'execution', execution: x }, 'reconciliation', 'reconciliation');
    expect(again).toMatchObject({ duplicate: true, fill: null });
    const y = exec(o, `${o.id}-race`, { cumQty: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, () => events.apply({ kind: 'execution', execution: y })));
    expect(results.filter((r) => r.fill !== null)).toHaveLength(1);
    expect(await execCount(o.id)).toBe(2);
    expect((await queries.view(o.id)).filledQuantity).toBe(2);
  });

  it('a commission report counts once', async () => {
    const o = await placed();
    await events.apply({ kind: 'execution', execution: exec(o, `${o.id}-c`) });
    const c = { execId: `${o.id}-c`, commission: 1.3, currency: 'USD', realizedPnl: null };
    expect((await events.apply({ kind: 'commission', commission: c })).duplicate).toBe(false);
    expect((await events.apply({ kind: 'commission', commission: c })).duplicate).toBe(true);
    expect((await queries.view(o.id)).commission).toBe(1.3);
  });

  it('finds the order by permId for orderStatus, by order id for errors, and ignores strangers', async () => {
    const o = await placed();
    await events.apply({
      kind: 'openOrder',
      order: { orderId: o.ibOrderId, clientId: 7, permId: 424242, orderRef: o.orderRef, account: 'DU1234567', status: 'Submitted', action: 'BUY', totalQuantity: 2, orderType: 'LMT', lmtPrice: 3.05 },
    });
    const byPerm = await events.apply({ kind: 'orderStatus', orderId: 0, permId: 424242, status: 'PendingCancel', filled: 0, remaining: 2, avgFillPrice: null, lastFillPrice: null });
    expect(byPerm.orderId).toBe(o.id);
    const rejected = await events.apply({ kind: 'error', orderId: o.ibOrderId, code: 202, message: 'Order Canceled - reason:' });
    expect(rejected.statusAfter).toBe('cancelled');
    const stranger = await events.apply({ kind: 'orderStatus', orderId: 999999, permId: 1, status: 'Filled', filled: 1, remaining: 0, avgFillPrice: 1, lastFillPrice: 1 });
    expect(stranger).toMatchObject({ orderId: null, ignored: 'not one of our orders' });
  });

  it('counts open spreads and working opening orders per underlying', async () => {
    const before = await queries.openOnUnderlying('SPY');
    await placed();
    expect(await queries.openOnUnderlying('SPY')).toBe(before + 1);
    expect(await queries.openOnUnderlying('QQQ')).toBe(0);
  });

  it('refuses to modify or cancel an unknown order', async () => {
    const o = await placed();
    await events.applyInput(o.id, { kind: 'connectionLost' }, 'system');
    await expect(queries.assertActionable(o.id)).rejects.toMatchObject({ code: 'ORDER_STATE_UNKNOWN' });
  });
});
