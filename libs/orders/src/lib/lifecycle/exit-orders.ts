/**
 * Take-profit and protective stop for a filled opening order, as one OCA pair (ocaType 1: when one fills the other
 * is cancelled with block). Both SELL the same BAG; prices are signed like the entry (vertical.ts).
 *
 *   take-profit limit = entry + tp% × (payoffMax − entry)      (keeps tp% of the max profit)
 *   stop trigger      = entry − sl% × (entry − payoffMin)      (gives up sl% of the max loss)
 *
 * Computed here; transmitted by the order engine once the entry fills (quantity = the filled quantity).
 */
import { COMBO_TICK, roundToTick } from '../pricing/money';
import type { VerticalShape } from '../pricing/vertical';

export interface ExitOrderSpec {
  role: 'take_profit' | 'stop_loss';
  action: 'SELL';
  orderType: 'LMT' | 'STP';
  quantity: number;
  lmtPrice: number | null;
  auxPrice: number | null;
  ocaGroup: string;
  ocaType: 1;
  tif: 'GTC';
}

export function exitOrders(
  shape: VerticalShape,
  entryPrice: number,
  filledQuantity: number,
  orderRef: string,
  takeProfitPct: number | null,
  stopLossPct: number | null,
  tick: number = COMBO_TICK,
): ExitOrderSpec[] {
  if (!(filledQuantity > 0)) return [];
  const ocaGroup = `oca-${orderRef}`;
  const out: ExitOrderSpec[] = [];
  if (takeProfitPct !== null) {
    if (!(takeProfitPct > 0 && takeProfitPct < 100)) throw new RangeError('takeProfitPct must be within (0, 100)');
    // Selling: round up, so the take-profit never keeps less than asked.
    const price = roundToTick(entryPrice + (takeProfitPct / 100) * (shape.payoffMax - entryPrice), tick, 'up');
    out.push({ role: 'take_profit', action: 'SELL', orderType: 'LMT', quantity: filledQuantity, lmtPrice: price, auxPrice: null, ocaGroup, ocaType: 1, tif: 'GTC' });
  }
  if (stopLossPct !== null) {
    if (!(stopLossPct > 0 && stopLossPct <= 100)) throw new RangeError('stopLossPct must be within (0, 100]');
    // Round up: the stop triggers no later than the loss asked.
    const trigger = roundToTick(entryPrice - (stopLossPct / 100) * (entryPrice - shape.payoffMin), tick, 'up');
    out.push({ role: 'stop_loss', action: 'SELL', orderType: 'STP', quantity: filledQuantity, lmtPrice: null, auxPrice: trigger, ocaGroup, ocaType: 1, tif: 'GTC' });
  }
  return out;
}
