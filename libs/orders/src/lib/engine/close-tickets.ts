/**
 * The closing order of an open spread position (a trader's "close", exitRole `manual`): the opposite of the opening
 * BAG — same legs and trading class, SELL where the opening bought — for the whole open quantity or part of it,
 * priced like a ticket (limit-price.ts: mid, natural, or a manual limit). Pure: the engine checks the position, the
 * working closes and the risk guard, then submits it (ADR 0021).
 *
 * A close of the whole position joins the position's exit OCA group (`oca-<opening orderRef>`, ocaType 1) while a
 * take-profit or stop works: whichever fills first cancels the others at the gateway, with block, so the position
 * is never closed twice. A partial close stays out of the group (ocaType 1 would cancel the exits of the rest);
 * the engine shrinks the exits to what is left open once it fills.
 */
import type { ClosePositionDto } from '@ibsc/shared-dto';
import { HttpStatus } from '@nestjs/common';
import { OrdersError, OrdersErrors } from '../orders-error';
import type { OrderEntity } from '../persistence/entities/order.entity';
import type { ComboQuote } from '../pricing/combo-quote';
import { limitFor } from '../pricing/limit-price';
import type { NewOrder } from '../submission/new-order';
import { storedVertical } from './exit-tickets';

export interface CloseInput {
  opening: OrderEntity;
  /** Spreads to close (already checked against the open quantity). */
  quantity: number;
  /** The open quantity now: a close of all of it joins the exit OCA group. */
  openQuantity: number;
  dto: ClosePositionDto;
  quote: ComboQuote | null;
  /** A take-profit or stop of the position is working. */
  exitsWorking: boolean;
}

/** The closing order, decided and priced (throws NO_QUOTE when a mid or natural cannot be priced). */
export function closeOrder(c: CloseInput): NewOrder {
  const o = c.opening;
  const { spec, shape } = storedVertical(o);
  const mode = c.dto.priceMode ?? 'mid';
  let limit: number;
  if (mode === 'manual') {
    if (c.dto.limit === undefined) throw new OrdersError(HttpStatus.BAD_REQUEST, 'LIMIT_REQUIRED', 'priceMode manual needs a limit', [{ field: 'limit', problems: ['required with priceMode manual'] }]);
    limit = c.dto.limit;
  } else {
    if (!c.quote) throw OrdersErrors.positionNoQuote(o.id);
    limit = limitFor(mode, c.quote, 'SELL');
  }
  const whole = c.quantity === c.openQuantity;
  return {
    intent: 'close',
    positionKey: o.positionKey ?? o.id,
    parentOrderId: o.id,
    exitRole: 'manual',
    ocaGroup: whole && c.exitsWorking ? `oca-${o.orderRef}` : null,
    // The opening legs' conIds: the same contracts, so the same trading class (SPX AM or SPXW).
    spec,
    shape,
    action: 'SELL',
    quantity: c.quantity,
    orderType: 'LMT',
    limitPrice: limit,
    auxPrice: null,
    priceMode: mode,
    tif: c.dto.tif ?? 'DAY',
    walk: null,
    takeProfitPct: null,
    stopLossPct: null,
    midAtSubmit: c.quote?.mid ?? null,
    account: o.account,
  };
}
