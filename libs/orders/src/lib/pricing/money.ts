/**
 * Numbers as IB sends them. IB fills unset doubles with Double.MAX_VALUE (≈ 1.797e308, "UNSET_DOUBLE") and
 * sometimes sends nothing at all; neither may ever reach a trader as an amount.
 */
export const UNSET_DOUBLE = 1.7976931348623157e308;

/** Anything beyond this magnitude is a placeholder, not money (no account holds a quadrillion). */
const PLAUSIBLE_LIMIT = 1e15;

/** A finite, plausible number, or null ("not available"): undefined, '', NaN, ±Infinity and UNSET_DOUBLE give null. */
export function ibNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value.replace(/,/g, ''));
  if (!Number.isFinite(n) || Math.abs(n) >= PLAUSIBLE_LIMIT) return null;
  return n;
}

/** Combo options prices move in cents on SMART. */
export const COMBO_TICK = 0.01;

const EPS = 1e-7;

/** Rounds to a multiple of `tick` in the direction asked ('down', 'up' or 'nearest'), free of float dust. */
export function roundToTick(price: number, tick: number = COMBO_TICK, direction: 'down' | 'up' | 'nearest' = 'nearest'): number {
  const units = price / tick;
  const r = direction === 'down' ? Math.floor(units + EPS) : direction === 'up' ? Math.ceil(units - EPS) : Math.round(units);
  return fix(r * tick);
}

/** Removes binary float dust (1.1300000000000001 → 1.13) at 6 decimals. */
export function fix(n: number): number {
  const r = Math.round(n * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}
