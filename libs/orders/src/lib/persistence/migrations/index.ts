import { OrdersSchema1763900000000 } from './1763900000000-orders-schema';
import { PendingIntents1764900000000 } from './1764900000000-pending-intents';
import { AuditChain1765200000000 } from './1765200000000-audit-chain';

export { OrdersSchema1763900000000, PendingIntents1764900000000, AuditChain1765200000000 };

/** The orders migrations, in order; the API lists them after its own. */
export const ORDERS_MIGRATIONS = [OrdersSchema1763900000000, PendingIntents1764900000000, AuditChain1765200000000];
