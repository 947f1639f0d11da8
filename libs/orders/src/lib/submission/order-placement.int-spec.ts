import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { CounterOrderIds, InMemoryOrderGateway } from '../../testing/in-memory-order-gateway';
import { newOrder, PASSED_RISK } from '../../testing/fixtures';
import { OrderEventsService } from '../lifecycle/order-events.service';
import { OrderQueries } from '../queries/order-queries';
import { OrderPlacementService } from './order-placement.service';
import { OrderSubmissionService, type SubmissionRequest } from './order-submission.service';

describe('OrderPlacementService (real PostgreSQL, in-memory gateway)', () => {
  let db: OrdersTestDatabase;
  let gw: InMemoryOrderGateway;
  let svc: OrderPlacementService;
  let queries: OrderQueries;
  let events: OrderEventsService;
  const now = () => new Date('2026-11-23T15:00:00Z');

  beforeAll(async () => {
    db = await createOrdersTestDatabase();
  });
  afterAll(() => db.drop());
  beforeEach(() => {
    gw = new InMemoryOrderGateway();
    queries = new OrderQueries(db.dataSource);
    events = new OrderEventsService(db.dataSource, 7, now);
    const submission = new OrderSubmissionService(db.dataSource, new CounterOrderIds(7, 3000 + Math.floor(Math.random() * 1000) * 10), now);
    svc = new OrderPlacementService(db.dataSource, gw, submission, events, queries, now);
  });
  const req = (key: string): SubmissionRequest => ({ idempotencyKey: key, body: { key }, actor: 'trader1', order: newOrder('bull-put', { limitPrice: -2 }), risk: PASSED_RISK });

  it('commits, then transmits once; a retry with the same key transmits nothing', async () => {
    const first = await svc.place(req('place-once-0001'));
    expect(first.order.status).toBe('pending_submit');
    expect(gw.placed).toHaveLength(1);
    expect(gw.placed[0]).toMatchObject({
      orderId: first.order.ibOrderId,
      orderRef: first.order.orderRef,
      action: 'BUY',
      orderType: 'LMT',
      lmtPrice: -2,
      tif: 'DAY',
      transmit: true,
      contract: { symbol: 'SPY', secType: 'BAG', exchange: 'SMART', comboLegs: [{ conId: 2100, ratio: 1, action: 'BUY', exchange: 'SMART' }, { conId: 2105, ratio: 1, action: 'SELL', exchange: 'SMART' }] },
    });
    const again = await Promise.all([svc.place(req('place-once-0001')), svc.place(req('place-once-0001'))]);
    expect(again.every((r) => r.replayed && r.order.id === first.order.id)).toBe(true);
    expect(gw.placed).toHaveLength(1);
  });

  it('a failed transmission leaves the order unknown (reconciled later), never re-sent', async () => {
    gw.failure = new Error('not connected');
    const e = await svc.place(req('place-fail-0001')).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ORDER_FATE_UNKNOWN' });
    const row = (await queries.list()).find((o) => o.statusReason?.includes('connection lost'));
    expect(row?.status).toBe('unknown');
    gw.failure = null;
    const retry = await svc.place(req('place-fail-0001'));
    expect(retry.replayed).toBe(true);
    expect(gw.placed).toHaveLength(0);
  });

  it('modify keeps the order id and orderRef (a modify, not a second order), audited', async () => {
    const { order } = await svc.place(req('place-modify-01'));
    await events.apply({ kind: 'orderStatus', orderId: order.ibOrderId, permId: 31337, status: 'Submitted', filled: 0, remaining: 2, avgFillPrice: null, lastFillPrice: null });
    const m = await svc.modify(order.id, { limit: -1.95 }, 'trader1');
    expect(m.limitPrice).toBe(-1.95);
    expect(gw.modified).toHaveLength(1);
    expect(gw.modified[0]).toMatchObject({ orderId: order.ibOrderId, orderRef: order.orderRef, lmtPrice: -1.95 });
    expect(gw.placed).toHaveLength(1);
    await expect(svc.modify(order.id, {}, 'trader1')).rejects.toMatchObject({ code: 'NOTHING_TO_MODIFY' });
  });

  it('cancel is requested and sent; refused for an unknown or finished order', async () => {
    const { order } = await svc.place(req('place-cancel-01'));
    await events.apply({ kind: 'orderStatus', orderId: order.ibOrderId, permId: 31338, status: 'Submitted', filled: 0, remaining: 2, avgFillPrice: null, lastFillPrice: null });
    const c = await svc.cancel(order.id, 'trader1');
    expect(c.cancelRequested).toBe(true);
    expect(gw.cancelled).toEqual([order.ibOrderId]);
    await events.apply({ kind: 'orderStatus', orderId: order.ibOrderId, permId: 31338, status: 'Cancelled', filled: 0, remaining: 2, avgFillPrice: null, lastFillPrice: null });
    await expect(svc.cancel(order.id, 'trader1')).rejects.toMatchObject({ code: 'ORDER_NOT_ACTIVE' });
    const other = await svc.place(req('place-cancel-02'));
    await events.applyInput(other.order.id, { kind: 'connectionLost' }, 'system');
    await expect(svc.cancel(other.order.id, 'trader1')).rejects.toMatchObject({ code: 'ORDER_STATE_UNKNOWN' });
  });
});
