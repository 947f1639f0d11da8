/**
 * Walks across API restarts. Walks are driven in memory (walk-driver.ts); their settings (orders.walk) and every
 * step (order_walk_steps) are stored. After a restart, once the first reconciliation has settled what the gateway
 * still works, each order that was walking is found here and its session rebuilt from the log, so the walk goes on
 * from its last price with the timeout counted from the original placement (or cancels at once when that passed
 * while the API was down).
 *
 * Resumable: a walk setting and a logged `place` step, still working (pending_submit, submitted, partially_filled),
 * no cancel requested, and never modified by anyone but the walk itself — a trader's PATCH ends a walk for good
 * (as it does in memory), so an order a person touched is never repriced by a restarted API.
 *
 * Each resume is logged, audited (`walk.resumed`, with the step, limit, state and timeout) and counted
 * (`ibkr_order_walks_resumed_total{outcome}`). A step stored whose modify never reached the database (the API
 * stopped in between) is sent on resume; one whose modify was stored but never reached the gateway is not detected
 * (the gateway's limit is not compared) and is corrected by the next step.
 */
import type { IbkrLogger } from '@ibsc/ibkr';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../persistence/audit-log';
import { OrderEntity } from '../persistence/entities/order.entity';
import { WalkStepEntity } from '../persistence/entities/walk-step.entity';
import { WalkSession, type WalkStepRecord } from '../pricing/walk-session';
import type { WalkSettings } from '../pricing/walk-planner';
import type { OrdersMetrics } from './orders-metrics';
import type { WalkDriver } from './walk-driver';

export interface ResumableWalk {
  order: OrderEntity & { walk: WalkSettings };
  steps: WalkStepRecord[];
}

export async function resumableWalks(db: DataSource): Promise<ResumableWalk[]> {
  const rows: Array<{ id: string }> = await db.query(
    `SELECT o.id FROM orders o
      WHERE o.walk IS NOT NULL
        AND o.status IN ('pending_submit', 'submitted', 'partially_filled')
        AND NOT o.cancel_requested
        AND EXISTS (SELECT 1 FROM order_walk_steps s WHERE s.order_id = o.id AND s.kind = 'place')
        AND NOT EXISTS (SELECT 1 FROM order_audit_log a
                         WHERE a.order_id = o.id AND a.action = 'order.modify_requested' AND a.actor <> 'walk')
      ORDER BY o.created_at`,
  );
  const out: ResumableWalk[] = [];
  for (const { id } of rows) {
    const order = await db.getRepository(OrderEntity).findOneOrFail({ where: { id }, relations: { legs: true } });
    const stored = await db.getRepository(WalkStepEntity).find({ where: { orderId: id }, order: { step: 'ASC' } });
    const steps: WalkStepRecord[] = stored.map((s) => ({
      step: s.step,
      kind: s.kind,
      price: s.price,
      bid: s.bid,
      ask: s.ask,
      mid: s.mid,
      at: s.at,
      filledQuantity: s.filledQuantity,
      note: s.note,
    }));
    out.push({ order: order as OrderEntity & { walk: WalkSettings }, steps });
  }
  return out;
}

export interface WalkResumeDeps {
  db: DataSource;
  walks: WalkDriver;
  /** The engine's clock (the walk driver's). */
  now: () => Date;
  log: IbkrLogger;
  metrics: OrdersMetrics;
}

/** Resumes every resumable walk not already driven here; a failure skips that order (logged), never the rest. */
export async function resumeWalks(d: WalkResumeDeps): Promise<void> {
  let found: ResumableWalk[];
  try {
    found = await resumableWalks(d.db);
  } catch (e) {
    d.log.error(`walks not resumed: ${(e as Error).message}`);
    return;
  }
  for (const { order, steps } of found) {
    if (d.walks.has(order.id)) continue;
    try {
      const session = WalkSession.restore(order.action, order.quantity, order.walk, d.now, steps);
      session.onFill(order.filledQuantity); // a fill made while the API was down is logged
      const overdue = session.timeoutAt.getTime() <= d.now().getTime();
      const detail = { step: session.stepNumber, price: session.currentPrice, state: session.state, timeoutAt: session.timeoutAt.toISOString() };
      const reason = overdue
        ? `walk timed out at ${detail.timeoutAt} while the API was down: cancelling`
        : `walk resumed after a restart at step ${detail.step}, limit ${detail.price}, ${session.state}; cancels at ${detail.timeoutAt}`;
      await appendAudit(d.db.manager, d.now(), { actor: 'system', action: 'walk.resumed', orderId: order.id, reason, after: detail });
      d.log.log(`order ${order.id} (${order.orderRef}): ${reason}`);
      d.metrics.walkResumed(overdue ? 'timed_out' : 'resumed');
      await d.walks.resume(order.id, session, order.walk, order.limitPrice);
    } catch (e) {
      d.log.warn(`walk of order ${order.id} not resumed: ${(e as Error).message}`);
    }
  }
}
