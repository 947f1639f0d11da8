/**
 * The row filters (filters/spread-filters.ts) as lean kernels over the spread columns, with the same range
 * semantics. `needsModel` marks the filters that read POP or EV, so the costly model pass runs only once one of
 * them (or the score) needs it, over the spreads still alive then.
 */
import type { NumericRange, ScanFilters } from '@ibsc/shared-dto';
import { Verdict } from '../../filters/filter';
import type { FilterStepCount } from '../../filters/filter-chain';
import { RANGE_TOLERANCE, isActive, rangeVerdict } from '../../filters/range';
import type { MarketTable } from './market-table';
import { BULL_PUT, type SpreadTable } from './spread-table';

/** The verdict of spread i; `quantity` scales the net greeks (× multiplier × quantity). */
type RowVerdict = (sp: SpreadTable, m: MarketTable, i: number, quantity: number) => Verdict;

export interface RowKernel {
  needsModel: boolean;
  verdict: RowVerdict;
}

const credit = (sp: SpreadTable, i: number): boolean => sp.type[i] >= BULL_PUT;

function greekKernel(column: 'gamma' | 'theta' | 'vega', r: NumericRange, missing: Verdict): RowKernel {
  return {
    needsModel: false,
    verdict: (sp, m, i, quantity) => {
      const s = m.leg(sp.short[i]);
      const l = m.leg(sp.long[i]);
      if (s.greeks === 'none' || l.greeks === 'none') return missing;
      return rangeVerdict((l[column] - s[column]) * (s.option.contract.multiplier * quantity), r, Verdict.Fail);
    },
  };
}

/** Kernels by filter id, for the filters buildFilters() makes active. */
export function rowKernels(f: ScanFilters = {}): Map<string, RowKernel> {
  const missing = f.onMissing === 'exclude' ? Verdict.Fail : Verdict.KeptMissing;
  const k = new Map<string, RowKernel>();
  const { pop, returnOnRisk, creditToWidth, minCredit, maxDebit, expectedValue, netGamma, netTheta, netVega } = f;
  if (isActive(pop)) k.set('pop', { needsModel: true, verdict: (sp, _m, i) => rangeVerdict(sp.pop[i], pop, Verdict.Fail) });
  if (isActive(returnOnRisk))
    k.set('returnOnRisk', {
      needsModel: false,
      verdict: (sp, _m, i) => (sp.maxLoss[i] > 0 ? rangeVerdict(sp.maxProfit[i] / sp.maxLoss[i], returnOnRisk, Verdict.Fail) : Verdict.Fail),
    });
  if (isActive(creditToWidth))
    k.set('creditToWidth', {
      needsModel: false,
      verdict: (sp, _m, i) => (credit(sp, i) ? rangeVerdict(sp.fill[i] / sp.width[i], creditToWidth, Verdict.Fail) : Verdict.Pass),
    });
  if (typeof minCredit === 'number')
    k.set('minCredit', {
      needsModel: false,
      verdict: (sp, _m, i) => (!credit(sp, i) || sp.fill[i] >= minCredit - RANGE_TOLERANCE ? Verdict.Pass : Verdict.Fail),
    });
  if (typeof maxDebit === 'number')
    k.set('maxDebit', {
      needsModel: false,
      verdict: (sp, _m, i) => (credit(sp, i) || sp.fill[i] <= maxDebit + RANGE_TOLERANCE ? Verdict.Pass : Verdict.Fail),
    });
  if (isActive(expectedValue)) k.set('expectedValue', { needsModel: true, verdict: (sp, _m, i) => rangeVerdict(sp.ev[i], expectedValue, Verdict.Fail) });
  if (isActive(netGamma)) k.set('netGamma', greekKernel('gamma', netGamma, missing));
  if (isActive(netTheta)) k.set('netTheta', greekKernel('theta', netTheta, missing));
  if (isActive(netVega)) k.set('netVega', greekKernel('vega', netVega, missing));
  return k;
}

/** Runs one row filter over the survivors, compacting them in place. */
export function runRowKernel(kernel: RowKernel, m: MarketTable, sp: SpreadTable, quantity: number): FilterStepCount {
  const before = sp.liveCount;
  const live = sp.live;
  const verdict = kernel.verdict;
  let after = 0;
  let keptMissing = 0;
  for (let n = 0; n < before; n++) {
    const i = live[n];
    const v = verdict(sp, m, i, quantity);
    if (v === Verdict.Fail) continue;
    if (v === Verdict.KeptMissing) keptMissing++;
    live[after++] = i;
  }
  sp.liveCount = after;
  return { before, after, keptMissing };
}
