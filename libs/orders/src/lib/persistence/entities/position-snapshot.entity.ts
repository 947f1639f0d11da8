import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../numeric.transformer';

/**
 * A position at a moment: spread marks (kind spread_mark, position_key set; the start-of-day marks feed daily
 * P&L) or the broker's loose legs as reqPositions reported them at a reconciliation (kind broker_leg, con_id set).
 */
@Entity({ name: 'position_snapshots' })
export class PositionSnapshotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'spread_mark' | 'broker_leg';

  @Column({ type: 'varchar', length: 32, nullable: true })
  account!: string | null;

  @Column({ name: 'position_key', type: 'uuid', nullable: true })
  positionKey!: string | null;

  @Column({ name: 'con_id', type: 'integer', nullable: true })
  conId!: number | null;

  @Column({ type: 'numeric', precision: 14, scale: 4, transformer: numeric })
  quantity!: number;

  @Column({ name: 'avg_cost', type: 'numeric', precision: 14, scale: 6, nullable: true, transformer: numeric })
  avgCost!: number | null;

  @Column({ type: 'numeric', precision: 14, scale: 6, nullable: true, transformer: numeric })
  mark!: number | null;
}
