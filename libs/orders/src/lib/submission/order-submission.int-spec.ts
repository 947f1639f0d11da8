import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { CounterOrderIds } from '../../testing/in-memory-order-gateway';
import { newOrder, PASSED_RISK } from '../../testing/fixtures';
import { OrdersError } from '../orders-error';
import { OrderSubmissionService, type SubmissionRequest } from './order-submission.service';

const NOW = new Date('2026-11-23T15:00:00Z');

describe('OrderSubmissionService (real PostgreSQL)', () => {
  let db: OrdersTestDatabase;
  let ids: CounterOrderIds;
  let svc: OrderSubmissionService;

  beforeAll(async () => {
    db = await createOrdersTestDatabase();
  });
  afterAll(() => db.drop());
  beforeEach(() => {
    ids = new CounterOrderIds(7, 1000);
    svc = new OrderSubmissionService(db.dataSource, ids, () => NOW);
  });

  const body = { underlying: 'SPY', quantity: 2, orderType: 'LMT', priceMode: 'mid' };
  const req = (key: string, over: Partial<SubmissionRequest> = {}): SubmissionRequest => ({ idempotencyKey: key, body, actor: 'trader1', order: newOrder(), risk: PASSED_RISK, ...over });
  const count = async (sql: string, params: unknown[] = []) => Number((await db.dataSource.query(sql, params))[0].n);

  it('commits the order with its orderRef and a reserved order id, status created, audited', async () => {
    const { order, replayed } = await svc.reserve(req('key-first-0001'));
    expect(replayed).toBe(false);
    expect(order).toMatchObject({ status: 'created', ibClientId: 7, ibOrderId: 1000, spreadType: 'bull-call', limitPrice: 3.05, quantity: 2, positionKey: order.id });
    expect(order.orderRef).toMatch(/^ibsc-[0-9a-f]{32}$/);
    expect(order.legs).toHaveLength(2);
    const audit = await db.dataSource.query(`SELECT action, actor FROM order_audit_log WHERE order_id = $1 ORDER BY id`, [order.id]);
    expect(audit).toEqual([
      { action: 'risk.decision', actor: 'trader1' },
      { action: 'order.created', actor: 'trader1' },
    ]);
  });

  it('the same key and body again returns the first result; nothing new is written', async () => {
    const first = await svc.reserve(req('key-retry-0001'));
    const before = await count(`SELECT count(*) AS n FROM orders`);
    const again = await svc.reserve(req('key-retry-0001', { body: { ...body } }));
    expect(again.replayed).toBe(true);
    expect(again.order.id).toBe(first.order.id);
    expect(again.order.ibOrderId).toBe(first.order.ibOrderId);
    expect(await count(`SELECT count(*) AS n FROM orders`)).toBe(before);
  });

  it('the same key with a different body → 409 naming the key', async () => {
    await svc.reserve(req('key-conflict-01'));
    const e = await svc.reserve(req('key-conflict-01', { body: { ...body, quantity: 3 } })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OrdersError);
    expect((e as OrdersError).status).toBe(409);
    expect((e as OrdersError).message).toBe('Idempotency-Key "key-conflict-01" was already used for a different request');
  });

  it('two simultaneous requests with one key → one order', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => svc.reserve(req('key-concurrent-1'))));
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM orders WHERE idempotency_key = 'key-concurrent-1'`)).toBe(1);
  });

  it('never reuses an order id, even when the id source rolls back (nextValidId rollback)', async () => {
    const a = await svc.reserve(req('key-rollback-01'));
    ids.rollbackTo(a.order.ibOrderId); // the gateway hands out an id we already used
    const b = await svc.reserve(req('key-rollback-02'));
    expect(b.order.ibOrderId).toBeGreaterThan(a.order.ibOrderId);
    // Even an id source that ignores the database floor cannot make the index accept a reused id.
    ids.trustFloor = false;
    ids.rollbackTo(b.order.ibOrderId);
    const c = await svc.reserve(req('key-rollback-03'));
    expect(c.order.ibOrderId).toBe(b.order.ibOrderId + 1);
    expect(await count(`SELECT count(*) AS n FROM (SELECT ib_order_id FROM orders GROUP BY ib_client_id, ib_order_id HAVING count(*) > 1) d`)).toBe(0);
  });

  it('a risk refusal writes only its audited decision and answers 422 naming the rule', async () => {
    const refused = { ...PASSED_RISK, allowed: false, checks: [{ rule: 'max_contracts' as const, passed: false, message: 'quantity 12 exceeds RISK_MAX_CONTRACTS=10', limit: 10, actual: 12 }] };
    const e = await svc.reserve(req('key-refused-001', { risk: refused })).catch((x: unknown) => x);
    expect((e as OrdersError).status).toBe(422);
    expect((e as OrdersError).message).toBe('order refused by the risk guard: max_contracts: quantity 12 exceeds RISK_MAX_CONTRACTS=10');
    expect(await count(`SELECT count(*) AS n FROM orders WHERE idempotency_key = 'key-refused-001'`)).toBe(0);
    const audit = await db.dataSource.query(`SELECT reason, after FROM order_audit_log WHERE action = 'risk.decision' AND after->>'idempotencyKey' = 'key-refused-001'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('max_contracts: quantity 12 exceeds RISK_MAX_CONTRACTS=10');
  });

  it('nothing half-written: a failing leg rolls back the order and its audit rows, and the key stays free', async () => {
    const bad = newOrder();
    const broken = { ...bad, spec: { ...bad.spec, legs: [bad.spec.legs[0], { ...bad.spec.legs[1], strike: -1 }] as typeof bad.spec.legs } };
    await expect(svc.reserve(req('key-halfwritten', { order: broken }))).rejects.toThrow();
    expect(await count(`SELECT count(*) AS n FROM orders WHERE idempotency_key = 'key-halfwritten'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM order_legs l LEFT JOIN orders o ON o.id = l.order_id WHERE o.id IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM order_audit_log a LEFT JOIN orders o ON o.id = a.order_id WHERE a.order_id IS NOT NULL AND o.id IS NULL`)).toBe(0);
    const ok = await svc.reserve(req('key-halfwritten'));
    expect(ok.replayed).toBe(false);
  });

  it('max open per underlying holds when different keys race for the last slot', async () => {
    const qqq = newOrder('bull-call');
    const order = { ...qqq, spec: { ...qqq.spec, underlying: 'QQQ' } };
    const results = await Promise.allSettled(
      ['race-slot-0001', 'race-slot-0002', 'race-slot-0003'].map((k) => svc.reserve(req(k, { order, body: { k }, maxOpenPerUnderlying: 1 }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(2);
    expect(refused[0].reason.message).toBe('order refused by the risk guard: max_open_per_underlying: QQQ would have 2 open spreads, more than RISK_MAX_OPEN_PER_UNDERLYING=1');
    expect(await count(`SELECT count(*) AS n FROM orders WHERE underlying = 'QQQ'`)).toBe(1);
  });

  it('refuses a malformed key naming the header', async () => {
    const e = await svc.reserve(req('short')).catch((x: unknown) => x);
    expect((e as OrdersError).status).toBe(400);
    expect((e as OrdersError).details?.[0].field).toBe('Idempotency-Key');
  });

  it('markTransmitted moves created → pending_submit once', async () => {
    const { order } = await svc.reserve(req('key-transmit-01'));
    const sent = await svc.markTransmitted(order.id, 'trader1');
    expect(sent.status).toBe('pending_submit');
    expect(sent.transmittedAt?.toISOString()).toBe(NOW.toISOString());
    expect((await svc.markTransmitted(order.id, 'trader1')).status).toBe('pending_submit');
    expect(await count(`SELECT count(*) AS n FROM order_audit_log WHERE order_id = $1 AND action = 'order.transmitted'`, [order.id])).toBe(1);
  });
});
