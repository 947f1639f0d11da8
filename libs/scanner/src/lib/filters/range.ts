/**
 * Range semantics, the same for every range filter: both bounds are optional and INCLUSIVE, min ≤ x ≤ max, with an
 * absolute tolerance of 1e-9 so that a computed 0.30000000000000004 passes "max 0.3". A missing value (null or NaN)
 * is neither in nor out: the filter reports it as missing and the chain keeps or drops it per `onMissing`.
 */
import type { NumericRange } from '@ibsc/shared-dto';
import { Verdict } from './filter';

export const RANGE_TOLERANCE = 1e-9;

/** A range with at least one bound set. */
export function isActive(r: NumericRange | undefined): r is NumericRange {
  return r !== undefined && r !== null && (typeof r.min === 'number' || typeof r.max === 'number');
}

export function inRange(x: number, r: NumericRange): boolean {
  return (r.min === undefined || x >= r.min - RANGE_TOLERANCE) && (r.max === undefined || x <= r.max + RANGE_TOLERANCE);
}

/** Verdict for one value; `missing` is what a missing value yields (KeptMissing or Fail). */
export function rangeVerdict(x: number | null | undefined, r: NumericRange, missing: Verdict): Verdict {
  if (x === null || x === undefined || Number.isNaN(x)) return missing;
  return inRange(x, r) ? Verdict.Pass : Verdict.Fail;
}

/** Verdict for two legs that must both pass. A failing leg fails even when the other is missing. */
export function bothVerdict(a: number | null | undefined, b: number | null | undefined, r: NumericRange, missing: Verdict): Verdict {
  const va = rangeVerdict(a, r, missing);
  const vb = rangeVerdict(b, r, missing);
  if (va === Verdict.Fail || vb === Verdict.Fail) return Verdict.Fail;
  return va === Verdict.Pass && vb === Verdict.Pass ? Verdict.Pass : missing;
}

export function describeRange(name: string, r: NumericRange, unit = ''): string {
  if (r.min !== undefined && r.max !== undefined) return `${name} ${r.min}–${r.max}${unit}`;
  if (r.min !== undefined) return `${name} ≥ ${r.min}${unit}`;
  return `${name} ≤ ${r.max}${unit}`;
}
