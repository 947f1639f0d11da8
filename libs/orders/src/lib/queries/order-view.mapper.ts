import type { OrderView, WalkStepView } from '@ibsc/shared-dto';
import { slippageVsMid } from '../pricing/limit-price';
import type { OrderEntity } from '../persistence/entities/order.entity';
import type { WalkStepEntity } from '../persistence/entities/walk-step.entity';

export function toWalkStepView(s: WalkStepEntity): WalkStepView {
  return {
    step: s.step,
    kind: s.kind,
    price: s.price,
    bid: s.bid,
    ask: s.ask,
    mid: s.mid,
    filledQuantity: s.filledQuantity,
    note: s.note,
    at: s.at.toISOString(),
  };
}

/** Entities never reach the browser: this is the one mapping to the REST/Socket.IO view. */
export function toOrderView(o: OrderEntity, walkSteps: readonly WalkStepEntity[], commission: number | null): OrderView {
  return {
    id: o.id,
    orderRef: o.orderRef,
    ibOrderId: o.ibOrderId,
    permId: o.permId,
    account: o.account,
    status: o.status,
    statusReason: o.statusReason,
    cancelRequested: o.cancelRequested,
    cancelPending: o.cancelPending,
    modifyPending: o.modifyPending,
    intent: o.intent,
    positionKey: o.positionKey,
    parentOrderId: o.parentOrderId,
    exitRole: o.exitRole,
    spreadType: o.spreadType,
    underlying: o.underlying,
    expiry: o.expiry,
    width: o.width,
    action: o.action,
    quantity: o.quantity,
    filledQuantity: o.filledQuantity,
    orderType: o.orderType,
    limitPrice: o.limitPrice,
    auxPrice: o.auxPrice,
    priceMode: o.priceMode,
    tif: o.tif,
    walk: o.walk,
    takeProfitPct: o.takeProfitPct,
    stopLossPct: o.stopLossPct,
    avgFillPrice: o.avgFillPrice,
    midAtSubmit: o.midAtSubmit,
    slippageVsMid: o.avgFillPrice !== null && o.midAtSubmit !== null ? slippageVsMid(o.avgFillPrice, o.midAtSubmit, o.action) : null,
    commission,
    legs: [...(o.legs ?? [])]
      .sort((a, b) => a.legIndex - b.legIndex)
      .map((l) => ({ conId: l.conId, expiry: l.expiry, strike: l.strike, right: l.right, action: l.action, ratio: l.ratio })),
    walkLog: [...walkSteps].sort((a, b) => a.step - b.step).map(toWalkStepView),
    createdBy: o.createdBy,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    transmittedAt: o.transmittedAt?.toISOString() ?? null,
    completedAt: o.completedAt?.toISOString() ?? null,
  };
}
