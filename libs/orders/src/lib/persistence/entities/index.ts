import { AuditLogEntity } from './audit-log.entity';
import { CommissionEntity } from './commission.entity';
import { ExecutionEntity } from './execution.entity';
import { KillSwitchEntity } from './kill-switch.entity';
import { OrderLegEntity } from './order-leg.entity';
import { OrderEntity } from './order.entity';
import { PositionSnapshotEntity } from './position-snapshot.entity';
import { WalkStepEntity } from './walk-step.entity';

export { AuditLogEntity, CommissionEntity, ExecutionEntity, KillSwitchEntity, OrderEntity, OrderLegEntity, PositionSnapshotEntity, WalkStepEntity };

/** Every entity of libs/orders, for the API's DataSource. */
export const ORDERS_ENTITIES = [
  OrderEntity,
  OrderLegEntity,
  ExecutionEntity,
  CommissionEntity,
  WalkStepEntity,
  PositionSnapshotEntity,
  AuditLogEntity,
  KillSwitchEntity,
];
