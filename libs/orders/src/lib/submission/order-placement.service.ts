/**
 * Place, modify and cancel through the OrderGateway, in the only safe order:
 *
 *   place:  reserve (row committed) → replayed? return it, send nothing → markTransmitted → placeOrder.
 *           If placeOrder fails, nobody knows whether the bytes reached the gateway: the order becomes `unknown`
 *           and reconciliation (by orderRef) decides; it is never re-sent blindly.
 *   modify: refused while unknown or not working; the new limit/quantity is committed and audited, then sent as a
 *           placeOrder with the same order id and orderRef (IB's modify), never as a new order.
 *   cancel: refused while unknown; cancelRequested and cancel_pending committed and audited, then cancelOrder.
 *   A modify or cancel the gateway cannot take (an outage) stays pending, committed: it is answered as pending and
 *   sent after reconnect by PendingIntents, before anything else (ADR 0011).
 */
import { HttpStatus } from '@nestjs/common';
import type { ModifyOrderDto } from '@ibsc/shared-dto';
import type { DataSource } from 'typeorm';
import { comboOrderWire } from '../gateway/combo-order-wire';
import type { OrderGateway } from '../gateway/order-gateway';
import { NO_FENCE, SessionFencedError, type TransmitFence } from '../gateway/transmit-fence';
import { OrderEventsService } from '../lifecycle/order-events.service';
import { OrdersError } from '../orders-error';
import { appendAudit } from '../persistence/audit-log';
import { OrderEntity } from '../persistence/entities/order.entity';
import { OrderQueries } from '../queries/order-queries';
import { OrderSubmissionService, type Reservation, snapshotOf, type SubmissionRequest } from './order-submission.service';
import { isGatewayAway, PendingIntents } from './pending-intents';

export class OrderPlacementService {
  readonly intents: PendingIntents;

  constructor(
    private readonly db: DataSource,
    private readonly gateway: OrderGateway,
    private readonly submission: OrderSubmissionService,
    private readonly events: OrderEventsService,
    private readonly queries: OrderQueries,
    private readonly now: () => Date,
    private readonly fence: TransmitFence = NO_FENCE,
  ) {
    this.intents = new PendingIntents(db, gateway, now, fence);
  }

  async place(req: SubmissionRequest): Promise<Reservation> {
    const reserved = await this.submission.reserve(req);
    if (reserved.replayed) return reserved;
    let transmitted: OrderEntity;
    try {
      // Marked pending_submit (with its transmission time) just before the bytes leave, so the gateway's first
      // answer, however fast, never finds the order still `created`.
      transmitted = await this.fence.transmit(async () => {
        const marked = await this.submission.markTransmitted(reserved.order.id, req.actor);
        await this.gateway.placeOrder(comboOrderWire(reserved.order));
        return marked;
      });
    } catch (e) {
      // Fenced: provably not sent; the row stays `created` and the new owner's reconciliation settles it.
      if (e instanceof SessionFencedError) throw fenced(e);
      await this.events.applyInput(reserved.order.id, { kind: 'transmitted' }, req.actor);
      await this.events.applyInput(reserved.order.id, { kind: 'connectionLost' }, 'system');
      throw new OrdersError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'ORDER_FATE_UNKNOWN',
        `order ${reserved.order.id} may or may not have reached the gateway (${(e as Error).message}); it is reconciled on reconnect and will not be re-sent`,
      );
    }
    return { order: transmitted, replayed: false };
  }

  async modify(id: string, dto: ModifyOrderDto, actor: string): Promise<OrderEntity> {
    if (dto.limit === undefined && dto.quantity === undefined) {
      throw new OrdersError(HttpStatus.BAD_REQUEST, 'NOTHING_TO_MODIFY', 'give a new limit or quantity', [{ field: 'limit', problems: ['limit or quantity is required'] }]);
    }
    const o = await this.queries.assertActionable(id);
    if (dto.limit !== undefined && o.orderType !== 'LMT') throw new OrdersError(HttpStatus.BAD_REQUEST, 'NOT_A_LIMIT_ORDER', `order ${id} is ${o.orderType}; only a LMT limit can change`, [{ field: 'limit', problems: ['only LMT orders have a limit'] }]);
    if (dto.quantity !== undefined && dto.quantity < o.filledQuantity) {
      throw new OrdersError(HttpStatus.BAD_REQUEST, 'QUANTITY_BELOW_FILLED', `quantity ${dto.quantity} is below the ${o.filledQuantity} already filled`, [{ field: 'quantity', problems: [`at least ${o.filledQuantity}`] }]);
    }
    const updated = await this.db.transaction(async (em) => {
      const repo = em.getRepository(OrderEntity);
      const locked = await repo.findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (locked.status === 'unknown') throw new OrdersError(HttpStatus.CONFLICT, 'ORDER_STATE_UNKNOWN', `order ${id} is being reconciled`);
      const before = snapshotOf(locked);
      if (dto.limit !== undefined) locked.limitPrice = dto.limit;
      if (dto.quantity !== undefined) locked.quantity = dto.quantity;
      locked.modifyPending = true;
      await repo.save(locked);
      await appendAudit(em, this.now(), { actor, action: 'order.modify_requested', orderId: id, before, after: snapshotOf(locked) });
      return repo.findOneOrFail({ where: { id }, relations: { legs: true } });
    });
    if (!(await this.transmitOrKeep(() => this.gateway.modifyOrder(comboOrderWire(updated))))) return this.queries.entity(id);
    await this.intents.sent(id, 'modify');
    return this.queries.entity(id);
  }

  /** Returns the order; `cancelPending` set when the gateway could not take the cancel (sent after reconnect). */
  async cancel(id: string, actor: string, opts: { keepIfUnknown?: boolean } = {}): Promise<OrderEntity> {
    // A walk's timeout while the order's fate is unknown (sent just before a drop): kept, sent once reconciliation finds it working.
    if (opts.keepIfUnknown && (await this.queries.entity(id)).status === 'unknown') {
      await this.intents.mark(id, 'cancel');
      await this.events.applyInput(id, { kind: 'cancelRequested' }, actor);
      return this.queries.entity(id);
    }
    const o = await this.queries.assertActionable(id);
    // Pending first: a crash between the two commits still leaves the cancel to be sent.
    await this.intents.mark(id, 'cancel');
    await this.events.applyInput(id, { kind: 'cancelRequested' }, actor);
    if (await this.transmitOrKeep(() => this.gateway.cancelOrder(o.ibOrderId))) await this.intents.sent(id, 'cancel');
    return this.queries.entity(id);
  }

  /** false when the gateway is away: the committed intent stays pending for the reconnect. */
  private async transmitOrKeep(send: () => Promise<void>): Promise<boolean> {
    try {
      await this.transmit(send);
      return true;
    } catch (e) {
      if (isGatewayAway(e)) return false;
      throw e;
    }
  }

  private async transmit(send: () => Promise<void>): Promise<void> {
    try {
      await this.fence.transmit(send);
    } catch (e) {
      throw e instanceof SessionFencedError ? fenced(e) : e;
    }
  }
}

function fenced(e: SessionFencedError): OrdersError {
  return new OrdersError(HttpStatus.SERVICE_UNAVAILABLE, 'SESSION_FENCED', `${e.message}; nothing was sent to the gateway, retry shortly`);
}
