import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../numeric.transformer';

/** IB's commissionReport, one per execId (it may arrive before its execution after a reconnect: no FK). */
@Entity({ name: 'order_commissions' })
export class CommissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'exec_id', type: 'varchar', length: 64 })
  execId!: string;

  @Column({ type: 'numeric', precision: 14, scale: 6, nullable: true, transformer: numeric })
  commission!: number | null;

  @Column({ type: 'varchar', length: 8 })
  currency!: string;

  @Column({ name: 'realized_pnl', type: 'numeric', precision: 16, scale: 6, nullable: true, transformer: numeric })
  realizedPnl!: number | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
