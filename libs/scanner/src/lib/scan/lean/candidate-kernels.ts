/**
 * The candidate filters (filters/leg-filters.ts) as lean kernels. Each candidate filter reads one expiry, one
 * underlying, the width, the short leg or both legs; so its verdict is computed once per expiry or per leg (before
 * pairing, with the same range functions), and a spread's verdict is one or two byte reads: a leg that fails removes
 * every spread using it. The funnel still counts spreads, step by step, in the chain's learned order.
 */
import type { ScanFilters } from '@ibsc/shared-dto';
import { Verdict } from '../../filters/filter';
import type { FilterStepCount } from '../../filters/filter-chain';
import { isActive, rangeVerdict } from '../../filters/range';
import { growU8 } from './columns';
import type { MarketTable, SliceInfo } from './market-table';
import type { SpreadTable } from './spread-table';

export type CandidateKernel =
  | { kind: 'slice'; verdict: (s: SliceInfo) => Verdict }
  | { kind: 'short'; verdict: (m: MarketTable, leg: number) => Verdict }
  | { kind: 'both'; verdict: (m: MarketTable, leg: number) => Verdict }
  | { kind: 'width'; verdict: (width: number) => Verdict };

/** Kernels by filter id, for the filters buildFilters() makes active. */
export function candidateKernels(f: ScanFilters = {}): Map<string, CandidateKernel> {
  const missing = f.onMissing === 'exclude' ? Verdict.Fail : Verdict.KeptMissing;
  const k = new Map<string, CandidateKernel>();
  const { dte, width, shortDelta, legVolume, legOpenInterest, legBidAsk, legBidAskPct, ivRank, ivPercentile } = f;
  if (isActive(dte)) k.set('dte', { kind: 'slice', verdict: (s) => rangeVerdict(s.s.dte, dte, Verdict.Fail) });
  if (isActive(width)) k.set('width', { kind: 'width', verdict: (w) => rangeVerdict(w, width, Verdict.Fail) });
  if (isActive(shortDelta)) k.set('shortDelta', { kind: 'short', verdict: (m, j) => rangeVerdict(Math.abs(m.delta(j)), shortDelta, missing) });
  if (isActive(legVolume)) k.set('legVolume', { kind: 'both', verdict: (m, j) => rangeVerdict(m.volume[j], legVolume, missing) });
  if (isActive(legOpenInterest)) k.set('legOpenInterest', { kind: 'both', verdict: (m, j) => rangeVerdict(m.oi[j], legOpenInterest, missing) });
  if (isActive(legBidAsk)) k.set('legBidAsk', { kind: 'both', verdict: (m, j) => rangeVerdict(m.bidAsk(j), legBidAsk, Verdict.Fail) });
  if (isActive(legBidAskPct)) k.set('legBidAskPct', { kind: 'both', verdict: (m, j) => rangeVerdict(m.bidAskPct(j), legBidAskPct, Verdict.Fail) });
  if (isActive(ivRank)) k.set('ivRank', { kind: 'slice', verdict: (s) => rangeVerdict(s.u.ivRank, ivRank, missing) });
  if (isActive(ivPercentile)) k.set('ivPercentile', { kind: 'slice', verdict: (s) => rangeVerdict(s.u.ivPercentile, ivPercentile, missing) });
  if (f.earnings === 'exclude')
    k.set('earnings', {
      kind: 'slice',
      verdict: ({ u, s }) => (u.earningsDay !== null && u.earningsDay >= u.todayNy && u.earningsDay <= s.expiryDay ? Verdict.Fail : Verdict.Pass),
    });
  return k;
}

/** Scratch verdicts, reused across runs. */
export class VerdictScratch {
  bytes = new Uint8Array(0);

  /** Grows to `n` verdicts and writes them once (lean/workspace.ts). */
  reserve(n: number): void {
    this.bytes = growU8(this.bytes, n);
    this.bytes.fill(0);
  }
}

/** Runs one candidate filter over the survivors, compacting them in place. */
export function runCandidateKernel(kernel: CandidateKernel, m: MarketTable, sp: SpreadTable, scratch: VerdictScratch): FilterStepCount {
  const before = sp.liveCount;
  const live = sp.live;
  let after = 0;
  let keptMissing = 0;
  if (kernel.kind === 'width') {
    const width = sp.width;
    for (let n = 0; n < before; n++) {
      const i = live[n];
      const v = kernel.verdict(width[i]);
      if (v === Verdict.Fail) continue;
      if (v === Verdict.KeptMissing) keptMissing++;
      live[after++] = i;
    }
    sp.liveCount = after;
    return { before, after, keptMissing };
  }
  const perSlice = kernel.kind === 'slice';
  const size = perSlice ? m.slices.length : m.legCount;
  const verdicts = (scratch.bytes = growU8(scratch.bytes, size));
  if (kernel.kind === 'slice') for (let j = 0; j < size; j++) verdicts[j] = kernel.verdict(m.slices[j]);
  else for (let j = 0; j < size; j++) verdicts[j] = kernel.verdict(m, j);
  const key = perSlice ? sp.slice : sp.short;
  const both = kernel.kind === 'both';
  const longCol = sp.long;
  for (let n = 0; n < before; n++) {
    const i = live[n];
    let v = verdicts[key[i]];
    // filters/range.ts bothVerdict: a failing leg fails; two passing legs pass; otherwise the missing verdict.
    if (both) {
      const vl = verdicts[longCol[i]];
      v = v === Verdict.Fail || vl === Verdict.Fail ? Verdict.Fail : v === Verdict.Pass && vl === Verdict.Pass ? Verdict.Pass : Verdict.KeptMissing;
    }
    if (v === Verdict.Fail) continue;
    if (v === Verdict.KeptMissing) keptMissing++;
    live[after++] = i;
  }
  sp.liveCount = after;
  return { before, after, keptMissing };
}
