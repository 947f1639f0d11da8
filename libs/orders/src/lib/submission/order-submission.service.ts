/**
 * No duplicates, ever (issue item 6). Given an Idempotency-Key and a decided order, commits the order row — with
 * its orderRef and a reserved IB order id — before anything is transmitted:
 *
 *   1. key seen → same body: the first result (replayed); different body: 409 naming the key.
 *   2. refused by the risk guard → the decision is audited, nothing else is written, 422 naming the rules.
 *   3. reserve an order id above the highest this database ever recorded for the client id.
 *   4. one transaction: INSERT … ON CONFLICT (idempotency_key) DO NOTHING, legs, audit rows. A concurrent request
 *      with the same key waits on the unique index and finds the winner's row (→ step 1). A reused order id hits
 *      the (client id, order id) unique index: a fresh id is reserved and the insert retried.
 *
 * Only after reserve() resolves may the caller transmit, then call markTransmitted().
 */
import { randomUUID } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { IDEMPOTENCY_KEY_PATTERN } from '@ibsc/shared-dto';
import type { OrderIdSource } from '../gateway/order-gateway';
import { applyLifecycle, type LifecycleState } from '../lifecycle/order-lifecycle';
import { OrdersError, OrdersErrors } from '../orders-error';
import { appendAudit, isUniqueViolation } from '../persistence/audit-log';
import { requestHash } from '../persistence/canonical-json';
import { OrderEntity } from '../persistence/entities/order.entity';
import { OrderLegEntity } from '../persistence/entities/order-leg.entity';
import { countOpenOnUnderlying } from '../queries/order-queries';
import type { RiskDecision } from '../risk/risk-guard';
import { refusalMessage } from '../risk/risk-guard';
import type { NewOrder } from './new-order';

export interface SubmissionRequest {
  idempotencyKey: string;
  /** The request body as received (hashed canonically to detect a key reused for another order). */
  body: unknown;
  actor: string;
  order: NewOrder;
  risk: RiskDecision;
  /**
   * RISK_MAX_OPEN_PER_UNDERLYING, re-checked inside the commit under a per-underlying advisory lock, so two
   * different keys racing cannot both open the last slot. Omit for closing orders.
   */
  maxOpenPerUnderlying?: number;
  /**
   * A trader's close (exitRole manual): at most one working per position, re-checked inside the commit under a
   * per-position advisory lock, so two different keys racing cannot both send a close (CLOSE_ALREADY_WORKING).
   */
  oneClosePerPosition?: boolean;
}

export interface Reservation {
  order: OrderEntity;
  replayed: boolean;
}

const ID_ATTEMPTS = 3;

export function stateOf(o: OrderEntity, execIds: readonly string[] = []): LifecycleState {
  return {
    status: o.status,
    quantity: o.quantity,
    filledQuantity: o.filledQuantity,
    avgFillPrice: o.avgFillPrice,
    lastFillPrice: o.lastFillPrice,
    permId: o.permId,
    cancelRequested: o.cancelRequested,
    reason: o.statusReason,
    execIds,
  };
}

export function snapshotOf(o: OrderEntity): Record<string, unknown> {
  return {
    status: o.status,
    filledQuantity: o.filledQuantity,
    avgFillPrice: o.avgFillPrice,
    limitPrice: o.limitPrice,
    quantity: o.quantity,
    permId: o.permId,
    cancelRequested: o.cancelRequested,
    reason: o.statusReason,
  };
}

export class OrderSubmissionService {
  constructor(
    private readonly db: DataSource,
    private readonly ids: OrderIdSource,
    private readonly now: () => Date,
  ) {}

  async reserve(req: SubmissionRequest): Promise<Reservation> {
    const key = req.idempotencyKey;
    const hash = requestHash(req.body);
    const seen = await this.replayOf(key, req.body);
    if (seen) return seen;

    if (!req.risk.allowed) {
      await this.db.transaction((em) =>
        appendAudit(em, this.now(), { actor: req.actor, action: 'risk.decision', reason: refusalMessage(req.risk), after: { allowed: false, idempotencyKey: key, checks: req.risk.checks } }),
      );
      throw OrdersErrors.riskRefused(refusalMessage(req.risk), req.risk.checks.find((c) => !c.passed)?.rule);
    }

    for (let attempt = 1; ; attempt++) {
      const floor = await this.highestOrderId();
      const ibOrderId = await this.ids.next(floor);
      try {
        const inserted = await this.db.transaction((em) => this.insert(em, req, hash, ibOrderId));
        if (inserted) return { order: inserted, replayed: false };
      } catch (e) {
        if (isUniqueViolation(e, 'orders_ib_order_id_uq') && attempt < ID_ATTEMPTS) continue;
        throw e;
      }
      // Lost the race for the key: the winner has committed.
      const winner = await this.byKey(this.db.manager, key);
      if (!winner) throw new Error(`idempotency key ${key} vanished after a conflict`);
      return this.replay(winner, key, hash);
    }
  }

  /**
   * The first result of a key already used (its body must be the same: else IDEMPOTENCY_KEY_REUSED), or null for a
   * new key. For callers that must answer a replay before checks the first request changed (a close of a position
   * that this very close has flattened).
   */
  async replayOf(key: string, body: unknown): Promise<Reservation | null> {
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new OrdersError(HttpStatus.BAD_REQUEST, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 8–128 characters of A-Z, a-z, 0-9, _ or -', [
        { field: 'Idempotency-Key', problems: ['8–128 characters of A-Z, a-z, 0-9, _ or -'] },
      ]);
    }
    const seen = await this.byKey(this.db.manager, key);
    return seen ? this.replay(seen, key, requestHash(body)) : null;
  }

  /** created → pending_submit once the order is handed to the gateway. */
  async markTransmitted(orderId: string, actor: string): Promise<OrderEntity> {
    return this.db.transaction(async (em) => {
      const o = await this.lock(em, orderId);
      const before = snapshotOf(o);
      const r = applyLifecycle(stateOf(o), { kind: 'transmitted' });
      if (r.statusChanged) {
        o.status = r.state.status;
        o.transmittedAt = this.now();
        await em.getRepository(OrderEntity).save(o);
        await appendAudit(em, this.now(), { actor, action: 'order.transmitted', orderId, before, after: snapshotOf(o) });
      }
      return o;
    });
  }

  /** The highest order id this database has recorded for the client id (the floor for the id authority). */
  async highestOrderId(): Promise<number | null> {
    const rows: Array<{ max: number | null }> = await this.db.query(`SELECT max(ib_order_id) AS max FROM orders WHERE ib_client_id = $1`, [this.ids.clientId]);
    return rows[0]?.max ?? null;
  }

  private async insert(em: EntityManager, req: SubmissionRequest, hash: string, ibOrderId: number): Promise<OrderEntity | null> {
    const o = req.order;
    const id = randomUUID();
    const orderRef = `ibsc-${id.replace(/-/g, '')}`;
    const now = this.now();
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO orders (id, idempotency_key, request_hash, order_ref, ib_client_id, ib_order_id, account, status, intent,
         position_key, parent_order_id, exit_role, oca_group, spread_type, underlying, expiry, width, multiplier, action,
         quantity, order_type, limit_price, aux_price, price_mode, tif, walk, take_profit_pct, stop_loss_pct, mid_at_submit,
         created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'created', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
         $23, $24, $25, $26, $27, $28, $29, $30, $30)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [
        id,
        req.idempotencyKey,
        hash,
        orderRef,
        this.ids.clientId,
        ibOrderId,
        o.account,
        o.intent,
        o.intent === 'open' ? id : o.positionKey,
        o.parentOrderId,
        o.exitRole,
        o.ocaGroup,
        o.shape.type,
        o.spec.underlying,
        o.shape.expiry,
        o.shape.width,
        o.spec.multiplier,
        o.action,
        o.quantity,
        o.orderType,
        o.limitPrice,
        o.auxPrice,
        o.priceMode,
        o.tif,
        o.walk ? JSON.stringify(o.walk) : null,
        o.takeProfitPct,
        o.stopLossPct,
        o.midAtSubmit,
        req.actor,
        now,
      ],
    );
    if (rows.length === 0) return null;
    if (req.maxOpenPerUnderlying !== undefined && o.intent === 'open') {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`orders:open:${o.spec.underlying}`]);
      // Counted without this order's own row.
      const open = (await countOpenOnUnderlying(em, o.spec.underlying)) - 1;
      if (open + 1 > req.maxOpenPerUnderlying) {
        throw OrdersErrors.riskRefused(
          `max_open_per_underlying: ${o.spec.underlying} would have ${open + 1} open spreads, more than RISK_MAX_OPEN_PER_UNDERLYING=${req.maxOpenPerUnderlying}`,
          'max_open_per_underlying',
        );
      }
    }
    if (req.oneClosePerPosition && o.positionKey) {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`orders:close:${o.positionKey}`]);
      const working: Array<{ id: string }> = await em.query(
        `SELECT id FROM orders WHERE position_key = $1 AND exit_role = 'manual' AND id <> $2 AND status NOT IN ('filled','cancelled','rejected','inactive') LIMIT 1`,
        [o.positionKey, id],
      );
      if (working[0]) throw OrdersErrors.closeWorking(o.positionKey, working[0].id);
    }
    const legs = em.getRepository(OrderLegEntity);
    for (const [i, l] of o.spec.legs.entries()) {
      await legs.insert({ orderId: id, legIndex: i, conId: l.conId, expiry: l.expiry, strike: l.strike, right: l.right, action: l.action, ratio: l.ratio });
    }
    await appendAudit(em, now, {
      actor: req.actor,
      action: 'risk.decision',
      orderId: id,
      reason: 'all risk checks passed',
      after: { allowed: true, checks: req.risk.checks },
    });
    const saved = await em.getRepository(OrderEntity).findOneOrFail({ where: { id }, relations: { legs: true } });
    if (o.exitRole === 'manual') {
      await appendAudit(em, now, {
        actor: req.actor,
        action: 'position.close_requested',
        orderId: id,
        reason: `close ${o.quantity} of position ${o.positionKey} at ${o.priceMode} ${o.limitPrice}`,
        after: { positionKey: o.positionKey, quantity: o.quantity, priceMode: o.priceMode, limitPrice: o.limitPrice, ocaGroup: o.ocaGroup },
      });
    }
    await appendAudit(em, now, { actor: req.actor, action: 'order.created', orderId: id, reason: `Idempotency-Key ${req.idempotencyKey}`, after: { ...snapshotOf(saved), orderRef, ibOrderId } });
    return saved;
  }

  private replay(seen: OrderEntity, key: string, hash: string): Reservation {
    if (seen.requestHash !== hash) throw OrdersErrors.idempotencyKeyReused(key);
    return { order: seen, replayed: true };
  }

  private byKey(em: EntityManager, key: string): Promise<OrderEntity | null> {
    return em.getRepository(OrderEntity).findOne({ where: { idempotencyKey: key }, relations: { legs: true } });
  }

  private async lock(em: EntityManager, id: string): Promise<OrderEntity> {
    const o = await em.getRepository(OrderEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!o) throw OrdersErrors.notFound(id);
    return o;
  }
}
