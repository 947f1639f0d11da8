import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The highest IB order id this system ever used, per account (OrderIdAuthority's store). */
@Entity({ name: 'ib_order_ids' })
export class OrderIdEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  scope!: string;

  @Column({ name: 'highest_used', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  highestUsed!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
