/** Turns a filter set (the ScanFiltersDto shape) into the two stages of filters. Absent filters do not run. */
import type { ScanFilters, SpreadRow } from '@ibsc/shared-dto';
import type { VerticalCandidate } from '../spreads/vertical-builder';
import { Verdict, type Filter } from './filter';
import {
  dteFilter,
  earningsExcludeFilter,
  ivPercentileFilter,
  ivRankFilter,
  legBidAskFilter,
  legBidAskPctFilter,
  legOpenInterestFilter,
  legVolumeFilter,
  shortDeltaFilter,
  widthFilter,
} from './leg-filters';
import { isActive } from './range';
import {
  creditToWidthFilter,
  expectedValueFilter,
  maxDebitFilter,
  minCreditFilter,
  netGreekFilter,
  popFilter,
  returnOnRiskFilter,
} from './spread-filters';

export interface FilterStages {
  /** Run on candidates, before metrics. */
  candidate: Array<Filter<VerticalCandidate>>;
  /** Run on computed rows. */
  row: Array<Filter<SpreadRow>>;
}

export function buildFilters(f: ScanFilters = {}): FilterStages {
  const missing = f.onMissing === 'exclude' ? Verdict.Fail : Verdict.KeptMissing;
  const candidate: Array<Filter<VerticalCandidate>> = [];
  const row: Array<Filter<SpreadRow>> = [];
  if (isActive(f.dte)) candidate.push(dteFilter(f.dte));
  if (isActive(f.width)) candidate.push(widthFilter(f.width));
  if (isActive(f.shortDelta)) candidate.push(shortDeltaFilter(f.shortDelta, missing));
  if (isActive(f.legVolume)) candidate.push(legVolumeFilter(f.legVolume, missing));
  if (isActive(f.legOpenInterest)) candidate.push(legOpenInterestFilter(f.legOpenInterest, missing));
  if (isActive(f.legBidAsk)) candidate.push(legBidAskFilter(f.legBidAsk));
  if (isActive(f.legBidAskPct)) candidate.push(legBidAskPctFilter(f.legBidAskPct));
  if (isActive(f.ivRank)) candidate.push(ivRankFilter(f.ivRank, missing));
  if (isActive(f.ivPercentile)) candidate.push(ivPercentileFilter(f.ivPercentile, missing));
  if (f.earnings === 'exclude') candidate.push(earningsExcludeFilter());
  if (isActive(f.pop)) row.push(popFilter(f.pop));
  if (isActive(f.returnOnRisk)) row.push(returnOnRiskFilter(f.returnOnRisk));
  if (isActive(f.creditToWidth)) row.push(creditToWidthFilter(f.creditToWidth));
  if (typeof f.minCredit === 'number') row.push(minCreditFilter(f.minCredit));
  if (typeof f.maxDebit === 'number') row.push(maxDebitFilter(f.maxDebit));
  if (isActive(f.expectedValue)) row.push(expectedValueFilter(f.expectedValue));
  if (isActive(f.netGamma)) row.push(netGreekFilter('gamma', f.netGamma, missing));
  if (isActive(f.netTheta)) row.push(netGreekFilter('theta', f.netTheta, missing));
  if (isActive(f.netVega)) row.push(netGreekFilter('vega', f.netVega, missing));
  return { candidate, row };
}
