/** Test helpers of libs/orders (a `/testing` entry: never imported by production code). */
export * from './testing/in-memory-order-gateway';
export * from './testing/test-database';
export * from './testing/marketable-ticket';
export * from './testing/reconciled-after-reconnect';
