/**
 * Score and rank on the lean columns: the score of scoring/spread-score.ts written against the columns (same
 * expressions, so the same bits), and a bounded heap that keeps the best `capacity` survivors. Ranking is by score
 * descending, then id ascending, then enumeration order (what a stable sort of the reference rows gives); ids are
 * built only when two scores tie exactly.
 */
import { spreadId } from '../../spreads/spread-id';
import { CROSSED_QUOTE_PENALTY, STALE_QUOTE_PENALTY, type ScoreWeights } from '../../scoring/spread-score';
import { LEG_OI_NULL, type MarketTable } from './market-table';
import { SP_CROSSED, SP_OUTSIDE_BOUNDS, SP_STALE, TYPE_NAMES, type SpreadTable } from './spread-table';

/** Exact scores of the spreads idx[0..count) (their model must be computed). */
export function computeScores(m: MarketTable, sp: SpreadTable, idx: Int32Array, count: number, w: ScoreWeights): void {
  const { short: shortCol, long: longCol, width, maxLoss, ev, pop: popCol, natural, mid, bits } = sp;
  const { oi, depth: legDepth, bits: legBits } = m;
  const total = w.edge + w.pop + w.liquidity;
  for (let n = 0; n < count; n++) {
    const i = idx[n];
    const s = shortCol[i];
    const l = longCol[i];
    const risk = maxLoss[i];
    const evPerRisk = risk > 0 ? ev[i] / risk : 0;
    const edge = 1 / (1 + Math.exp(-evPerRisk / 0.05));
    const pop = Math.min(1, Math.max(0, popCol[i]));
    const h = Math.abs(natural[i] - mid[i]);
    const tight = Math.exp(-h / width[i] / 0.05);
    // depth(min(OI_s, OI_l)) is the depth of the leg with the smaller OI; NaN when either is NaN (Math.min).
    let depth: number;
    if (((legBits[s] | legBits[l]) & LEG_OI_NULL) !== 0) depth = 0;
    else depth = oi[s] <= oi[l] ? legDepth[s] : oi[l] < oi[s] ? legDepth[l] : Number.NaN;
    const liquidity = 0.7 * tight + 0.3 * depth;
    const flags = bits[i];
    const penalty = ((flags & SP_OUTSIDE_BOUNDS) !== 0 ? 0 : (flags & SP_STALE) !== 0 ? STALE_QUOTE_PENALTY : 1) * ((flags & SP_CROSSED) !== 0 ? CROSSED_QUOTE_PENALTY : 1);
    const score = total > 0 ? (100 * (w.edge * edge + w.pop * pop + w.liquidity * liquidity) * penalty) / total : 0;
    sp.score[i] = Number.isFinite(score) ? score : 0;
  }
}

/** The best `capacity` of the spreads idx[0..count) (scored), best first. */
export function topSpreads(m: MarketTable, sp: SpreadTable, idx: Int32Array, count: number, capacity: number): number[] {
  const ids = new Map<number, string>();
  const idOf = (i: number): string => {
    let id = ids.get(i);
    if (id === undefined) {
      const sl = m.slices[sp.slice[i]];
      id = spreadId(sl.u.symbol, sl.s.slice.expiry, TYPE_NAMES[sp.type[i]], m.strike[sp.short[i]], m.strike[sp.long[i]], sl.s.slice.style?.tradingClass);
      ids.set(i, id);
    }
    return id;
  };
  const score = sp.score;
  // Negative when a ranks before b.
  const cmp = (a: number, b: number): number => {
    const d = score[b] - score[a];
    if (d !== 0) return d;
    const ia = idOf(a);
    const ib = idOf(b);
    return ia < ib ? -1 : ia > ib ? 1 : a - b;
  };
  const heap: number[] = [];
  if (capacity > 0) {
    for (let n = 0; n < count; n++) {
      const i = idx[n];
      if (heap.length < capacity) {
        heap.push(i);
        siftUp(heap, heap.length - 1, cmp);
      } else if (score[i] > score[heap[0]] || (score[i] === score[heap[0]] && cmp(i, heap[0]) < 0)) {
        heap[0] = i;
        siftDown(heap, cmp);
      }
    }
  }
  return heap.sort(cmp);
}

/** The heap keeps the worst-ranked entry at the root. */
function siftUp(h: number[], at: number, cmp: (a: number, b: number) => number): void {
  const x = h[at];
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (cmp(h[parent], x) >= 0) break;
    h[at] = h[parent];
    at = parent;
  }
  h[at] = x;
}

function siftDown(h: number[], cmp: (a: number, b: number) => number): void {
  const n = h.length;
  const x = h[0];
  let at = 0;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= n) break;
    if (child + 1 < n && cmp(h[child + 1], h[child]) > 0) child++;
    if (cmp(h[child], x) <= 0) break;
    h[at] = h[child];
    at = child;
  }
  h[at] = x;
}
