/**
 * The walk: a limit that starts at the mid and steps toward the natural, re-anchored to the live mid each step:
 *
 *   offset(n) = min(n × max(stepFraction × halfSpread_live, tick), halfSpread_live)
 *   price(n)  = passiveRound(mid_live ± offset(n))            (+ for a BUY, − for a SELL)
 *
 * It stops (the order keeps resting at its last price until the timeout) when offset(n) would exceed maxSlippage,
 * or when the expected value at price(n) is below evFloor. Pure: the session (walk-session.ts) owns time.
 */
import { type ComboQuote, towardNatural } from './combo-quote';
import { COMBO_TICK, fix } from './money';
import { passiveRound } from './limit-price';
import type { OrderAction } from './vertical';

export interface WalkSettings {
  /** Step as a fraction of the live half-spread (0 < f ≤ 1); at least one tick. */
  stepFraction: number;
  /** Time between steps. */
  intervalMs: number;
  /** Cancel the order when not filled this long after the first placement. */
  timeoutMs: number;
  /** Largest distance from the live mid the limit may reach, in price units per spread (≥ 0). */
  maxSlippage: number;
  /** Smallest expected value (dollars per spread) acceptable at the next price; null = no floor. */
  evFloor: number | null;
}

export const DEFAULT_WALK: WalkSettings = {
  stepFraction: 0.25,
  intervalMs: 15_000,
  timeoutMs: 120_000,
  maxSlippage: 0.1,
  evFloor: null,
};

/** Expected value in dollars per spread if filled at `price` (e.g. POP × max profit − (1 − POP) × max loss). */
export type ExpectedValueFn = (price: number) => number;

export type WalkPlan =
  | { kind: 'price'; step: number; price: number; offset: number }
  | { kind: 'stop'; step: number; reason: 'max_slippage' | 'ev_floor'; price: number; detail: string };

export function walkOffset(step: number, q: ComboQuote, settings: Pick<WalkSettings, 'stepFraction'>, tick: number = COMBO_TICK): number {
  const inc = Math.max(settings.stepFraction * q.halfSpread, tick);
  return fix(Math.min(step * inc, q.halfSpread));
}

/** The price of step `step` (0 = mid) against the live quote, or why the walk stops there. */
export function planWalkStep(
  step: number,
  q: ComboQuote,
  action: OrderAction,
  settings: WalkSettings,
  ev?: ExpectedValueFn,
  tick: number = COMBO_TICK,
): WalkPlan {
  const offset = walkOffset(step, q, settings, tick);
  const raw = q.mid + towardNatural(action) * offset;
  // At the natural the price is exact; elsewhere passive rounding.
  const price = offset >= q.halfSpread ? fix(action === 'BUY' ? q.ask : q.bid) : passiveRound(raw, action, tick);
  const slip = fix(towardNatural(action) * (price - q.mid));
  if (step > 0 && slip > settings.maxSlippage + 1e-9) {
    return { kind: 'stop', step, reason: 'max_slippage', price, detail: `step ${step} at ${price} is ${slip} from mid ${q.mid}, beyond max slippage ${settings.maxSlippage}` };
  }
  if (ev && settings.evFloor !== null) {
    const value = ev(price);
    if (value < settings.evFloor) {
      return { kind: 'stop', step, reason: 'ev_floor', price, detail: `expected value ${fix(value)} at ${price} is below the floor ${settings.evFloor}` };
    }
  }
  return { kind: 'price', step, price, offset };
}

/** EV per spread from a probability of profit: pop × maxProfit − (1 − pop) × maxLoss, at a signed BUY price. */
export function popExpectedValue(pop: number, payoffMin: number, payoffMax: number, multiplier: number): ExpectedValueFn {
  return (price) => pop * (payoffMax - price) * multiplier - (1 - pop) * (price - payoffMin) * multiplier;
}
