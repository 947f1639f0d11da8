/**
 * The simulator's order, execution, position and account engine. The protocol server calls
 * `registerOrderHandlers(registry, ctx)` once; the returned engine serves the fault controller and tests.
 */
import type { HandlerRegistry } from '../server/handler-registry';
import { SimOrderEngine } from './order-engine';
import { registerHandlers } from './order-handlers';
import type { OrderEngine, OrderEngineContext } from './order-types';

export function registerOrderHandlers(registry: HandlerRegistry, ctx: OrderEngineContext): OrderEngine {
  const engine = new SimOrderEngine(ctx);
  registerHandlers(registry, engine);
  return engine;
}

export { OrderRequestIds } from './order-handlers';
export {
  DEFAULT_ORDER_ENGINE_CONFIG,
  type AccountConfig,
  type CommissionConfig,
  type ExecutionRecord,
  type FillModelConfig,
  type OrderEngine,
  type OrderEngineConfig,
  type OrderEngineConfigInput,
  type OrderEngineContext,
  type OrderSnapshot,
  type OrderStatusName,
} from './order-types';
