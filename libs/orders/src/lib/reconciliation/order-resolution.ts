/**
 * Resolving orders after a (re)connect, keyed by orderRef (never by orderId alone: ids repeat across sessions and
 * gateways). Pure: the snapshot comes from a ReconciliationSource read once per reconnect.
 *
 * For each non-terminal order of ours (including `unknown`):
 *  1. Open orders with its orderRef: none, one, or several. Several distinct permIds → `duplicate` (two live
 *     broker orders for one of ours): stays unknown, flagged, nothing is modified, sent or cancelled automatically.
 *  2. Executions with its orderRef (or its permId): the ones not yet recorded are applied (each execId once).
 *  3. One open order → `working` with the gateway's status.
 *     No open order, BAG executions covering the quantity → `filled`.
 *     No open order, some fills → `cancelled` (worked, partly filled, gone).
 *     No open order, no fills, handed to the gateway less than `graceMs` ago → `pending` (ask again later).
 *     Otherwise → `absent`: it is not working and never filled (never arrived, or cancelled while we were away);
 *     it becomes `inactive`. It is never re-sent automatically: the trader places a new order with a new key.
 */
import type { GatewayExecution, GatewayOpenOrder } from '../gateway/gateway-events';
import type { OrderStatus } from '../lifecycle/order-status';
import { fromIbStatus } from '../lifecycle/order-status';

export interface TrackedOrder {
  id: string;
  orderRef: string;
  permId: number | null;
  status: OrderStatus;
  quantity: number;
  filledQuantity: number;
  /** When it was handed to the gateway; null when it never was (status created, or unknown before transmit). */
  transmittedAt: Date | null;
  createdAt: Date;
  knownExecIds: readonly string[];
}

export interface ReconciliationSnapshot {
  openOrders: readonly GatewayOpenOrder[];
  executions: readonly GatewayExecution[];
  takenAt: Date;
}

export type Resolution =
  | { kind: 'working'; status: OrderStatus; openOrder: GatewayOpenOrder; newExecutions: GatewayExecution[] }
  | { kind: 'done'; status: 'filled' | 'cancelled'; newExecutions: GatewayExecution[]; reason: string }
  | { kind: 'absent'; status: 'inactive'; reason: string }
  | { kind: 'pending'; reason: string; newExecutions: GatewayExecution[] }
  | { kind: 'duplicate'; permIds: number[]; reason: string; newExecutions: GatewayExecution[] };

export const DEFAULT_ABSENT_GRACE_MS = 10_000;

export function resolveOrder(order: TrackedOrder, snap: ReconciliationSnapshot, graceMs: number = DEFAULT_ABSENT_GRACE_MS): Resolution {
  const mine = (x: { orderRef: string; permId: number }) => x.orderRef === order.orderRef || (order.permId !== null && x.permId === order.permId);
  const open = snap.openOrders.filter(mine);
  const execs = snap.executions.filter(mine);
  const known = new Set(order.knownExecIds);
  const newExecutions = dedupe(execs.filter((x) => !known.has(x.execId)));
  const permIds = [...new Set(open.map((o) => o.permId))];
  if (permIds.length > 1) {
    return { kind: 'duplicate', permIds, newExecutions, reason: `orderRef ${order.orderRef} has ${permIds.length} live broker orders (permIds ${permIds.join(', ')})` };
  }
  const bagFilled = execs.filter((x) => x.secType === 'BAG').reduce((max, x) => Math.max(max, x.cumQty), 0);
  const bagShares = dedupe(execs.filter((x) => x.secType === 'BAG')).reduce((sum, x) => sum + x.shares, 0);
  const filled = Math.max(order.filledQuantity, bagFilled, bagShares);
  if (open.length > 0) {
    const o = open[0];
    const status = fromIbStatus(o.status, o.filled ?? filled, o.remaining ?? null) ?? 'submitted';
    return { kind: 'working', status: status === 'submitted' && filled > 0 ? 'partially_filled' : status, openOrder: o, newExecutions };
  }
  if (filled >= order.quantity) {
    return { kind: 'done', status: 'filled', newExecutions, reason: `filled ${filled} of ${order.quantity} (found by reconciliation)` };
  }
  if (filled > 0) {
    return { kind: 'done', status: 'cancelled', newExecutions, reason: `filled ${filled} of ${order.quantity}, no longer working at the gateway` };
  }
  const sent = order.transmittedAt ?? order.createdAt;
  if (snap.takenAt.getTime() - sent.getTime() < graceMs) {
    return { kind: 'pending', newExecutions, reason: `not seen at the gateway yet; sent ${snap.takenAt.getTime() - sent.getTime()} ms ago` };
  }
  return {
    kind: 'absent',
    status: 'inactive',
    reason: `orderRef ${order.orderRef} is neither working nor filled at the gateway; not re-sent (place a new order)`,
  };
}

function dedupe(xs: readonly GatewayExecution[]): GatewayExecution[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.execId) ? false : (seen.add(x.execId), true)));
}

/** Gateway facts that belong to none of our orders (orders placed in TWS by hand, other clients): logged. */
export function foreignActivity(ourRefs: ReadonlySet<string>, snap: ReconciliationSnapshot): { openOrders: GatewayOpenOrder[]; executions: GatewayExecution[] } {
  return {
    openOrders: snap.openOrders.filter((o) => !ourRefs.has(o.orderRef)),
    executions: snap.executions.filter((x) => !ourRefs.has(x.orderRef)),
  };
}
