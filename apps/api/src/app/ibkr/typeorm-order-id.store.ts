import type { OrderIdStore } from '@ibsc/ibkr';
import type { DataSource } from 'typeorm';

/**
 * OrderIdAuthority's store on PostgreSQL: one row per account, raised atomically with GREATEST so concurrent
 * writers (two API processes) can never lower it.
 */
export class TypeOrmOrderIdStore implements OrderIdStore {
  constructor(private readonly db: DataSource) {}

  async highest(scope: string): Promise<number | null> {
    const rows: { highest_used: string }[] = await this.db.query(`SELECT highest_used FROM ib_order_ids WHERE scope = $1`, [scope]);
    return rows.length ? Number(rows[0].highest_used) : null;
  }

  async reserve(scope: string, id: number): Promise<void> {
    await this.db.query(
      `INSERT INTO ib_order_ids (scope, highest_used, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (scope) DO UPDATE SET highest_used = GREATEST(ib_order_ids.highest_used, EXCLUDED.highest_used), updated_at = now()`,
      [scope, id],
    );
  }
}
