import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { PriceMode } from '../../pricing/limit-price';
import type { VerticalType } from '../../pricing/vertical';
import type { WalkSettings } from '../../pricing/walk-planner';
import { numeric } from '../numeric.transformer';
import { OrderLegEntity } from './order-leg.entity';

/** One order we sent (or will send) to IB. Never leaves the API: map to OrderView. */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The client's Idempotency-Key; unique. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 128 })
  idempotencyKey!: string;

  /** sha256 of the canonical request body: same key + different body → 409. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  /** Sent to IB as orderRef; how we find the order after any restart. Unique. */
  @Column({ name: 'order_ref', type: 'varchar', length: 64 })
  orderRef!: string;

  @Column({ name: 'ib_client_id', type: 'integer' })
  ibClientId!: number;

  /** Reserved before the row is committed; unique per client id, never reused. */
  @Column({ name: 'ib_order_id', type: 'integer' })
  ibOrderId!: number;

  @Column({ name: 'perm_id', type: 'bigint', nullable: true, transformer: numeric })
  permId!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  account!: string | null;

  @Column({ type: 'varchar', length: 24 })
  status!: OrderStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested!: boolean;

  /** A cancel committed but not yet transmitted (the gateway was away): sent first after reconnect (ADR 0011). */
  @Column({ name: 'cancel_pending', type: 'boolean', default: false })
  cancelPending!: boolean;

  /** A modify (limit/quantity as stored) committed but not yet transmitted: sent after reconnect. */
  @Column({ name: 'modify_pending', type: 'boolean', default: false })
  modifyPending!: boolean;

  /** open: starts a spread; close: take-profit, stop or manual close of the spread in position_key. */
  @Column({ type: 'varchar', length: 8 })
  intent!: 'open' | 'close';

  /** The opening order's id: groups every fill of one spread position. */
  @Column({ name: 'position_key', type: 'uuid', nullable: true })
  positionKey!: string | null;

  @Column({ name: 'parent_order_id', type: 'uuid', nullable: true })
  parentOrderId!: string | null;

  @Column({ name: 'exit_role', type: 'varchar', length: 16, nullable: true })
  exitRole!: 'take_profit' | 'stop_loss' | 'manual' | null;

  @Column({ name: 'oca_group', type: 'varchar', length: 80, nullable: true })
  ocaGroup!: string | null;

  @Column({ name: 'spread_type', type: 'varchar', length: 16 })
  spreadType!: VerticalType;

  @Column({ type: 'varchar', length: 16 })
  underlying!: string;

  @Column({ type: 'varchar', length: 8 })
  expiry!: string;

  @Column({ type: 'numeric', precision: 12, scale: 4, transformer: numeric })
  width!: number;

  @Column({ type: 'integer', default: 100 })
  multiplier!: number;

  @Column({ type: 'varchar', length: 4 })
  action!: 'BUY' | 'SELL';

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'order_type', type: 'varchar', length: 4 })
  orderType!: 'LMT' | 'MKT' | 'STP';

  @Column({ name: 'limit_price', type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: numeric })
  limitPrice!: number | null;

  @Column({ name: 'aux_price', type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: numeric })
  auxPrice!: number | null;

  @Column({ name: 'price_mode', type: 'varchar', length: 10 })
  priceMode!: PriceMode | 'market';

  @Column({ type: 'varchar', length: 3 })
  tif!: 'DAY' | 'GTC';

  @Column({ type: 'jsonb', nullable: true })
  walk!: WalkSettings | null;

  @Column({ name: 'take_profit_pct', type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric })
  takeProfitPct!: number | null;

  @Column({ name: 'stop_loss_pct', type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric })
  stopLossPct!: number | null;

  @Column({ name: 'filled_quantity', type: 'numeric', precision: 14, scale: 4, default: 0, transformer: numeric })
  filledQuantity!: number;

  @Column({ name: 'avg_fill_price', type: 'numeric', precision: 14, scale: 6, nullable: true, transformer: numeric })
  avgFillPrice!: number | null;

  @Column({ name: 'last_fill_price', type: 'numeric', precision: 14, scale: 6, nullable: true, transformer: numeric })
  lastFillPrice!: number | null;

  /** Combo mid when the order was created (slippage is measured against it). */
  @Column({ name: 'mid_at_submit', type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: numeric })
  midAtSubmit!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'transmitted_at', type: 'timestamptz', nullable: true })
  transmittedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'last_event_at', type: 'timestamptz', nullable: true })
  lastEventAt!: Date | null;

  @OneToMany(() => OrderLegEntity, (l) => l.order, { cascade: ['insert'] })
  legs!: OrderLegEntity[];
}
