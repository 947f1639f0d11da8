import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditAction =
  | 'order.created'
  | 'order.transmitted'
  | 'order.status'
  | 'order.fill'
  | 'order.modify_requested'
  | 'order.cancel_requested'
  | 'order.intent_sent'
  | 'order.intent_dropped'
  | 'order.event_ignored'
  | 'risk.decision'
  | 'kill_switch.tripped'
  | 'kill_switch.reset'
  | 'reconcile.resolved'
  | 'reconcile.duplicate'
  | 'reconcile.foreign'
  | 'reconcile.positions'
  | 'walk.resumed';

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE): who did what, when, why, before → after. */
@Entity({ name: 'order_audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** A user's name, 'system', 'ibkr' or 'reconciliation'. */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: AuditAction;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;
}
