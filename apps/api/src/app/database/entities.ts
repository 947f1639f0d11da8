import { OrderIdEntity } from '../ibkr/order-id.entity';
import { PresetEntity } from '../presets/preset.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [UserEntity, PresetEntity, OrderIdEntity];
