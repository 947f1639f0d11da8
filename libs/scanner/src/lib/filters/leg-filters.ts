/**
 * Filters on a candidate before its metrics are computed: they read the expiry, the legs' quotes and the
 * underlying's statistics only, so they are cheap and run first.
 */
import type { NumericRange } from '@ibsc/shared-dto';
import type { VerticalCandidate } from '../spreads/vertical-builder';
import { Verdict, type Filter } from './filter';
import { bothVerdict, describeRange, rangeVerdict } from './range';

type F = Filter<VerticalCandidate>;

export function dteFilter(r: NumericRange): F {
  return { id: 'dte', label: describeRange('DTE', r, ' d'), cost: 1, test: (c) => rangeVerdict(c.s.dte, r, Verdict.Fail) };
}

export function widthFilter(r: NumericRange): F {
  return { id: 'width', label: describeRange('width', r), cost: 1, test: (c) => rangeVerdict(c.width, r, Verdict.Fail) };
}

/** |Δ| of the short leg (gateway delta, else local Black–Scholes). */
export function shortDeltaFilter(r: NumericRange, missing: Verdict): F {
  return { id: 'shortDelta', label: describeRange('short |Δ|', r), cost: 1, test: (c) => rangeVerdict(Math.abs(c.short.delta), r, missing) };
}

export function legVolumeFilter(r: NumericRange, missing: Verdict): F {
  return { id: 'legVolume', label: describeRange('volume per leg', r), cost: 2, test: (c) => bothVerdict(c.short.quote.volume, c.long.quote.volume, r, missing) };
}

export function legOpenInterestFilter(r: NumericRange, missing: Verdict): F {
  return {
    id: 'legOpenInterest',
    label: describeRange('open interest per leg', r),
    cost: 2,
    test: (c) => bothVerdict(c.short.quote.openInterest, c.long.quote.openInterest, r, missing),
  };
}

export function legBidAskFilter(r: NumericRange): F {
  return { id: 'legBidAsk', label: describeRange('bid-ask per leg', r), cost: 2, test: (c) => bothVerdict(c.short.bidAsk, c.long.bidAsk, r, Verdict.Fail) };
}

export function legBidAskPctFilter(r: NumericRange): F {
  return {
    id: 'legBidAskPct',
    label: describeRange('bid-ask per leg', r, ' % of mid'),
    cost: 2,
    test: (c) => bothVerdict(c.short.bidAskPct, c.long.bidAskPct, r, Verdict.Fail),
  };
}

export function ivRankFilter(r: NumericRange, missing: Verdict): F {
  return { id: 'ivRank', label: describeRange('IV rank', r), cost: 1, test: (c) => rangeVerdict(c.u.ivRank, r, missing) };
}

export function ivPercentileFilter(r: NumericRange, missing: Verdict): F {
  return { id: 'ivPercentile', label: describeRange('IV percentile', r), cost: 1, test: (c) => rangeVerdict(c.u.ivPercentile, r, missing) };
}

/** Drops spreads whose window (today … expiry day, inclusive) holds the next earnings date. */
export function earningsExcludeFilter(): F {
  return {
    id: 'earnings',
    label: 'no earnings before expiry',
    cost: 1,
    test: (c) => (c.u.earningsDay !== null && c.u.earningsDay >= c.u.todayNy && c.u.earningsDay <= c.s.expiryDay ? Verdict.Fail : Verdict.Pass),
  };
}
