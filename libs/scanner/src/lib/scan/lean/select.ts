/**
 * Which survivors can still make the top `k`: given for each an interval [lo, hi] holding its exact score, the k-th
 * largest lo is a score at least k spreads reach, so a spread whose hi is below it cannot be among the best k (and one
 * that ties with the k-th exact score has hi ≥ that score ≥ the threshold, so ties are kept).
 */
import { growF64, growI32, touchColumns } from './columns';
import type { SpreadTable } from './spread-table';

export class Selection {
  scratch = new Float64Array(0);
  /** The candidates: indices into the spread columns, ascending; the first count are valid. */
  idx = new Int32Array(0);
  count = 0;
  /** The threshold of the last selection (−∞ when everything was kept): the next run's hint. */
  threshold = Number.NEGATIVE_INFINITY;

  /** Survivors the buffers hold without growing. */
  capacity(): number {
    return Math.min(this.idx.length, this.scratch.length);
  }

  /** Grows the buffers to `n` survivors and writes them once (lean/workspace.ts). */
  reserve(n: number): void {
    this.idx = growI32(this.idx, n);
    this.scratch = growF64(this.scratch, n);
    touchColumns(this);
  }

  /** Keeps in idx the survivors that can reach the top k (all of them when k ≥ survivors). */
  select(sp: SpreadTable, k: number): void {
    const n = sp.liveCount;
    this.idx = growI32(this.idx, n);
    if (k >= n) {
      this.idx.set(sp.live.subarray(0, n));
      this.count = n;
      this.threshold = Number.NEGATIVE_INFINITY;
      return;
    }
    this.count = 0;
    this.threshold = Number.NEGATIVE_INFINITY;
    if (k <= 0) return;
    const values = (this.scratch = growF64(this.scratch, n));
    for (let j = 0; j < n; j++) values[j] = sp.lo[sp.live[j]];
    const threshold = (this.threshold = kthLargest(values, n, k));
    for (let j = 0; j < n; j++) {
      const i = sp.live[j];
      if (sp.hi[i] >= threshold) this.idx[this.count++] = i;
    }
  }
}

/** The k-th largest (1-based) of a[0..n), reordering a (Hoare quickselect; values are finite or ±Infinity). */
export function kthLargest(a: Float64Array, n: number, k: number): number {
  const target = k - 1;
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) right = j;
    else if (target >= i) left = i;
    else break;
  }
  return a[target];
}
