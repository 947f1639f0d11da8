/**
 * Stop orders (STP), as IB Gateway works them: the order rests untriggered, shown as orderStatus PreSubmitted, until
 * the market touches its trigger (auxPrice); then it becomes a market order (Submitted) and fills at the natural
 * like any MKT order, with the same executions and commission reports.
 *
 *   BUY stop  triggers when the price it watches rises to ≥ auxPrice
 *   SELL stop triggers when the price it watches falls to ≤ auxPrice
 *
 * The watched price is the side the order would trade on: the ask for a BUY, the bid for a SELL. For a combo (BAG)
 * that is the combo's ask or bid computed from the legs (combo-pricing.ts, IB's sign convention). IB triggers combo
 * stops on the combo's last or bid/ask and single contracts by their trigger method (default: last for stocks,
 * double bid/ask for US options); the simulator uses one touch of the bid or ask for everything (docs/simulator.md,
 * known differences). Nothing triggers while a leg is halted or one-sided.
 */
import type { InstrumentQuote } from './combo-pricing';
import type { OrderAction, PlaceOrderRequest } from './order-types';

const EPS = 1e-9;

export function isStopOrder(req: Pick<PlaceOrderRequest, 'orderType'>): boolean {
  return req.orderType === 'STP';
}

/** The price a stop of this side watches: the ask for a BUY, the bid for a SELL. */
export function stopWatchedPrice(q: InstrumentQuote, action: OrderAction): number {
  return action === 'BUY' ? q.ask : q.bid;
}

/** Whether the market touches the stop's trigger now. */
export function stopTouched(q: InstrumentQuote, action: OrderAction, auxPrice: number | undefined): boolean {
  if (auxPrice === undefined || q.untradable) return false;
  const p = stopWatchedPrice(q, action);
  return action === 'BUY' ? p >= auxPrice - EPS : p <= auxPrice + EPS;
}
