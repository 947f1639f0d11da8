/**
 * A trader's close of a spread position (ADR 0021) against the simulator over TCP, the real connection layer and a
 * real PostgreSQL, on one ManualClock: open → partial close (exits shrink) → whole close (exits cancelled by OCA),
 * flat, P&L booked, every close sent once (checked at the simulator's order book and executions).
 */
import { createTestMarket, startTestSimulator, nearMoneyOption } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, settleOnClock, untilOnClock } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { ClosePositionDto, OrderView, PlaceOrderDto, SpreadType } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { marketableTicket } from '../../testing/marketable-ticket';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from './orders-engine';
import { OrdersError } from '../orders-error';

const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null };

describe('closing a spread position (TCP simulator, manual clock, real PostgreSQL)', () => {
  const { clock, market } = createTestMarket(21);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let rt: IbkrRuntime;
  let engine: OrdersEngine;
  const registry = new Registry();
  const rejects: string[] = [];

  const settle = <T>(p: Promise<T>, maxMs = 60_000): Promise<T> => settleOnClock(clock, p, maxMs);

  const until = (pred: () => Promise<boolean>, what: string, maxMs = 120_000) => untilOnClock(clock, pred, what, { maxMs });

  /** Filled with every BAG execution recorded and the engine's follow-ups (exits, adjustments) done. */
  const filled = async (id: string) => {
    const v = await engine.view(id);
    const rows: Array<{ q: string | null }> = await db.dataSource.query(`SELECT sum(shares) AS q FROM order_executions WHERE order_id = $1 AND sec_type = 'BAG'`, [id]);
    return v.status === 'filled' && Number(rows[0].q ?? 0) >= v.quantity && engine.feed.backlog() === 0;
  };

  function ticket(type: SpreadType, over: Partial<PlaceOrderDto> = {}): PlaceOrderDto {
    const right = type === 'bull-call' || type === 'bear-call' ? 'C' : 'P';
    const o = nearMoneyOption(sim.market, 'SPY', right);
    const [buy, sell] = type === 'bull-call' || type === 'bull-put' ? [o.strike, o.strike + 5] : [o.strike + 5, o.strike];
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

  /** A SELL of the BAG that fills at once: a full point under the mid (for a credit spread: a generous debit back). */
  async function marketableClose(positionKey: string, over: ClosePositionDto = {}): Promise<ClosePositionDto> {
    const p = (await engine.portfolio.spreadPositions()).find((x) => x.positionKey === positionKey)!;
    return { priceMode: 'manual', limit: Math.round(Math.max(-4.95, p.mark! - 1) * 100) / 100, ...over };
  }

  const close = (id: string, dto: ClosePositionDto, key: string) => settle(engine.closePosition(id, dto, key, 'trader1'));
  const failure = (p: Promise<unknown>) => settle(p.then(() => null, (e: unknown) => e as OrdersError));
  const atGateway = (ibOrderId: number) => sim.orders!.orders().find((o) => o.orderId === ibOrderId)!;
  const exitsOf = async (id: string) => (await engine.list()).filter((o) => o.parentOrderId === id && (o.exitRole === 'take_profit' || o.exitRole === 'stop_loss'));
  const positionOf = async (id: string) => (await engine.portfolio.spreadPositions()).find((p) => p.positionKey === id)!;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 0 } } });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 8 });
    engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry, absentGraceMs: 10_000 });
    engine.events.on('reject', (r) => rejects.push(`${r.code}: ${r.reason}`));
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

  it('open 2 with exits → refusals → a resting close blocks a second → partial close shrinks the exits → whole close: OCA cancels them, flat, P&L booked, nothing sent twice', async () => {
    const { order: entry } = await settle(engine.place(await marketableTicket(engine, ticket('bull-call', { quantity: 2, takeProfitPct: 90, stopLossPct: 90 }), settle), 'close-open-1', 'trader1'));
    await until(() => filled(entry.id), 'entry filled');
    await until(async () => (await exitsOf(entry.id)).filter((o) => o.status === 'submitted').length === 2, 'take-profit and stop working');

    // refusals, nothing sent
    const sentBefore = sim.orders!.orders().length;
    expect(await failure(engine.closePosition('00000000-0000-4000-8000-000000000000', {}, 'close-unknown-1', 'trader1'))).toMatchObject({ status: 404, code: 'POSITION_NOT_FOUND' });
    const tp0 = (await exitsOf(entry.id))[0];
    expect(await failure(engine.closePosition(tp0.id, {}, 'close-exit-id-1', 'trader1'))).toMatchObject({ status: 404, code: 'POSITION_NOT_FOUND' });
    expect(await failure(engine.closePosition(entry.id, { quantity: 3 }, 'close-too-many-1', 'trader1'))).toMatchObject({
      status: 400,
      code: 'QUANTITY_ABOVE_OPEN',
      details: [{ field: 'quantity', problems: ['at most 2 (the open quantity)'] }],
    });
    expect(await failure(engine.closePosition(entry.id, {}, undefined, 'trader1'))).toMatchObject({ status: 400, code: 'IDEMPOTENCY_KEY_MISSING' });
    expect(sim.orders!.orders()).toHaveLength(sentBefore);

    // a close that rests (SELL near the width: nobody pays that), the opposite BAG of the entry's legs
    const resting = (await close(entry.id, { quantity: 1, priceMode: 'manual', limit: 4.9 }, 'close-rest-1')).order;
    expect(resting).toMatchObject({ intent: 'close', exitRole: 'manual', action: 'SELL', quantity: 1, limitPrice: 4.9, positionKey: entry.id, parentOrderId: entry.id });
    expect((await engine.queries.entity(resting.id)).ocaGroup).toBeNull();
    expect(resting.legs.map((l) => [l.conId, l.action])).toEqual(entry.legs.map((l) => [l.conId, l.action]));
    await until(async () => (await engine.view(resting.id)).status === 'submitted', 'resting close working');
    expect(atGateway(resting.ibOrderId)).toMatchObject({ action: 'SELL', secType: 'BAG', totalQuantity: 1, lmtPrice: 4.9, ocaGroup: '' });
    const second = await failure(engine.closePosition(entry.id, await marketableClose(entry.id, { quantity: 1 }), 'close-second-1', 'trader1'));
    expect(second).toMatchObject({ status: 409, code: 'CLOSE_ALREADY_WORKING' });
    expect(second!.message).toContain(resting.id);
    await settle(engine.cancel(resting.id, 'trader1'));
    await until(async () => (await engine.view(resting.id)).status === 'cancelled', 'resting close cancelled');

    // partial close: fills; the exits now cover the one spread left
    const partialDto = await marketableClose(entry.id, { quantity: 1 });
    const partial = await close(entry.id, partialDto, 'close-part-1');
    expect(partial.replayed).toBe(false);
    await until(() => filled(partial.order.id), 'partial close filled');
    expect((await positionOf(entry.id)).quantity).toBe(1);
    await until(async () => (await exitsOf(entry.id)).every((x) => x.status === 'submitted' && x.quantity === 1 && !x.modifyPending), 'exits reduced to 1');
    for (const x of await exitsOf(entry.id)) expect(atGateway(x.ibOrderId).totalQuantity).toBe(1);

    // the same key again: the same order, not sent again
    const ordersAtGateway = sim.orders!.orders().length;
    const again = await close(entry.id, partialDto, 'close-part-1');
    expect(again).toMatchObject({ replayed: true, order: { id: partial.order.id } });
    expect(sim.orders!.orders()).toHaveLength(ordersAtGateway);
    // …and with another body: refused, naming the key
    expect(await failure(engine.closePosition(entry.id, { ...partialDto, limit: partialDto.limit! - 0.01 }, 'close-part-1', 'trader1'))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    // whole close (no quantity): joins the exits' OCA group; its fill cancels them at the gateway
    const wholeDto = await marketableClose(entry.id);
    const whole = (await close(entry.id, wholeDto, 'close-all-1')).order;
    expect(whole.quantity).toBe(1);
    expect((await engine.queries.entity(whole.id)).ocaGroup).toBe(`oca-${entry.orderRef}`);
    expect(atGateway(whole.ibOrderId).ocaGroup).toBe(`oca-${entry.orderRef}`);
    await until(() => filled(whole.id), 'whole close filled');
    await until(async () => (await exitsOf(entry.id)).every((x) => x.status === 'cancelled'), 'exits cancelled');
    for (const x of await exitsOf(entry.id)) expect(atGateway(x.ibOrderId).status).toBe('Cancelled');

    // flat, here and at the gateway; realized P&L = both closes against the entry, less every commission
    const position = await positionOf(entry.id);
    expect(position.quantity).toBe(0);
    const legConIds = entry.legs.map((l) => l.conId);
    expect(sim.orders!.positions().filter((p) => legConIds.includes(p.conId)).every((p) => p.position === 0)).toBe(true);
    const [e, p1, w] = await Promise.all([entry.id, partial.order.id, whole.id].map((id) => engine.view(id)));
    const commissions: Array<{ c: string }> = await db.dataSource.query(
      `SELECT sum(c.commission) AS c FROM order_commissions c JOIN order_executions x ON x.exec_id = c.exec_id WHERE x.order_id = ANY($1)`,
      [[e.id, p1.id, w.id]],
    );
    expect(position.realizedPnl).toBeCloseTo((p1.avgFillPrice! - e.avgFillPrice!) * 100 + (w.avgFillPrice! - e.avgFillPrice!) * 100 - Number(commissions[0].c), 2);
    // a SELL never takes less than its limit
    expect(w.avgFillPrice!).toBeGreaterThanOrEqual(wholeDto.limit! - 1e-9);

    // each close reached the gateway once and filled once
    for (const c of [p1, w]) {
      expect(sim.orders!.orders().filter((o) => o.orderRef === c.orderRef)).toHaveLength(1);
      expect(sim.orders!.executions().filter((x) => x.orderRef === c.orderRef && x.contract.secType === 'BAG')).toHaveLength(1);
    }

    // flat: a new close is refused; the replay of the close that flattened it still answers with that close
    expect(await failure(engine.closePosition(entry.id, {}, 'close-flat-1', 'trader1'))).toMatchObject({ status: 409, code: 'POSITION_NOT_OPEN' });
    expect(await close(entry.id, wholeDto, 'close-all-1')).toMatchObject({ replayed: true, order: { id: whole.id } });

    // audited; counted
    const audit: Array<{ order_id: string; actor: string }> = await db.dataSource.query(`SELECT order_id, actor FROM order_audit_log WHERE action = 'position.close_requested' ORDER BY id`);
    expect(audit.map((a) => a.order_id)).toEqual([resting.id, partial.order.id, whole.id]);
    expect(audit.every((a) => a.actor === 'trader1')).toBe(true);
    expect(await registry.metrics()).toMatch(/^ibkr_position_closes_total\{kind="whole"\} 1$/m);
    expect(await registry.metrics()).toMatch(/^ibkr_position_closes_total\{kind="partial"\} 2$/m);
    expect(rejects).toEqual([]);
  });

  it('a credit spread closes at the natural: a debit paid back (negative SELL), flat', async () => {
    const { order: entry } = await settle(engine.place(await marketableTicket(engine, ticket('bull-put'), settle), 'close-credit-open', 'trader1'));
    await until(() => filled(entry.id), 'credit entry filled');
    expect((await engine.view(entry.id)).avgFillPrice!).toBeLessThan(0);
    const { order } = await close(entry.id, { priceMode: 'natural' }, 'close-credit-1');
    expect(order.limitPrice!).toBeLessThan(0);
    expect(order).toMatchObject({ action: 'SELL', quantity: 1, priceMode: 'natural' });
    await until(() => filled(order.id), 'credit close filled');
    expect((await positionOf(entry.id)).quantity).toBe(0);
    const v: OrderView = await engine.view(order.id);
    expect(v.avgFillPrice!).toBeGreaterThanOrEqual(order.limitPrice! - 1e-9);
  });
});
