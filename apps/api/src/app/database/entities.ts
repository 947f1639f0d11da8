import { ORDERS_ENTITIES } from '@ibsc/orders';
import { OrderIdEntity } from '../ibkr/order-id.entity';
import { PresetEntity } from '../presets/preset.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [UserEntity, PresetEntity, OrderIdEntity, ...ORDERS_ENTITIES];
