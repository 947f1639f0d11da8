/**
 * Limit prices for a BAG: at the mid, at the natural, or at the expected fill — the mid moved k × half-spread
 * toward the natural. Prices are rounded to the combo tick on the passive side (down for a BUY, up for a SELL), so
 * a limit never pays more than its formula; the natural is already on the tick.
 */
import { type ComboQuote, naturalOf, towardNatural } from './combo-quote';
import { COMBO_TICK, fix, roundToTick } from './money';
import type { OrderAction } from './vertical';

export const PRICE_MODES = ['mid', 'natural', 'expected', 'manual'] as const;
export type PriceMode = (typeof PRICE_MODES)[number];

/** Default k of the expected fill: halfway from mid to natural. */
export const DEFAULT_EXPECTED_FILL_K = 0.5;

export function passiveRound(price: number, action: OrderAction, tick: number = COMBO_TICK): number {
  return roundToTick(price, tick, action === 'BUY' ? 'down' : 'up');
}

export function midLimit(q: ComboQuote, action: OrderAction, tick: number = COMBO_TICK): number {
  return passiveRound(q.mid, action, tick);
}

export function naturalLimit(q: ComboQuote, action: OrderAction): number {
  return fix(naturalOf(q, action));
}

export function expectedFillPrice(q: ComboQuote, action: OrderAction, k: number = DEFAULT_EXPECTED_FILL_K): number {
  if (!(k >= 0 && k <= 1)) throw new RangeError(`k must be within [0, 1], got ${k}`);
  return fix(q.mid + towardNatural(action) * k * q.halfSpread);
}

export function expectedLimit(q: ComboQuote, action: OrderAction, k: number = DEFAULT_EXPECTED_FILL_K, tick: number = COMBO_TICK): number {
  return passiveRound(expectedFillPrice(q, action, k), action, tick);
}

/** The limit for a price mode; 'manual' returns the given limit unchanged (validated elsewhere). */
export function limitFor(
  mode: PriceMode,
  q: ComboQuote,
  action: OrderAction,
  options: { k?: number; manual?: number; tick?: number } = {},
): number {
  switch (mode) {
    case 'mid':
      return midLimit(q, action, options.tick);
    case 'natural':
      return naturalLimit(q, action);
    case 'expected':
      return expectedLimit(q, action, options.k, options.tick);
    case 'manual':
      if (options.manual === undefined || !Number.isFinite(options.manual)) throw new RangeError('a manual price mode needs a limit');
      return options.manual;
  }
}

/** Slippage of a fill against the mid at the time, in price units; positive = worse for the trader. */
export function slippageVsMid(fillPrice: number, mid: number, action: OrderAction): number {
  return fix(towardNatural(action) * (fillPrice - mid));
}
