import { InitUsersPresets1763760000000 } from './1763760000000-init-users-presets';
import { ORDERS_MIGRATIONS } from '@ibsc/orders';
import { IbOrderIds1763900000000 } from './1763900000000-ib-order-ids';
import { TokenVersionsPresetOwners1765000000000 } from './1765000000000-token-versions-preset-owners';
import { SessionOwnership1765100000000 } from './1765100000000-session-ownership';
import { ApiKeys1765300000000 } from './1765300000000-api-keys';

/** Every migration, in order. Listed explicitly so the bundled API carries them (no globs). */
export const MIGRATIONS = [InitUsersPresets1763760000000, IbOrderIds1763900000000, ...ORDERS_MIGRATIONS, TokenVersionsPresetOwners1765000000000, SessionOwnership1765100000000, ApiKeys1765300000000];
