/**
 * The simulated order engine's state per order (order-engine.ts): a new order's initial state, its key, the
 * statuses it ends in and its read-only snapshot.
 */
import type { TimerHandle } from '../clock';
import { orderWireContract, type WireContract } from './order-messages';
import type { Instrument, OrderAction, OrderSnapshot, OrderStatusName, PlaceOrderRequest } from './order-types';

export interface SimOrder {
  readonly key: string;
  readonly clientId: number;
  readonly orderId: number;
  readonly permId: number;
  req: PlaceOrderRequest;
  readonly action: OrderAction;
  readonly instrument: Instrument;
  readonly wire: WireContract;
  status: OrderStatusName;
  transmitted: boolean;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  lastFillPrice: number;
  /** Per leg: cumulative shares/contracts and average price, for execDetails cumQty/avgPrice and commissions. */
  legCum: number[];
  legAvg: number[];
  commissionCharged: number;
  expiresAt: number | undefined;
  /** No new fill before this instant (partial-fill pacing). */
  nextFillAt: number;
  /** Next mid-to-natural trial, while the limit sits there. */
  trialAt: number | undefined;
  wake: TimerHandle | undefined;
  /** A working STP not yet triggered: rests PreSubmitted, watched on every market change (stop-orders.ts). */
  stopArmed: boolean;
}

/** Statuses an order never leaves. */
export const TERMINAL: ReadonlySet<OrderStatusName> = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

/** A just-placed order of `clientId`, not yet transmitted (PendingSubmit), nothing filled. */
export function newSimOrder(
  clientId: number,
  permId: number,
  req: PlaceOrderRequest,
  action: OrderAction,
  instrument: Instrument,
): SimOrder {
  return {
    key: keyOf(clientId, req.orderId),
    clientId,
    orderId: req.orderId,
    permId,
    req,
    action,
    instrument,
    wire: orderWireContract(instrument, req),
    status: 'PendingSubmit',
    transmitted: false,
    filled: 0,
    remaining: req.totalQuantity,
    avgFillPrice: 0,
    lastFillPrice: 0,
    legCum: instrument.legs.map(() => 0),
    legAvg: instrument.legs.map(() => 0),
    commissionCharged: 0,
    expiresAt: undefined,
    nextFillAt: 0,
    trialAt: undefined,
    wake: undefined,
    stopArmed: false,
  };
}

export function keyOf(clientId: number, orderId: number): string {
  return `${clientId}:${orderId}`;
}

export function snapshotOf(o: SimOrder): OrderSnapshot {
  return {
    clientId: o.clientId,
    orderId: o.orderId,
    permId: o.permId,
    status: o.status,
    action: o.action,
    orderType: o.req.orderType,
    lmtPrice: o.req.lmtPrice,
    auxPrice: o.req.auxPrice,
    totalQuantity: o.req.totalQuantity,
    filled: o.filled,
    remaining: o.remaining,
    avgFillPrice: o.avgFillPrice,
    tif: o.req.tif,
    orderRef: o.req.orderRef,
    parentId: o.req.parentId,
    ocaGroup: o.req.ocaGroup,
    transmitted: o.transmitted,
    symbol: o.instrument.symbol,
    secType: o.wire.secType,
  };
}
