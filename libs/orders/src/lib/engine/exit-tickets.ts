/**
 * The take-profit and stop of a filled opening order as orders to submit: the vertical rebuilt from the stored legs,
 * and per exit (exit-orders.ts) the NewOrder with its idempotency key — one per parent and role, so an exit is never
 * placed twice, whoever asks again (a replayed fill, a reconciliation, an API restart).
 */
import { exitOrders, type ExitOrderSpec } from '../lifecycle/exit-orders';
import type { OrderEntity } from '../persistence/entities/order.entity';
import { classifyVertical, type VerticalLeg, type VerticalShape, type VerticalSpec } from '../pricing/vertical';
import type { NewOrder } from '../submission/new-order';

export interface ExitTicket {
  exit: ExitOrderSpec;
  idempotencyKey: string;
  /** What the idempotency hash covers. */
  body: { parentOrderId: string; exit: ExitOrderSpec };
  order: NewOrder;
}

/** The stored order's vertical, legs in leg order. */
export function storedVertical(o: OrderEntity): { spec: VerticalSpec; shape: VerticalShape } {
  const legs = [...o.legs].sort((a, b) => a.legIndex - b.legIndex);
  const spec: VerticalSpec = {
    underlying: o.underlying,
    multiplier: o.multiplier,
    legs: legs.map((l) => ({ conId: l.conId, expiry: l.expiry, strike: l.strike, right: l.right, action: l.action, ratio: l.ratio })) as unknown as readonly [VerticalLeg, VerticalLeg],
  };
  return { spec, shape: classifyVertical(spec) };
}

/** The exits of `o` (none without a take-profit or stop, or without a fill price). */
export function exitTickets(o: OrderEntity, spec: VerticalSpec, shape: VerticalShape): ExitTicket[] {
  if ((o.takeProfitPct === null && o.stopLossPct === null) || o.avgFillPrice === null) return [];
  return exitOrders(shape, o.avgFillPrice, o.filledQuantity, o.orderRef, o.takeProfitPct, o.stopLossPct).map((x) => ({
    exit: x,
    idempotencyKey: `exit-${o.id}-${x.role}`,
    body: { parentOrderId: o.id, exit: x },
    order: {
      intent: 'close',
      positionKey: o.positionKey ?? o.id,
      parentOrderId: o.id,
      exitRole: x.role,
      ocaGroup: x.ocaGroup,
      spec,
      shape,
      action: x.action,
      quantity: x.quantity,
      orderType: x.orderType,
      limitPrice: x.lmtPrice,
      auxPrice: x.auxPrice,
      priceMode: 'manual',
      tif: x.tif,
      walk: null,
      takeProfitPct: null,
      stopLossPct: null,
      midAtSubmit: null,
      account: o.account,
    },
  }));
}
