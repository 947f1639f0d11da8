/**
 * What positions, P&L and the trade history need from the database: spread definitions and combo-level fills
 * (for spreadPositions), start-of-day marks (position snapshots), and the trade list with its CSV export.
 */
import type { TradeView } from '@ibsc/shared-dto';
import type { DataSource } from 'typeorm';
import type { SpreadDefinition, SpreadFill } from '../positions/spread-pnl';
import type { OrderAction, VerticalType } from '../pricing/vertical';

export interface TradeFilter {
  from?: Date;
  to?: Date;
  underlying?: string;
}

interface FillRow {
  exec_id: string;
  order_id: string;
  order_ref: string;
  position_key: string;
  executed_at: Date;
  underlying: string;
  spread_type: VerticalType;
  expiry: string;
  lower_strike: string;
  upper_strike: string;
  side: 'BOT' | 'SLD';
  shares: string;
  price: string;
  commission: string | null;
}

export class PositionQueries {
  constructor(private readonly db: DataSource) {}

  /** Every spread with at least one fill, and its combo-level fills (BAG executions; leg commissions included). */
  async spreadBook(): Promise<{ definitions: SpreadDefinition[]; fills: SpreadFill[] }> {
    const defs: Array<{ id: string; underlying: string; spread_type: VerticalType; expiry: string; multiplier: number; legs: Array<{ con_id: number | null; action: OrderAction; ratio: number; strike: string }> }> =
      await this.db.query(
        `SELECT o.id, o.underlying, o.spread_type, o.expiry, o.multiplier,
                json_agg(json_build_object('con_id', l.con_id, 'action', l.action, 'ratio', l.ratio, 'strike', l.strike) ORDER BY l.leg_index) AS legs
           FROM orders o JOIN order_legs l ON l.order_id = o.id
          WHERE o.intent = 'open' AND o.filled_quantity > 0
          GROUP BY o.id ORDER BY o.created_at`,
      );
    const definitions: SpreadDefinition[] = defs.map((d) => {
      const strikes = d.legs.map((l) => Number(l.strike));
      return {
        positionKey: d.id,
        underlying: d.underlying,
        type: d.spread_type,
        expiry: d.expiry,
        lowerStrike: Math.min(...strikes),
        upperStrike: Math.max(...strikes),
        multiplier: d.multiplier,
        legs: d.legs.map((l) => ({ conId: l.con_id ?? 0, action: l.action, ratio: l.ratio })),
      };
    });
    const rows = await this.fillRows({});
    const fills: SpreadFill[] = rows.map((r) => ({
      positionKey: r.position_key,
      action: r.side === 'BOT' ? 'BUY' : 'SELL',
      quantity: Number(r.shares),
      price: Number(r.price),
      commission: Number(r.commission ?? 0),
      at: r.executed_at,
    }));
    return { definitions, fills };
  }

  /** The latest spread mark per position taken before `dayStart` (for daily P&L). */
  async startOfDayMarks(dayStart: Date): Promise<Map<string, number>> {
    const rows: Array<{ position_key: string; mark: string }> = await this.db.query(
      `SELECT DISTINCT ON (position_key) position_key, mark FROM position_snapshots
        WHERE kind = 'spread_mark' AND taken_at < $1 AND mark IS NOT NULL ORDER BY position_key, taken_at DESC`,
      [dayStart],
    );
    return new Map(rows.map((r) => [r.position_key, Number(r.mark)]));
  }

  async recordSpreadMarks(takenAt: Date, marks: ReadonlyArray<{ positionKey: string; quantity: number; avgCost: number | null; mark: number | null }>): Promise<void> {
    for (const m of marks) {
      await this.db.query(`INSERT INTO position_snapshots (taken_at, kind, position_key, quantity, avg_cost, mark) VALUES ($1, 'spread_mark', $2, $3, $4, $5)`, [
        takenAt,
        m.positionKey,
        m.quantity,
        m.avgCost,
        m.mark,
      ]);
    }
  }

  async trades(filter: TradeFilter = {}): Promise<TradeView[]> {
    return (await this.fillRows(filter)).map((r) => {
      return {
        execId: r.exec_id,
        orderId: r.order_id,
        orderRef: r.order_ref,
        at: r.executed_at.toISOString(),
        underlying: r.underlying,
        spreadType: r.spread_type,
        expiry: r.expiry,
        lowerStrike: Number(r.lower_strike),
        upperStrike: Number(r.upper_strike),
        side: r.side,
        quantity: Number(r.shares),
        price: Number(r.price),
        commission: r.commission === null ? null : Number(r.commission),
      };
    });
  }

  private async fillRows(filter: TradeFilter): Promise<FillRow[]> {
    const rows: FillRow[] = await this.db.query(
      `SELECT x.exec_id, x.order_id, o.order_ref, o.position_key, x.executed_at, o.underlying, o.spread_type, o.expiry,
              (SELECT min(strike) FROM order_legs WHERE order_id = o.id) AS lower_strike,
              (SELECT max(strike) FROM order_legs WHERE order_id = o.id) AS upper_strike,
              x.side, x.shares, x.price,
              (SELECT sum(c.commission) FROM order_executions lx JOIN order_commissions c ON c.exec_id = lx.exec_id
                WHERE lx.order_id = x.order_id AND lx.executed_at = x.executed_at) AS commission
         FROM order_executions x JOIN orders o ON o.id = x.order_id
        WHERE x.sec_type = 'BAG'
          AND ($1::timestamptz IS NULL OR x.executed_at >= $1)
          AND ($2::timestamptz IS NULL OR x.executed_at < $2)
          AND ($3::varchar IS NULL OR o.underlying = $3)
        ORDER BY x.executed_at, x.exec_id`,
      [filter.from ?? null, filter.to ?? null, filter.underlying ?? null],
    );
    return rows;
  }
}

const CSV_COLUMNS: Array<keyof TradeView> = ['at', 'underlying', 'spreadType', 'expiry', 'lowerStrike', 'upperStrike', 'side', 'quantity', 'price', 'commission', 'orderRef', 'execId'];

/** RFC 4180 CSV of trades (GET /trades?format=csv); empty commission = not available. */
export function tradesCsv(trades: readonly TradeView[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [CSV_COLUMNS.join(','), ...trades.map((t) => CSV_COLUMNS.map((c) => cell(t[c])).join(','))].join('\r\n') + '\r\n';
}
