/**
 * Applies gateway events to stored orders, one order at a time (row lock), each in one transaction with its audit
 * rows. Executions are inserted with ON CONFLICT (exec_id) DO NOTHING before the state is touched: an execId
 * already stored changes nothing, so a fill is recorded exactly once whatever the gateway repeats (reqExecutions
 * after a reconnect, duplicated execDetails).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { GatewayExecution, OrderEvent } from '../gateway/gateway-events';
import { isTerminal, type OrderStatus } from './order-status';
import { applyLifecycle, type LifecycleInput } from './order-lifecycle';
import { appendAudit } from '../persistence/audit-log';
import { OrderEntity } from '../persistence/entities/order.entity';
import { snapshotOf, stateOf } from '../submission/order-submission.service';

export interface OrderEventOutcome {
  /** Our order the event belongs to; null when it is none of ours. */
  orderId: string | null;
  orderRef: string | null;
  statusBefore: OrderStatus | null;
  statusAfter: OrderStatus | null;
  statusChanged: boolean;
  /** A new combo-level fill. */
  fill: { execId: string; quantity: number; price: number; filledQuantity: number; at: Date } | null;
  /** The event repeated something already recorded (same execId, same commission). */
  duplicate: boolean;
  /** Why the event changed nothing, when it did not. */
  ignored: string | null;
}

const NONE: OrderEventOutcome = {
  orderId: null,
  orderRef: null,
  statusBefore: null,
  statusAfter: null,
  statusChanged: false,
  fill: null,
  duplicate: false,
  ignored: 'not one of our orders',
};

export class OrderEventsService {
  constructor(
    private readonly db: DataSource,
    /** The API client id our order ids belong to. */
    private readonly clientId: number,
    private readonly now: () => Date,
  ) {}

  async apply(event: OrderEvent, actor = 'ibkr', source: 'live' | 'reconciliation' = 'live'): Promise<OrderEventOutcome> {
    if (event.kind === 'commission') return this.commission(event.commission);
    return this.db.transaction(async (em) => {
      const id = await this.find(em, event);
      if (!id) return NONE;
      return this.applyTo(em, id, event, actor, source);
    });
  }

  /** A local or reconciliation input (transmitted, cancelRequested, connectionLost, resolved) on one order. */
  async applyInput(orderId: string, input: LifecycleInput, actor: string): Promise<OrderEventOutcome> {
    return this.db.transaction((em) => this.applyTo(em, orderId, input, actor, 'live'));
  }

  private async applyTo(em: EntityManager, id: string, input: LifecycleInput, actor: string, source: 'live' | 'reconciliation'): Promise<OrderEventOutcome> {
    const repo = em.getRepository(OrderEntity);
    const o = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!o) return NONE;
    const execRows: Array<{ exec_id: string }> = await em.query(`SELECT exec_id FROM order_executions WHERE order_id = $1`, [id]);
    const known = execRows.map((r) => r.exec_id);
    const before = snapshotOf(o);
    const base = { orderId: id, orderRef: o.orderRef, statusBefore: o.status };
    if (input.kind === 'execution') {
      const stored = await this.storeExecution(em, o.id, input.execution, source);
      if (!stored) return { ...base, statusAfter: o.status, statusChanged: false, fill: null, duplicate: true, ignored: `execution ${input.execution.execId} already recorded` };
    }
    const r = applyLifecycle(stateOf(o, known), input);
    if (r.ignored && input.kind !== 'execution') {
      await appendAudit(em, this.now(), { actor, action: 'order.event_ignored', orderId: id, reason: r.ignored, after: { event: input.kind } });
      return { ...base, statusAfter: o.status, statusChanged: false, fill: null, duplicate: false, ignored: r.ignored };
    }
    const s = r.state;
    o.status = s.status;
    o.filledQuantity = s.filledQuantity;
    o.avgFillPrice = s.avgFillPrice;
    o.lastFillPrice = s.lastFillPrice;
    o.permId = s.permId;
    o.cancelRequested = s.cancelRequested;
    o.statusReason = s.reason;
    o.lastEventAt = this.now();
    if (input.kind === 'openOrder' && input.order.account && !o.account) o.account = input.order.account;
    if (isTerminal(s.status) && !o.completedAt) o.completedAt = this.now();
    await repo.save(o);
    const after = snapshotOf(o);
    if (r.fill) {
      await appendAudit(em, this.now(), { actor, action: 'order.fill', orderId: id, reason: `execution ${r.fill.execId} (${source})`, before, after: { ...after, fill: r.fill } });
    }
    if (r.statusChanged) {
      await appendAudit(em, this.now(), { actor, action: input.kind === 'resolved' ? 'reconcile.resolved' : 'order.status', orderId: id, reason: s.reason ?? input.kind, before, after });
    } else if (input.kind === 'cancelRequested') {
      await appendAudit(em, this.now(), { actor, action: 'order.cancel_requested', orderId: id, before, after });
    }
    return {
      ...base,
      statusAfter: o.status,
      statusChanged: r.statusChanged,
      fill: r.fill && input.kind === 'execution' ? { ...r.fill, filledQuantity: s.filledQuantity, at: input.execution.time } : null,
      duplicate: false,
      ignored: r.ignored,
    };
  }

  private async storeExecution(em: EntityManager, orderId: string, x: GatewayExecution, source: 'live' | 'reconciliation'): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO order_executions (exec_id, order_id, ib_order_id, perm_id, con_id, sec_type, side, shares, price, cum_qty, avg_price,
         account, exchange, executed_at, recorded_at, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (exec_id) DO NOTHING RETURNING id`,
      [x.execId, orderId, x.orderId, x.permId, x.conId, x.secType, x.side, x.shares, x.price, x.cumQty, x.avgPrice, x.account, x.exchange, x.time, this.now(), source],
    );
    return rows.length > 0;
  }

  private async commission(c: { execId: string; commission: number | null; currency: string; realizedPnl: number | null }): Promise<OrderEventOutcome> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO order_commissions (exec_id, commission, currency, realized_pnl, recorded_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (exec_id) DO NOTHING RETURNING id`,
      [c.execId, c.commission, c.currency, c.realizedPnl, this.now()],
    );
    const owner: Array<{ id: string; order_ref: string; status: OrderStatus }> = await this.db.query(
      `SELECT o.id, o.order_ref, o.status FROM order_executions x JOIN orders o ON o.id = x.order_id WHERE x.exec_id = $1`,
      [c.execId],
    );
    const o = owner[0];
    return {
      orderId: o?.id ?? null,
      orderRef: o?.order_ref ?? null,
      statusBefore: o?.status ?? null,
      statusAfter: o?.status ?? null,
      statusChanged: false,
      fill: null,
      duplicate: rows.length === 0,
      ignored: rows.length === 0 ? `commission for ${c.execId} already recorded` : null,
    };
  }

  /** By orderRef first (stable across restarts), then permId, then (client id, order id). */
  private async find(em: EntityManager, e: Exclude<OrderEvent, { kind: 'commission' }>): Promise<string | null> {
    let orderRef: string | null = null;
    let permId: number | null = null;
    let orderId: number | null = null;
    let clientId = this.clientId;
    switch (e.kind) {
      case 'openOrder':
        orderRef = e.order.orderRef || null;
        permId = e.order.permId || null;
        orderId = e.order.orderId;
        clientId = e.order.clientId;
        break;
      case 'orderStatus':
        permId = e.permId || null;
        orderId = e.orderId;
        break;
      case 'execution':
        orderRef = e.execution.orderRef || null;
        permId = e.execution.permId || null;
        orderId = e.execution.orderId;
        clientId = e.execution.clientId;
        break;
      case 'error':
        orderId = e.orderId;
        break;
    }
    if (orderRef) {
      const r: Array<{ id: string }> = await em.query(`SELECT id FROM orders WHERE order_ref = $1`, [orderRef]);
      if (r[0]) return r[0].id;
    }
    if (permId) {
      const r: Array<{ id: string }> = await em.query(`SELECT id FROM orders WHERE perm_id = $1 ORDER BY created_at DESC LIMIT 1`, [permId]);
      if (r[0]) return r[0].id;
    }
    if (orderId !== null && orderId > 0) {
      const r: Array<{ id: string }> = await em.query(`SELECT id FROM orders WHERE ib_client_id = $1 AND ib_order_id = $2`, [clientId, orderId]);
      if (r[0]) return r[0].id;
    }
    return null;
  }
}
