import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../numeric.transformer';

/** One IB execution (a leg, or the BAG itself); execId is unique: a fill is recorded exactly once. */
@Entity({ name: 'order_executions' })
export class ExecutionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'exec_id', type: 'varchar', length: 64 })
  execId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ name: 'ib_order_id', type: 'integer' })
  ibOrderId!: number;

  @Column({ name: 'perm_id', type: 'bigint', transformer: numeric })
  permId!: number;

  @Column({ name: 'con_id', type: 'integer' })
  conId!: number;

  @Column({ name: 'sec_type', type: 'varchar', length: 8 })
  secType!: string;

  @Column({ type: 'varchar', length: 3 })
  side!: 'BOT' | 'SLD';

  @Column({ type: 'numeric', precision: 14, scale: 4, transformer: numeric })
  shares!: number;

  @Column({ type: 'numeric', precision: 14, scale: 6, transformer: numeric })
  price!: number;

  @Column({ name: 'cum_qty', type: 'numeric', precision: 14, scale: 4, transformer: numeric })
  cumQty!: number;

  @Column({ name: 'avg_price', type: 'numeric', precision: 14, scale: 6, transformer: numeric })
  avgPrice!: number;

  @Column({ type: 'varchar', length: 32 })
  account!: string;

  @Column({ type: 'varchar', length: 16 })
  exchange!: string;

  @Column({ name: 'executed_at', type: 'timestamptz' })
  executedAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** live: from the event stream; reconciliation: found after a reconnect. */
  @Column({ type: 'varchar', length: 16 })
  source!: 'live' | 'reconciliation';
}
