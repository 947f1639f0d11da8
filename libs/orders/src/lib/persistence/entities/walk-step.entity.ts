import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numeric } from '../numeric.transformer';

@Entity({ name: 'order_walk_steps' })
export class WalkStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ type: 'integer' })
  step!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: 'place' | 'reprice' | 'stop' | 'timeout' | 'filled';

  @Column({ type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: numeric })
  price!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: numeric })
  bid!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: numeric })
  ask!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 4, nullable: true, transformer: numeric })
  mid!: number | null;

  @Column({ name: 'filled_quantity', type: 'numeric', precision: 14, scale: 4, transformer: numeric })
  filledQuantity!: number;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
