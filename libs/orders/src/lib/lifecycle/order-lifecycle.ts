/**
 * Applies one gateway event to an order's state; pure. Rules:
 * - A status never moves backwards: a late Submitted after Filled is ignored; terminal states stay.
 * - unknown yields to whatever the gateway reports.
 * - Fills are facts: an execution is counted once (by execId) whatever the status, and a combo whose BAG
 *   executions reach the order quantity is filled even if a Cancelled arrived first.
 * - The filled quantity only grows: max(orderStatus.filled, Σ BAG executions).
 */
import type { GatewayExecution, OrderEvent } from '../gateway/gateway-events';
import { fromIbStatus, isTerminal, type OrderStatus, rankOf } from './order-status';

export interface LifecycleState {
  status: OrderStatus;
  quantity: number;
  filledQuantity: number;
  avgFillPrice: number | null;
  lastFillPrice: number | null;
  permId: number | null;
  cancelRequested: boolean;
  reason: string | null;
  /** execIds already applied (a handful per combo order). */
  execIds: readonly string[];
}

export type LifecycleInput =
  | OrderEvent
  | { kind: 'transmitted' }
  | { kind: 'cancelRequested' }
  | { kind: 'connectionLost' }
  | { kind: 'resolved'; status: OrderStatus; reason: string }
  /** Reconciliation found several live broker orders for this one: unknown until a human looks. */
  | { kind: 'duplicateSuspected'; reason: string };

export interface LifecycleResult {
  state: LifecycleState;
  statusChanged: boolean;
  /** A new combo-level fill (quantity and price of this execution), when the event added one. */
  fill: { execId: string; quantity: number; price: number } | null;
  /** A new leg execution (to be stored), when the event added one. */
  legExecution: GatewayExecution | null;
  /** Why an event changed nothing (duplicate, out of order…), for the audit log. */
  ignored: string | null;
}

const ERROR_REJECT = new Set([201, 103, 110, 200, 203, 321, 382, 383, 404]);
const ERROR_CANCEL = new Set([202, 10148, 10147]);

function withStatus(s: LifecycleState, status: OrderStatus, reason: string | null): LifecycleState {
  return { ...s, status, reason: reason ?? s.reason };
}

/** Would moving from `from` to `to` be progress? */
function advances(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return false;
  if (from === 'unknown') return true;
  if (to === 'unknown') return !isTerminal(from) && rankOf(from) <= rankOf('pending_submit');
  return rankOf(to) > rankOf(from);
}

function result(prev: LifecycleState, state: LifecycleState, extra: Partial<LifecycleResult> = {}): LifecycleResult {
  return { state, statusChanged: prev.status !== state.status, fill: null, legExecution: null, ignored: null, ...extra };
}

function ignore(s: LifecycleState, why: string): LifecycleResult {
  return { state: s, statusChanged: false, fill: null, legExecution: null, ignored: why };
}

/** Promotes the status from the filled quantity, facts first. */
function settleFills(s: LifecycleState): LifecycleState {
  if (s.filledQuantity >= s.quantity && s.quantity > 0 && s.status !== 'filled') return { ...s, status: 'filled' };
  if (s.filledQuantity > 0 && advances(s.status, 'partially_filled') && !isTerminal(s.status)) return { ...s, status: 'partially_filled' };
  return s;
}

export function applyLifecycle(s: LifecycleState, e: LifecycleInput): LifecycleResult {
  switch (e.kind) {
    case 'transmitted':
      return s.status === 'created' ? result(s, withStatus(s, 'pending_submit', null)) : ignore(s, `transmitted while ${s.status}`);
    case 'cancelRequested':
      if (isTerminal(s.status)) return ignore(s, `cancel requested while ${s.status}`);
      return result(s, { ...s, cancelRequested: true });
    case 'connectionLost':
      return advances(s.status, 'unknown') && s.status !== 'unknown'
        ? result(s, withStatus(s, 'unknown', 'connection lost before the gateway acknowledged the order'))
        : ignore(s, `connection lost while ${s.status}: the order is reconciled on reconnect`);
    case 'duplicateSuspected':
      return isTerminal(s.status) || s.status === 'unknown' ? ignore(s, `duplicate suspected while ${s.status}`) : result(s, withStatus(s, 'unknown', e.reason));
    case 'resolved': {
      if (s.status !== 'unknown' && !advances(s.status, e.status)) return ignore(s, `resolution ${e.status} while ${s.status}`);
      return result(s, settleFills(withStatus(s, e.status, e.reason)));
    }
    case 'openOrder': {
      const o = e.order;
      const base: LifecycleState = { ...s, permId: s.permId ?? (o.permId || null) };
      if (o.status === 'PendingCancel') return result(s, { ...base, cancelRequested: true });
      const to = fromIbStatus(o.status, o.filled ?? s.filledQuantity, o.remaining ?? null);
      if (!to) return base.permId !== s.permId ? result(s, base) : ignore(s, `open order status ${o.status} maps to no change`);
      if (!advances(s.status, to)) return base.permId !== s.permId ? result(s, base) : ignore(s, `open order ${o.status} while ${s.status}`);
      return result(s, settleFills(withStatus(base, to, null)));
    }
    case 'orderStatus': {
      let next: LifecycleState = { ...s, permId: s.permId ?? (e.permId || null) };
      if (e.filled > next.filledQuantity) {
        next = { ...next, filledQuantity: e.filled, avgFillPrice: e.avgFillPrice ?? next.avgFillPrice, lastFillPrice: e.lastFillPrice ?? next.lastFillPrice };
      }
      if (e.status === 'PendingCancel') return result(s, settleFills({ ...next, cancelRequested: true }));
      const to = fromIbStatus(e.status, next.filledQuantity, e.remaining);
      if (to && advances(next.status, to)) next = withStatus(next, to, e.whyHeld || null);
      next = settleFills(next);
      if (next.status === s.status && next.filledQuantity === s.filledQuantity && next.permId === s.permId) {
        return ignore(s, `status ${e.status} (filled ${e.filled}) while ${s.status} changes nothing`);
      }
      return result(s, next);
    }
    case 'execution': {
      const x = e.execution;
      if (s.execIds.includes(x.execId)) return ignore(s, `execution ${x.execId} already recorded`);
      const base: LifecycleState = { ...s, execIds: [...s.execIds, x.execId], permId: s.permId ?? (x.permId || null) };
      if (x.secType !== 'BAG') return result(s, base, { legExecution: x });
      // execDetails' cumQty is the order's cumulative quantity, so an orderStatus that already counted this fill
      // is not counted twice; without it, add the shares.
      const cumulative = x.cumQty > 0 ? x.cumQty : base.filledQuantity + x.shares;
      const newFilled = Math.min(Math.max(base.filledQuantity, cumulative), base.quantity);
      const avg =
        x.cumQty > 0 && Number.isFinite(x.avgPrice)
          ? x.avgPrice
          : base.avgFillPrice === null
            ? x.price
            : (base.avgFillPrice * base.filledQuantity + x.price * x.shares) / (base.filledQuantity + x.shares);
      const next = settleFills({ ...base, filledQuantity: newFilled, avgFillPrice: avg, lastFillPrice: x.price });
      return result(s, next, { fill: { execId: x.execId, quantity: x.shares, price: x.price } });
    }
    case 'commission':
      return ignore(s, 'commissions do not change the order state');
    case 'error': {
      if (ERROR_REJECT.has(e.code)) {
        if (isTerminal(s.status)) return ignore(s, `error ${e.code} while ${s.status}`);
        return result(s, settleFills(withStatus(s, s.filledQuantity > 0 ? 'cancelled' : 'rejected', `${e.code}: ${e.message}`)));
      }
      if (ERROR_CANCEL.has(e.code)) {
        if (isTerminal(s.status)) return ignore(s, `error ${e.code} while ${s.status}`);
        return result(s, withStatus(s, 'cancelled', `${e.code}: ${e.message}`));
      }
      return ignore(s, `gateway message ${e.code}: ${e.message}`);
    }
  }
}

export function initialLifecycle(quantity: number): LifecycleState {
  return {
    status: 'created',
    quantity,
    filledQuantity: 0,
    avgFillPrice: null,
    lastFillPrice: null,
    permId: null,
    cancelRequested: false,
    reason: null,
    execIds: [],
  };
}
