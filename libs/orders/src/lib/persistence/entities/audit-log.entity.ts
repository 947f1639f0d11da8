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
  | 'walk.resumed'
  | 'position.close_requested';

/**
 * Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE; the app role may only INSERT and SELECT) and chained by
 * hash (ADR 0013): who did what, when, why, before → after.
 */
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

  /** The previous row's hash (64 zeros for the first row); set by the database, never by the app. */
  @Column({ name: 'prev_hash', type: 'char', length: 64, insert: false, update: false })
  prevHash!: string;

  /** sha256(prev_hash | canonical content), hex; set by the database's BEFORE INSERT trigger. */
  @Column({ type: 'char', length: 64, insert: false, update: false })
  hash!: string;
}
