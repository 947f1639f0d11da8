import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { numeric } from '../numeric.transformer';
import { OrderEntity } from './order.entity';

@Entity({ name: 'order_legs' })
export class OrderLegEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => OrderEntity, (o) => o.legs, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  // Relation<>: no design-type metadata pointing at OrderEntity (a circular import under swc-node).
  order!: Relation<OrderEntity>;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ name: 'leg_index', type: 'smallint' })
  legIndex!: number;

  @Column({ name: 'con_id', type: 'integer', nullable: true })
  conId!: number | null;

  @Column({ type: 'varchar', length: 8 })
  expiry!: string;

  @Column({ type: 'numeric', precision: 12, scale: 4, transformer: numeric })
  strike!: number;

  @Column({ type: 'char', length: 1 })
  right!: 'C' | 'P';

  @Column({ type: 'varchar', length: 4 })
  action!: 'BUY' | 'SELL';

  @Column({ type: 'smallint' })
  ratio!: number;
}
