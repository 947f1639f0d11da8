import type { ComboOrderWire } from './order-gateway';
import type { OrderEntity } from '../persistence/entities/order.entity';

/** The BAG order for a stored order (legs must be qualified: every conId known). */
export function comboOrderWire(o: OrderEntity, transmit = true): ComboOrderWire {
  const legs = [...o.legs].sort((a, b) => a.legIndex - b.legIndex);
  const missing = legs.filter((l) => l.conId === null);
  if (missing.length > 0) throw new Error(`order ${o.id}: legs ${missing.map((l) => l.legIndex).join(', ')} are not qualified (no conId)`);
  return {
    orderId: o.ibOrderId,
    orderRef: o.orderRef,
    account: o.account,
    contract: {
      symbol: o.underlying,
      secType: 'BAG',
      currency: 'USD',
      exchange: 'SMART',
      comboLegs: legs.map((l) => ({ conId: l.conId as number, ratio: l.ratio, action: l.action, exchange: 'SMART' })),
    },
    action: o.action,
    totalQuantity: o.quantity,
    orderType: o.orderType,
    lmtPrice: o.orderType === 'LMT' ? o.limitPrice : null,
    auxPrice: o.orderType === 'STP' ? o.auxPrice : null,
    tif: o.tif,
    ocaGroup: o.ocaGroup,
    ocaType: o.ocaGroup ? 1 : null,
    transmit,
  };
}
