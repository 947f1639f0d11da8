/**
 * The message handlers of the order and account engine: thin translations from decoded requests to engine calls.
 */
import type { HandlerRegistry } from '../server/handler-registry';
import type { SimOrderEngine } from './order-engine';
import {
  decodeCancelOrder,
  decodePlaceOrder,
  decodeReqAccountSummary,
  decodeReqExecutions,
} from './order-requests';

/** Client → server message ids this module handles. */
export const OrderRequestIds = {
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_EXECUTIONS: 7,
  REQ_AUTO_OPEN_ORDERS: 15,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_GLOBAL_CANCEL: 58,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
} as const;

export function registerHandlers(registry: HandlerRegistry, engine: SimOrderEngine): void {
  const ids = OrderRequestIds;
  registry.register(ids.PLACE_ORDER, 'placeOrder', (s, r) => engine.placeOrder(s, decodePlaceOrder(r)));
  registry.register(ids.CANCEL_ORDER, 'cancelOrder', (s, r) => engine.cancelOrder(s, decodeCancelOrder(r).orderId));
  registry.register(ids.REQ_OPEN_ORDERS, 'reqOpenOrders', (s, r) => {
    r.rest();
    engine.sendOpenOrders(s, false);
  });
  registry.register(ids.REQ_ALL_OPEN_ORDERS, 'reqAllOpenOrders', (s, r) => {
    r.rest();
    engine.sendOpenOrders(s, true);
  });
  // reqAutoOpenOrders binds orders placed in TWS itself to client 0; the simulator has no TWS window, so no-op.
  registry.register(ids.REQ_AUTO_OPEN_ORDERS, 'reqAutoOpenOrders', (_s, r) => {
    r.rest();
  });
  registry.register(ids.REQ_EXECUTIONS, 'reqExecutions', (s, r) => {
    const { reqId, filter } = decodeReqExecutions(r);
    engine.sendExecutions(s, reqId, filter);
  });
  registry.register(ids.REQ_GLOBAL_CANCEL, 'reqGlobalCancel', (_s, r) => {
    r.rest();
    engine.globalCancel();
  });
  registry.register(ids.REQ_POSITIONS, 'reqPositions', (s, r) => {
    r.rest();
    engine.reporter.reqPositions(s);
  });
  registry.register(ids.CANCEL_POSITIONS, 'cancelPositions', (s, r) => {
    r.rest();
    engine.reporter.cancelPositions(s);
  });
  registry.register(ids.REQ_ACCOUNT_SUMMARY, 'reqAccountSummary', (s, r) => {
    const { reqId, tags } = decodeReqAccountSummary(r);
    engine.reporter.reqAccountSummary(s, reqId, tags);
  });
  registry.register(ids.CANCEL_ACCOUNT_SUMMARY, 'cancelAccountSummary', (s, r) => {
    r.skip(1);
    const reqId = r.int();
    r.rest();
    engine.reporter.cancelAccountSummary(s, reqId);
  });
}
