/** Public API of libs/orders: spread execution core (issue 6). Test helpers: src/testing.ts. */
// Pricing and walking
export * from './lib/pricing/money';
export * from './lib/pricing/vertical';
export * from './lib/pricing/combo-quote';
export * from './lib/pricing/limit-price';
export * from './lib/pricing/walk-planner';
export * from './lib/pricing/walk-session';
// Gateway seams
export * from './lib/gateway/gateway-events';
export * from './lib/gateway/order-gateway';
export * from './lib/gateway/combo-order-wire';
export * from './lib/gateway/transmit-fence';
// Lifecycle
export * from './lib/lifecycle/order-status';
export * from './lib/lifecycle/order-lifecycle';
export * from './lib/lifecycle/exit-orders';
export * from './lib/lifecycle/order-events.service';
// Risk
export * from './lib/risk/orders-config';
export * from './lib/risk/risk-guard';
export * from './lib/risk/kill-switch.service';
// Submission (idempotency) and reconciliation
export * from './lib/submission/new-order';
export * from './lib/submission/order-submission.service';
export * from './lib/submission/order-placement.service';
export * from './lib/reconciliation/order-resolution';
export * from './lib/reconciliation/reconciliation.service';
// Positions, preview, reads
export * from './lib/positions/spread-pnl';
export * from './lib/preview/order-preview';
export * from './lib/queries/order-queries';
export * from './lib/queries/order-view.mapper';
export * from './lib/queries/position-queries';
export * from './lib/orders-error';
// Persistence
export * from './lib/persistence/entities';
export * from './lib/persistence/migrations';
export type { AuditAction } from './lib/persistence/entities/audit-log.entity';
export * from './lib/persistence/audit-chain';
// Wiring to the gateway (libs/ibkr) and the engine the API wraps
export * from './lib/ibkr/ib-time';
export * from './lib/ibkr/ib-order-gateway';
export * from './lib/ibkr/ib-leg-qualifier';
export * from './lib/ibkr/ib-order-ids';
export * from './lib/ibkr/ib-order-event-feed';
export * from './lib/ibkr/market-view';
export * from './lib/engine/order-request';
export * from './lib/engine/orders-metrics';
export * from './lib/engine/portfolio-reads';
export * from './lib/engine/walk-driver';
export * from './lib/engine/orders-engine';
