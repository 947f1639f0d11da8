import type { SpreadRow } from '@ibsc/shared-dto';
import { SYNTHETIC_UNDERLYINGS, syntheticChains, syntheticMarket } from '../testing/synthetic-market';
import { ScanEngine } from '../scan/scan-engine';
import { decodeResultsCursor, pageOfRows, SCAN_SORT_FIELDS, type ResultsRow, type ScanResultsQuery } from './scan-results';

const NOW = Date.UTC(2026, 0, 5, 15);
const market = syntheticMarket({ now: NOW, seed: 11, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 2), expiries: 3, strikesPerExpiry: 20 });
const ROWS = new ScanEngine({ spreadTypes: ['bull-put', 'bear-call'], widths: [5] }).run(syntheticChains(market), NOW).rows;
const q = (over: Partial<ScanResultsQuery> = {}): ScanResultsQuery => ({ page: 0, pageSize: 25, sort: 'score', order: 'desc', ...over });
const ids = (rows: ResultsRow[]) => rows.map((r) => r.id);
const cursorOf = (text: string) => decodeResultsCursor(text, SCAN_SORT_FIELDS) ?? undefined;

describe('pageOfRows', () => {
  it('has enough rows of both symbols and types to page', () => {
    expect(ROWS.length).toBeGreaterThan(100);
    expect(new Set(ROWS.map((r) => r.symbol)).size).toBe(2);
  });

  it('pages by number or by cursor over a still table: the same rows in the same order, every row once', () => {
    const all = pageOfRows(ROWS, 7, q({ pageSize: 5000 })).rows;
    const byCursor: string[] = [];
    let page = pageOfRows(ROWS, 7, q());
    expect(page.page).toBe(0);
    for (;;) {
      byCursor.push(...ids(page.rows));
      if (!page.nextCursor) break;
      page = pageOfRows(ROWS, 7, q({ cursor: cursorOf(page.nextCursor) }));
      expect(page).toMatchObject({ page: null, cursorSeq: 7, seq: 7, total: ROWS.length });
    }
    expect(byCursor).toEqual(ids(all));
    expect(ids(pageOfRows(ROWS, 7, q({ page: 2 })).rows)).toEqual(ids(all).slice(50, 75));
  });

  it('a table that moves between pages: unchanged rows are neither repeated nor skipped; cursorSeq tells it moved', () => {
    const first = pageOfRows(ROWS, 10, q());
    const seen = new Set(ids(first.rows));
    // Between the pages: 10 rows of the first page and 10 not yet seen get new scores (some jump across the cursor),
    // 5 unseen rows are removed, and a new row is added.
    const moved = new Set<string>();
    const next: SpreadRow[] = ROWS.filter((_, i) => !(i % 17 === 3 && !seen.has(ROWS[i].id)))
      .map((r, i) => {
        if (i % 9 !== 0) return r;
        moved.add(r.id);
        return { ...r, score: (r.score * 7919) % 100 };
      });
    const added = { ...ROWS[0], id: 'ZZZ|20260320|bull-put|1/0', score: 0.5 };
    moved.add(added.id);
    next.push(added);
    const rest: string[] = [];
    let page = pageOfRows(next, 11, q({ cursor: cursorOf(first.nextCursor as string) }));
    expect(page.cursorSeq).toBe(10);
    expect(page.seq).toBe(11);
    for (;;) {
      rest.push(...ids(page.rows));
      if (!page.nextCursor) break;
      page = pageOfRows(next, 11, q({ cursor: cursorOf(page.nextCursor) }));
    }
    const unchangedNow = next.filter((r) => !moved.has(r.id)).map((r) => r.id);
    const got = [...seen, ...rest];
    for (const id of unchangedNow) expect(got.filter((x) => x === id)).toHaveLength(1);
    // whereas page numbers over the same moving table repeat or skip some unchanged rows (what the cursor is for)
    const byNumber = [...seen];
    for (let n = 1; n * 25 < next.length; n++) byNumber.push(...ids(pageOfRows(next, 11, q({ page: n })).rows));
    expect(unchangedNow.filter((id) => byNumber.filter((x) => x === id).length !== 1).length).toBeGreaterThan(0);
    // and the rest arrives in the sort order of the table as it is now
    const scores = rest.map((id) => next.find((r) => r.id === id)?.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters by symbol and type (total counts the matching rows; the cursor keeps the filter) and selects fields', () => {
    const sym = ROWS[0].symbol;
    const page = pageOfRows(ROWS, 3, q({ symbols: [sym], types: ['bear-call'], fields: ['symbol', 'score'] }));
    const matching = ROWS.filter((r) => r.symbol === sym && r.type === 'bear-call');
    expect(page.total).toBe(matching.length);
    expect(page.rows.length).toBe(Math.min(25, matching.length));
    for (const r of page.rows) expect(Object.keys(r).sort()).toEqual(['id', 'score', 'symbol']);
    const cursor = cursorOf(page.nextCursor as string);
    expect(cursor).toMatchObject({ symbols: [sym], types: ['bear-call'] });
    const second = pageOfRows(ROWS, 3, q({ cursor }));
    for (const r of second.rows) expect(ROWS.find((x) => x.id === r.id)).toMatchObject({ symbol: sym, type: 'bear-call' });
  });

  it('sorts nulls last either way and ascending when asked', () => {
    const rows = ROWS.slice(0, 30).map((r, i) => ({ ...r, ivRank: i % 3 === 0 ? null : i }));
    for (const order of ['asc', 'desc'] as const) {
      const got = pageOfRows(rows, 1, q({ sort: 'ivRank', order, pageSize: 30 })).rows.map((r) => r.ivRank);
      expect(got.slice(-10)).toEqual(Array(10).fill(null));
      const values = got.slice(0, 20) as number[];
      expect(values).toEqual([...values].sort((a, b) => (order === 'asc' ? a - b : b - a)));
    }
  });

  it('refuses a cursor it did not issue', () => {
    for (const bad of ['nope', Buffer.from('[1,2]').toString('base64url'), Buffer.from('[1,1,"colour:desc",1,"a",[],[]]').toString('base64url'), Buffer.from('[1,1,"pop:asc",1,"a",[],["sideways"]]').toString('base64url')]) {
      expect(decodeResultsCursor(bad, SCAN_SORT_FIELDS)).toBeNull();
    }
  });
});
