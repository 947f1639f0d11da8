/**
 * Durable cancel and modify intents (ADR 0011). A cancel or modify the gateway could not take (an outage) is committed
 * with `cancel_pending` / `modify_pending`; after every reconciliation the engine calls `sendAll()` before anything
 * else goes out: pending cancels first, then pending modifies (the limit/quantity as stored), each through the
 * transmit fence. An intent whose order ended meanwhile (filled while the gateway was away) is dropped, audited:
 * the fill stands. An order still `unknown` waits for the next pass. Sending a cancel twice is harmless (IB answers
 * that the order is already cancelled); an order is never re-sent.
 */
import { IbRequestError } from '@ibsc/ibkr';
import type { DataSource } from 'typeorm';
import { comboOrderWire } from '../gateway/combo-order-wire';
import type { OrderGateway } from '../gateway/order-gateway';
import { NO_FENCE, type TransmitFence } from '../gateway/transmit-fence';
import { isTerminal } from '../lifecycle/order-status';
import { appendAudit } from '../persistence/audit-log';
import { OrderEntity } from '../persistence/entities/order.entity';

export interface PendingIntentsReport {
  cancelsSent: number;
  modifiesSent: number;
  /** Intents given up because the order ended first. */
  dropped: number;
  /** Left for the next pass (order unknown). */
  waiting: number;
}

/** The gateway could not take the message (not ready, dropped, stopped): keep the intent for the reconnect. */
export function isGatewayAway(e: unknown): boolean {
  return e instanceof IbRequestError && e.failure !== 'rejected';
}

export class PendingIntents {
  constructor(
    private readonly db: DataSource,
    private readonly gateway: OrderGateway,
    private readonly now: () => Date,
    private readonly fence: TransmitFence = NO_FENCE,
  ) {}

  /** Orders with an intent not yet transmitted. */
  async list(): Promise<OrderEntity[]> {
    return this.db.getRepository(OrderEntity).find({
      where: [{ cancelPending: true }, { modifyPending: true }],
      relations: { legs: true },
      order: { createdAt: 'ASC' },
    });
  }

  /** Sends every pending intent, cancels first. Stops (rejects) at the first transmission that fails; the rest stays pending. */
  async sendAll(): Promise<PendingIntentsReport> {
    const report: PendingIntentsReport = { cancelsSent: 0, modifiesSent: 0, dropped: 0, waiting: 0 };
    const rows = await this.list();
    const ordered = [...rows.filter((o) => o.cancelPending), ...rows.filter((o) => !o.cancelPending)];
    for (const o of ordered) {
      const kind = o.cancelPending ? 'cancel' : 'modify';
      if (isTerminal(o.status)) {
        await this.clear(o, 'order.intent_dropped', `${kind} not sent: the order was ${o.status} before the gateway came back`);
        report.dropped++;
        continue;
      }
      if (o.status === 'unknown' || o.status === 'created') {
        report.waiting++;
        continue;
      }
      if (kind === 'cancel') await this.fence.transmit(() => this.gateway.cancelOrder(o.ibOrderId));
      else await this.fence.transmit(() => this.gateway.modifyOrder(comboOrderWire(o)));
      await this.clear(o, 'order.intent_sent', `pending ${kind} transmitted after reconnect`);
      if (kind === 'cancel') report.cancelsSent++;
      else report.modifiesSent++;
    }
    return report;
  }

  /** Marks an intent of `id` pending (before its transmission is tried). */
  async mark(id: string, kind: 'cancel' | 'modify'): Promise<void> {
    await this.db.query(`UPDATE orders SET ${kind === 'cancel' ? 'cancel_pending' : 'modify_pending'} = true WHERE id = $1`, [id]);
  }

  /** The intent of `id` reached the socket. A cancel also makes a pending modify moot. */
  async sent(id: string, kind: 'cancel' | 'modify'): Promise<void> {
    await this.db.query(kind === 'cancel' ? `UPDATE orders SET cancel_pending = false, modify_pending = false WHERE id = $1` : `UPDATE orders SET modify_pending = false WHERE id = $1`, [id]);
  }

  private async clear(o: OrderEntity, action: 'order.intent_sent' | 'order.intent_dropped', reason: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(`UPDATE orders SET cancel_pending = false, modify_pending = false WHERE id = $1`, [o.id]);
      await appendAudit(em, this.now(), {
        actor: 'system',
        action,
        orderId: o.id,
        reason,
        before: { cancelPending: o.cancelPending, modifyPending: o.modifyPending, status: o.status },
      });
    });
  }
}
