import { OrdersSchema1763900000000 } from './1763900000000-orders-schema';

export { OrdersSchema1763900000000 };

/** The orders migrations, in order; the API lists them after its own. */
export const ORDERS_MIGRATIONS = [OrdersSchema1763900000000];
