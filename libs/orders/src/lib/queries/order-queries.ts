/** Reads of stored orders (views for REST), the walk log, and the counts the risk guard needs. */
import type { OrderView } from '@ibsc/shared-dto';
import { type DataSource, type EntityManager, In, Not } from 'typeorm';
import { OrdersErrors } from '../orders-error';
import { isTerminal, type OrderStatus, TERMINAL_STATUSES } from '../lifecycle/order-status';
import { OrderEntity } from '../persistence/entities/order.entity';
import { WalkStepEntity } from '../persistence/entities/walk-step.entity';
import type { WalkStepRecord } from '../pricing/walk-session';
import { toOrderView } from './order-view.mapper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OrderListFilter {
  status?: OrderStatus;
  underlying?: string;
  limit?: number;
}

export class OrderQueries {
  constructor(private readonly db: DataSource) {}

  async entity(id: string): Promise<OrderEntity> {
    const o = UUID.test(id) ? await this.db.getRepository(OrderEntity).findOne({ where: { id }, relations: { legs: true } }) : null;
    if (!o) throw OrdersErrors.notFound(id);
    return o;
  }

  async view(id: string): Promise<OrderView> {
    const o = await this.entity(id);
    const steps = await this.db.getRepository(WalkStepEntity).find({ where: { orderId: id } });
    return toOrderView(o, steps, await this.commission(id));
  }

  async list(filter: OrderListFilter = {}): Promise<OrderView[]> {
    const where: Partial<Pick<OrderEntity, 'status' | 'underlying'>> = {};
    if (filter.status) where.status = filter.status;
    if (filter.underlying) where.underlying = filter.underlying;
    const orders = await this.db.getRepository(OrderEntity).find({ where, relations: { legs: true }, order: { createdAt: 'DESC' }, take: Math.min(filter.limit ?? 200, 1000) });
    return Promise.all(orders.map(async (o) => toOrderView(o, [], await this.commission(o.id))));
  }

  /** Throws unless the order can be modified or cancelled now (working, and its fate known). */
  async assertActionable(id: string): Promise<OrderEntity> {
    const o = await this.entity(id);
    if (o.status === 'unknown') throw OrdersErrors.stateUnknown(id);
    if (isTerminal(o.status) || o.status === 'created') throw OrdersErrors.notActive(id, o.status);
    return o;
  }

  /** Open spreads plus working opening orders on an underlying (risk: max open per underlying). */
  openOnUnderlying(underlying: string): Promise<number> {
    return countOpenOnUnderlying(this.db.manager, underlying);
  }

  /** Closing orders of a position not yet final (take-profit, stop, a trader's close), oldest first. */
  workingCloses(positionKey: string): Promise<OrderEntity[]> {
    return this.db.getRepository(OrderEntity).find({
      where: { positionKey, intent: 'close', status: Not(In([...TERMINAL_STATUSES])) },
      relations: { legs: true },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * A position's open quantity by its orders' filled quantities (the opening order's less its closing orders'):
   * known from the gateway's order status before the BAG executions the P&L book counts have all arrived.
   */
  async openByOrders(positionKey: string): Promise<number> {
    const rows: Array<{ open: string | null }> = await this.db.query(
      `SELECT sum(CASE WHEN intent = 'open' THEN filled_quantity ELSE -filled_quantity END) AS open FROM orders WHERE position_key = $1`,
      [positionKey],
    );
    return Number(rows[0]?.open ?? 0);
  }

  /** Orders not yet final (the working-orders gauge). */
  countWorking(): Promise<number> {
    return this.db.getRepository(OrderEntity).count({ where: { status: Not(In([...TERMINAL_STATUSES])) } });
  }

  /** Sum of commission reports for the order's executions; null before any arrived. */
  async commission(orderId: string): Promise<number | null> {
    const rows: Array<{ total: string | null }> = await this.db.query(
      `SELECT sum(c.commission) AS total FROM order_commissions c JOIN order_executions x ON x.exec_id = c.exec_id WHERE x.order_id = $1`,
      [orderId],
    );
    return rows[0]?.total === null || rows[0]?.total === undefined ? null : Number(rows[0].total);
  }

  /** Stores walk steps (idempotent per step number). */
  async appendWalkSteps(orderId: string, steps: readonly WalkStepRecord[]): Promise<void> {
    for (const s of steps) {
      await this.db.query(
        `INSERT INTO order_walk_steps (order_id, step, kind, price, bid, ask, mid, filled_quantity, note, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (order_id, step) DO NOTHING`,
        [orderId, s.step, s.kind, s.price, s.bid, s.ask, s.mid, s.filledQuantity, s.note, s.at],
      );
    }
  }
}

/** Spread positions not flat, plus opening orders still working, on one underlying. */
export async function countOpenOnUnderlying(em: EntityManager, underlying: string): Promise<number> {
  const rows: Array<{ n: string }> = await em.query(
    `SELECT count(*) AS n FROM (
       SELECT position_key FROM orders WHERE underlying = $1 AND position_key IS NOT NULL GROUP BY position_key
       HAVING bool_or(intent = 'open' AND status IN ('created','pending_submit','submitted','partially_filled','unknown'))
           OR sum(CASE WHEN action = 'BUY' THEN filled_quantity ELSE -filled_quantity END) <> 0
     ) p`,
    [underlying],
  );
  return Number(rows[0]?.n ?? 0);
}
