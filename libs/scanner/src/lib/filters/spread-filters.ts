/**
 * Filters on computed rows (after spread metrics). Filters that only make sense for one side (credit/width and
 * minimum credit for credit spreads, maximum debit for debit spreads) pass the other side untouched: the spread
 * types in the request decide which sides are scanned.
 */
import type { NumericRange, SpreadRow } from '@ibsc/shared-dto';
import { Verdict, type Filter } from './filter';
import { RANGE_TOLERANCE, describeRange, rangeVerdict } from './range';

type F = Filter<SpreadRow>;

export function popFilter(r: NumericRange): F {
  return { id: 'pop', label: describeRange('POP', r), cost: 1, test: (row) => rangeVerdict(row.pop, r, Verdict.Fail) };
}

export function returnOnRiskFilter(r: NumericRange): F {
  return { id: 'returnOnRisk', label: describeRange('return on risk', r), cost: 1, test: (row) => rangeVerdict(row.returnOnRisk, r, Verdict.Fail) };
}

export function creditToWidthFilter(r: NumericRange): F {
  return {
    id: 'creditToWidth',
    label: describeRange('credit/width', r),
    cost: 1,
    test: (row) => (row.side === 'credit' ? rangeVerdict(row.creditToWidth, r, Verdict.Fail) : Verdict.Pass),
  };
}

export function minCreditFilter(min: number): F {
  return {
    id: 'minCredit',
    label: `credit ≥ ${min}`,
    cost: 1,
    test: (row) => (row.side !== 'credit' || row.expectedFill >= min - RANGE_TOLERANCE ? Verdict.Pass : Verdict.Fail),
  };
}

export function maxDebitFilter(max: number): F {
  return {
    id: 'maxDebit',
    label: `debit ≤ ${max}`,
    cost: 1,
    test: (row) => (row.side !== 'debit' || row.expectedFill <= max + RANGE_TOLERANCE ? Verdict.Pass : Verdict.Fail),
  };
}

export function expectedValueFilter(r: NumericRange): F {
  return { id: 'expectedValue', label: describeRange('EV', r), cost: 1, test: (row) => rangeVerdict(row.expectedValue, r, Verdict.Fail) };
}

export function netGreekFilter(greek: 'gamma' | 'theta' | 'vega', r: NumericRange, missing: Verdict): F {
  const id = `net${greek[0].toUpperCase()}${greek.slice(1)}`;
  return { id, label: describeRange(`net ${greek}`, r), cost: 1, test: (row) => (row.greeks ? rangeVerdict(row.greeks[greek], r, Verdict.Fail) : missing) };
}
