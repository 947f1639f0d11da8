import { vertical } from '../../testing/fixtures';
import type { OrderEntity } from '../persistence/entities/order.entity';
import { classifyVertical } from '../pricing/vertical';
import { exitTickets, storedVertical } from './exit-tickets';

/** A filled opening bull call as stored: legs in reverse index order, as a query may return them. */
function filledOrder(over: Partial<OrderEntity> = {}): OrderEntity {
  const spec = vertical('bull-call');
  const legs = spec.legs.map((l, i) => ({ legIndex: i, conId: l.conId, expiry: l.expiry, strike: l.strike, right: l.right, action: l.action, ratio: l.ratio }));
  return {
    id: 'order-1',
    orderRef: 'ibsc-1',
    positionKey: 'order-1',
    account: 'DU1234567',
    underlying: 'SPY',
    multiplier: 100,
    legs: legs.reverse(),
    avgFillPrice: 3.05,
    filledQuantity: 2,
    takeProfitPct: 50,
    stopLossPct: 50,
    ...over,
  } as unknown as OrderEntity;
}

describe('exit tickets of a filled opening order', () => {
  it('rebuild the vertical from the stored legs in leg order', () => {
    const { spec, shape } = storedVertical(filledOrder());
    expect(spec.legs.map((l) => l.action)).toEqual(['BUY', 'SELL']);
    expect(shape).toEqual(classifyVertical(vertical('bull-call')));
  });

  it('one OCA pair for the filled quantity, keyed per parent and role, closing the same position', () => {
    const o = filledOrder();
    const { spec, shape } = storedVertical(o);
    const tickets = exitTickets(o, spec, shape);
    expect(tickets.map((t) => t.idempotencyKey)).toEqual(['exit-order-1-take_profit', 'exit-order-1-stop_loss']);
    expect(tickets.map((t) => [t.order.orderType, t.order.limitPrice, t.order.auxPrice])).toEqual([
      ['LMT', 4.03, null],
      ['STP', null, 1.53],
    ]);
    for (const t of tickets) {
      expect(t.order).toMatchObject({ intent: 'close', positionKey: 'order-1', parentOrderId: 'order-1', action: 'SELL', quantity: 2, tif: 'GTC', ocaGroup: 'oca-ibsc-1', walk: null });
      expect(t.body).toEqual({ parentOrderId: 'order-1', exit: t.exit });
    }
  });

  it('nothing without a take-profit or stop, or without a fill price; only what was asked', () => {
    const none = filledOrder({ takeProfitPct: null, stopLossPct: null });
    expect(exitTickets(none, storedVertical(none).spec, storedVertical(none).shape)).toEqual([]);
    const unfilled = filledOrder({ avgFillPrice: null });
    expect(exitTickets(unfilled, storedVertical(unfilled).spec, storedVertical(unfilled).shape)).toEqual([]);
    const tpOnly = filledOrder({ stopLossPct: null });
    expect(exitTickets(tpOnly, storedVertical(tpOnly).spec, storedVertical(tpOnly).shape).map((t) => t.exit.role)).toEqual(['take_profit']);
  });
});
