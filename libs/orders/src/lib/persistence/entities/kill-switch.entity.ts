import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one kill switch (row id 1, created by the migration). */
@Entity({ name: 'risk_kill_switch' })
export class KillSwitchEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ type: 'boolean' })
  tripped!: boolean;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'tripped_at', type: 'timestamptz', nullable: true })
  trippedAt!: Date | null;

  @Column({ name: 'tripped_by', type: 'varchar', length: 64, nullable: true })
  trippedBy!: string | null;

  @Column({ name: 'reset_at', type: 'timestamptz', nullable: true })
  resetAt!: Date | null;

  @Column({ name: 'reset_by', type: 'varchar', length: 64, nullable: true })
  resetBy!: string | null;
}
