/**
 * A BAG's quote from its legs' quotes, with IB's sign convention (see vertical.ts): the combo ask — what BUYing
 * the BAG pays at the natural — is Σ BUY legs' asks − Σ SELL legs' bids; the combo bid the other way round.
 */
import { fix } from './money';
import type { OrderAction, VerticalLeg } from './vertical';

export interface LegQuote {
  bid: number;
  ask: number;
}

export interface ComboQuote {
  bid: number;
  ask: number;
  mid: number;
  /** (ask − bid) / 2, never negative. */
  halfSpread: number;
}

/** null when a leg has no two-sided market (missing, ask ≤ 0, bid < 0, or bid > ask). */
export function comboQuote(legs: readonly Pick<VerticalLeg, 'action' | 'ratio'>[], quotes: readonly (LegQuote | null | undefined)[]): ComboQuote | null {
  let bid = 0;
  let ask = 0;
  for (let i = 0; i < legs.length; i++) {
    const q = quotes[i];
    if (!q || !Number.isFinite(q.bid) || !Number.isFinite(q.ask) || !(q.ask > 0) || q.bid < 0 || q.bid > q.ask) return null;
    const { action, ratio } = legs[i];
    if (action === 'BUY') {
      bid += ratio * q.bid;
      ask += ratio * q.ask;
    } else {
      bid -= ratio * q.ask;
      ask -= ratio * q.bid;
    }
  }
  bid = fix(bid);
  ask = fix(ask);
  return { bid, ask, mid: fix((bid + ask) / 2), halfSpread: fix(Math.max(0, (ask - bid) / 2)) };
}

/** The price that trades at once: the ask for a BUY, the bid for a SELL. */
export function naturalOf(q: ComboQuote, action: OrderAction): number {
  return action === 'BUY' ? q.ask : q.bid;
}

/** +1 when moving toward the natural raises the price (BUY), −1 when it lowers it (SELL). */
export function towardNatural(action: OrderAction): 1 | -1 {
  return action === 'BUY' ? 1 : -1;
}
