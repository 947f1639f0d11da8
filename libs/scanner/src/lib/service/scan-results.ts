/**
 * Paging, filtering, field selection and sorting of a result set (GET /scan/results). Pure.
 * Paging a table that moves under the client (ADR 0019): `nextCursor` is a keyset cursor, the sort value and id of the
 * last row returned (scan-results-cursor.ts). The next page holds the rows that sort after it in the table as it is
 * when asked, so a row whose sort value did not change is never returned twice nor skipped; a row whose value changed
 * may appear again or be missed, and the page says how far the table moved (`cursorSeq` against `seq`).
 */
import type { ScanResultsPage, ScanResultsRow, SpreadRow, SpreadType } from '@ibsc/shared-dto';
import { decodeResultsCursor, encodeResultsCursor, type ResultsCursor } from './scan-results-cursor';

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

/** Every field of a row, for `fields=` (id is always returned). */
export const SPREAD_ROW_FIELDS = [
  'id', 'symbol', 'type', 'side', 'expiry', 'dte', 'expiresAt', 'yearsToExpiry', 'rate', 'dividendYield',
  'dividendYieldSource', 'spot', 'width', 'multiplier', 'quantity', 'short', 'long', 'netMid', 'netNatural',
  'expectedFill', 'k', 'fillMethod', 'maxProfit', 'maxLoss', 'breakeven', 'returnOnRisk', 'creditToWidth', 'pop',
  'popMethod', 'popDelta', 'popDeltaMethod', 'ivAtBreakeven', 'ivSource', 'touch', 'touchMethod', 'expectedValue',
  'evMethod', 'greeks', 'greeksSource', 'ivRank', 'ivPercentile', 'earningsDate', 'quoteTime', 'quoteAgeMs', 'flags',
  'score', 'tradingClass', 'settlement', 'exercise', 'cashSettled', 'settlesAt',
] as const satisfies readonly (keyof SpreadRow)[];
export type SpreadRowField = (typeof SPREAD_ROW_FIELDS)[number];
// A row field missing from the list above fails the typecheck here: add it there.
const everyRowField: Exclude<keyof SpreadRow, SpreadRowField> extends never ? true : never = true;
void everyRowField;

/** The page size a client gets unless it asks: a screenful, about 170 KB of JSON before compression. */
export const DEFAULT_RESULTS_PAGE_SIZE = 100;
export const MAX_RESULTS_PAGE_SIZE = 5000;

export interface ScanResultsQuery {
  /** Ignored with a cursor. */
  page: number;
  pageSize: number;
  sort: ScanSortField;
  order: 'asc' | 'desc';
  /** Only rows of these underlyings / spread types (empty or absent: all). */
  symbols?: readonly string[];
  types?: readonly SpreadType[];
  /** Only these fields of each row (id always); absent: every field. */
  fields?: readonly SpreadRowField[];
  /** Continue after this cursor (a `nextCursor` of an earlier page); its sort and filters apply. */
  cursor?: ResultsCursor;
}

/** A page: rows may carry only the fields asked for (the wire types, libs/shared-dto). */
export type ResultsRow = ScanResultsRow;
export type { ScanResultsPage };

type SortValue = number | null;

function compare(av: SortValue, aid: string, bv: SortValue, bid: string, dir: 1 | -1): number {
  if (av !== bv) {
    if (av === null) return 1;
    if (bv === null) return -1;
    return (av - bv) * dir;
  }
  return aid < bid ? -1 : aid > bid ? 1 : 0;
}

/**
 * Sorted, filtered views of a result set, kept while that array is the current one (the scan replaces the array on
 * every re-score) and its seq has not moved: many clients paging the same table sort it once, not once per request.
 */
const views = new WeakMap<readonly SpreadRow[], Map<string, readonly SpreadRow[]>>();
const MAX_VIEWS_PER_SET = 16;

function sortedView(rows: readonly SpreadRow[], seq: number, sort: ScanSortField, dir: 1 | -1, symbols: readonly string[] | undefined, types: readonly string[] | undefined): readonly SpreadRow[] {
  const key = `${seq}|${rows.length}|${sort}|${dir}|${symbols?.join(',') ?? ''}|${types?.join(',') ?? ''}`;
  let mine = views.get(rows);
  const hit = mine?.get(key);
  if (hit) return hit;
  const symbolSet = symbols?.length ? new Set(symbols) : null;
  const typeSet = types?.length ? new Set<string>(types) : null;
  const view = symbolSet || typeSet ? rows.filter((r) => (!symbolSet || symbolSet.has(r.symbol)) && (!typeSet || typeSet.has(r.type))) : [...rows];
  view.sort((a, b) => compare(a[sort], a.id, b[sort], b.id, dir));
  if (!mine) views.set(rows, (mine = new Map()));
  if (mine.size >= MAX_VIEWS_PER_SET) mine.delete(mine.keys().next().value as string);
  mine.set(key, view);
  return view;
}

/** First index in a sorted view whose row sorts after (value, id). */
function after(view: readonly SpreadRow[], sort: ScanSortField, value: SortValue, id: string, dir: 1 | -1): number {
  let lo = 0;
  let hi = view.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(view[mid][sort], view[mid].id, value, id, dir) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function pageOfRows(rows: readonly SpreadRow[], seq: number, q: ScanResultsQuery): ScanResultsPage {
  const c = q.cursor;
  const sort = c?.sort ?? q.sort;
  const order = c?.order ?? q.order;
  const symbols = c ? c.symbols : q.symbols;
  const types = c ? c.types : q.types;
  const dir = order === 'asc' ? 1 : -1;
  const matching = sortedView(rows, seq, sort, dir, symbols, types);
  const total = matching.length;
  const start = c ? after(matching, sort, c.value, c.id, dir) : q.page * q.pageSize;
  const slice = matching.slice(start, start + q.pageSize);
  const last = slice[slice.length - 1];
  const more = start + q.pageSize < matching.length;
  return {
    seq,
    total,
    page: c ? null : q.page,
    pageSize: q.pageSize,
    sort: `${sort}:${order}`,
    rows: q.fields ? slice.map((r) => project(r, q.fields as readonly SpreadRowField[])) : slice,
    nextCursor: more && last ? encodeResultsCursor({ seq, sort, order, value: last[sort], id: last.id, symbols, types }) : null,
    cursorSeq: c ? c.seq : null,
  };
}

function project(row: SpreadRow, fields: readonly SpreadRowField[]): ResultsRow {
  const out: Record<string, unknown> = { id: row.id };
  for (const f of fields) out[f] = row[f];
  return out as ResultsRow;
}

export { decodeResultsCursor, encodeResultsCursor, type ResultsCursor };
