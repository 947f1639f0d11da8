/** Paging and sorting of a result set (GET /scan/results). Pure. */
import type { SpreadRow } from '@ibsc/shared-dto';

/** Row fields a client may sort by (numbers; nulls sort last). */
export const SCAN_SORT_FIELDS = [
  'score',
  'pop',
  'popDelta',
  'touch',
  'expectedValue',
  'returnOnRisk',
  'creditToWidth',
  'maxProfit',
  'maxLoss',
  'expectedFill',
  'netMid',
  'width',
  'dte',
  'quoteAgeMs',
  'ivRank',
  'ivPercentile',
] as const;
export type ScanSortField = (typeof SCAN_SORT_FIELDS)[number];

export interface ScanResultsQuery {
  page: number;
  pageSize: number;
  sort: ScanSortField;
  order: 'asc' | 'desc';
}

export interface ScanResultsPage {
  seq: number;
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  rows: SpreadRow[];
}

export function pageOfRows(rows: readonly SpreadRow[], seq: number, q: ScanResultsQuery): ScanResultsPage {
  const dir = q.order === 'asc' ? 1 : -1;
  const sorted = [...rows].sort((a, b) => {
    const x = a[q.sort];
    const y = b[q.sort];
    if (x === null && y === null) return a.id < b.id ? -1 : 1;
    if (x === null) return 1;
    if (y === null) return -1;
    return x === y ? (a.id < b.id ? -1 : 1) : (x - y) * dir;
  });
  const start = q.page * q.pageSize;
  return { seq, total: rows.length, page: q.page, pageSize: q.pageSize, sort: `${q.sort}:${q.order}`, rows: sorted.slice(start, start + q.pageSize) };
}
