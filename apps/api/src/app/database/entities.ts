import { ORDERS_ENTITIES } from '@ibsc/orders';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { OrderIdEntity } from '../ibkr/order-id.entity';
import { PresetEntity } from '../presets/preset.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [UserEntity, PresetEntity, OrderIdEntity, ApiKeyEntity, ...ORDERS_ENTITIES];
