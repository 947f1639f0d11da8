/**
 * Reconciliation on every (re)connect (issue items 6 and 7). The connection layer calls markConnectionLost() when
 * the link drops (1100, socket closed) and reconcile() on every transition to ready (1101, 1102, reconnect).
 * Nothing is re-sent here; modify and cancel are refused while an order is unknown (OrdersErrors.stateUnknown).
 */
import type { DataSource } from 'typeorm';
import type { ReconciliationSource } from '../gateway/order-gateway';
import { OrderEventsService } from '../lifecycle/order-events.service';
import { appendAudit } from '../persistence/audit-log';
import { OrderEntity } from '../persistence/entities/order.entity';
import { DEFAULT_ABSENT_GRACE_MS, foreignActivity, type ReconciliationSnapshot, type Resolution, resolveOrder, type TrackedOrder } from './order-resolution';
import { In, Not } from 'typeorm';
import { TERMINAL_STATUSES } from '../lifecycle/order-status';

export interface ReconciliationReport {
  at: Date;
  resolutions: Array<{ orderId: string; orderRef: string; resolution: Resolution['kind']; status: string; reason: string | null }>;
  /** Executions recorded by this pass (fills made while disconnected). */
  newExecutions: number;
  duplicates: string[];
  foreignOpenOrders: number;
  foreignExecutions: number;
}

export class ReconciliationService {
  constructor(
    private readonly db: DataSource,
    private readonly source: ReconciliationSource,
    private readonly events: OrderEventsService,
    private readonly now: () => Date,
    private readonly graceMs: number = DEFAULT_ABSENT_GRACE_MS,
  ) {}

  /** Orders not yet acknowledged by the gateway become unknown. Returns how many. */
  async markConnectionLost(): Promise<number> {
    const pending = await this.db.getRepository(OrderEntity).find({ where: { status: In(['created', 'pending_submit']) } });
    let n = 0;
    for (const o of pending) {
      const r = await this.events.applyInput(o.id, { kind: 'connectionLost' }, 'system');
      if (r.statusChanged) n++;
    }
    return n;
  }

  async reconcile(): Promise<ReconciliationReport> {
    const orders = await this.db.getRepository(OrderEntity).find({ where: { status: Not(In([...TERMINAL_STATUSES])) }, order: { createdAt: 'ASC' } });
    const since = orders.length > 0 ? new Date(orders[0].createdAt.getTime() - 60_000) : undefined;
    // Both reads reject on an incomplete answer: never conclude "absent" from a dropped request.
    const [openOrders, executions] = await Promise.all([this.source.openOrders(), this.source.executions(since)]);
    const snap: ReconciliationSnapshot = { openOrders, executions, takenAt: this.now() };
    const report: ReconciliationReport = { at: snap.takenAt, resolutions: [], newExecutions: 0, duplicates: [], foreignOpenOrders: 0, foreignExecutions: 0 };

    for (const o of orders) {
      const known: Array<{ exec_id: string }> = await this.db.query(`SELECT exec_id FROM order_executions WHERE order_id = $1`, [o.id]);
      const tracked: TrackedOrder = {
        id: o.id,
        orderRef: o.orderRef,
        permId: o.permId,
        status: o.status,
        quantity: o.quantity,
        filledQuantity: o.filledQuantity,
        transmittedAt: o.transmittedAt,
        createdAt: o.createdAt,
        knownExecIds: known.map((k) => k.exec_id),
      };
      const res = resolveOrder(tracked, snap, this.graceMs);
      if ('newExecutions' in res) {
        for (const x of res.newExecutions) {
          const out = await this.events.apply({ kind: 'execution', execution: x }, 'reconciliation', 'reconciliation');
          if (!out.duplicate && out.orderId) report.newExecutions++;
        }
      }
      let reason: string | null = null;
      switch (res.kind) {
        case 'working':
        {
          const out = await this.events.apply({ kind: 'openOrder', order: res.openOrder }, 'reconciliation', 'reconciliation');
          if (out.statusAfter === 'unknown') {
            await this.events.applyInput(o.id, { kind: 'resolved', status: res.status, reason: 'working at the gateway (reconciliation)' }, 'reconciliation');
          }
          break;
        }
        case 'done':
        case 'absent':
          reason = res.reason;
          await this.events.applyInput(o.id, { kind: 'resolved', status: res.status, reason: res.reason }, 'reconciliation');
          break;
        case 'duplicate':
          reason = res.reason;
          report.duplicates.push(o.id);
          await this.events.applyInput(o.id, { kind: 'duplicateSuspected', reason: res.reason }, 'reconciliation');
          await this.db.transaction((em) => appendAudit(em, this.now(), { actor: 'reconciliation', action: 'reconcile.duplicate', orderId: o.id, reason: res.reason, after: { permIds: res.permIds } }));
          break;
        case 'pending':
          reason = res.reason;
          break;
      }
      const now = await this.db.getRepository(OrderEntity).findOneByOrFail({ id: o.id });
      report.resolutions.push({ orderId: o.id, orderRef: o.orderRef, resolution: res.kind, status: now.status, reason });
    }

    const refs: Array<{ order_ref: string }> = await this.db.query(`SELECT order_ref FROM orders`);
    const foreign = foreignActivity(new Set(refs.map((r) => r.order_ref)), snap);
    report.foreignOpenOrders = foreign.openOrders.length;
    report.foreignExecutions = foreign.executions.length;
    if (foreign.openOrders.length + foreign.executions.length > 0) {
      await this.db.transaction((em) =>
        appendAudit(em, this.now(), {
          actor: 'reconciliation',
          action: 'reconcile.foreign',
          reason: `${foreign.openOrders.length} open orders and ${foreign.executions.length} executions belong to no order of ours`,
          after: { openOrders: foreign.openOrders.map((x) => ({ orderId: x.orderId, permId: x.permId, orderRef: x.orderRef })), execIds: foreign.executions.map((x) => x.execId) },
        }),
      );
    }
    return report;
  }
}
