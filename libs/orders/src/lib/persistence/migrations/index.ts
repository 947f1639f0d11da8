import { OrdersSchema1763900000000 } from './1763900000000-orders-schema';
import { PendingIntents1764900000000 } from './1764900000000-pending-intents';

export { OrdersSchema1763900000000, PendingIntents1764900000000 };

/** The orders migrations, in order; the API lists them after its own. */
export const ORDERS_MIGRATIONS = [OrdersSchema1763900000000, PendingIntents1764900000000];
