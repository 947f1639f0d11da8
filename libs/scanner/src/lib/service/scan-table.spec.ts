import { handRows } from '../testing/hand-rows';
import { encodeRow, ScanRow } from './scan-row';
import { ScanTable } from './scan-table';

describe('ScanTable: the published table', () => {
  const rows = handRows();
  const encoded = rows.map(encodeRow);
  const ids = rows.map((r) => r.id);

  it('applies a scoring’s changes as rows held as text, in the order given, with one seq per change', () => {
    const t = new ScanTable(() => Date.UTC(2026, 0, 5, 15));
    expect(t.apply([], null)).toBeNull();
    const first = t.apply(encoded, ids);
    expect(first).toMatchObject({ seq: 1, updated: [], removed: [] });
    expect(first?.added.map((r) => r.id)).toEqual(ids);
    expect(t.rows.every((r) => r instanceof ScanRow)).toBe(true);
    expect(t.rows.map((r) => r.id)).toEqual(ids);
    expect(JSON.parse(JSON.stringify(t.rows))).toEqual(rows);
    expect(t.row(ids[1])?.short.strike).toBe(rows[1].short.strike);
    // one row updated, the order reversed
    const moved = { ...rows[0], score: rows[0].score + 1 };
    const second = t.apply([encodeRow(moved)], [...ids].reverse());
    expect(second).toMatchObject({ seq: 2, added: [], removed: [] });
    expect(second?.updated.map((r) => r.id)).toEqual([moved.id]);
    expect(t.rows.map((r) => r.id)).toEqual([...ids].reverse());
    expect(t.row(moved.id)?.score).toBe(moved.score);
    // the results page at the table's seq, sorted as asked
    const page = t.page({ page: 0, pageSize: 2, sort: 'score', order: 'desc' });
    expect(page).toMatchObject({ seq: 2, total: rows.length });
    const scores = [...rows.slice(1).map((r) => r.score), moved.score].sort((a, b) => b - a);
    expect(page.rows.map((r) => (r as { score: number }).score)).toEqual(scores.slice(0, 2));
  });

  it('answers snapshots and resyncs at its seq, knows its oldest quote, and clears with a new seq', () => {
    const now = Math.max(...rows.map((r) => r.quoteTime)) + 7_000;
    const t = new ScanTable(() => now);
    expect(t.oldestQuoteAgeMs(now)).toBeNull();
    t.apply(encoded, ids);
    expect(t.oldestQuoteAgeMs(now)).toBe(Math.max(...rows.map((r) => now - r.quoteTime)));
    const funnel = null;
    expect(JSON.parse(JSON.stringify(t.snapshot(funnel)))).toMatchObject({ seq: 1, rows, funnel: null });
    expect(t.resync(1, funnel)).toEqual({ kind: 'deltas', deltas: [] });
    expect(t.resync(0, funnel)).toMatchObject({ kind: 'deltas', deltas: [{ seq: 1 }] });
    expect(t.resync(null, funnel)).toMatchObject({ kind: 'snapshot', snapshot: { seq: 1 } });
    expect(t.clear()).toMatchObject({ seq: 2, removed: ids });
    expect(t.rows).toEqual([]);
    expect(t.seq).toBe(2);
  });
});
