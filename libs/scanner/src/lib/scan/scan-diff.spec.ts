import type { SpreadRow } from '@ibsc/shared-dto';
import { SYNTHETIC_UNDERLYINGS, syntheticChains, syntheticMarket } from '../testing/synthetic-market';
import { ScanEngine } from './scan-engine';
import { ScanDiffer, spreadRowFingerprint } from './scan-diff';

type R = { id: string; v: number };
const clock = () => Date.UTC(2026, 0, 5);

describe('ScanDiffer', () => {
  it('emits added, updated and removed with consecutive sequence numbers', () => {
    const d = new ScanDiffer<R>({ now: clock });
    const first = d.apply([{ id: 'a', v: 1 }, { id: 'b', v: 1 }]);
    expect(first).toMatchObject({ seq: 1, added: [{ id: 'a' }, { id: 'b' }], updated: [], removed: [] });
    const second = d.apply([{ id: 'a', v: 2 }, { id: 'c', v: 1 }]);
    expect(second).toMatchObject({ seq: 2, added: [{ id: 'c', v: 1 }], updated: [{ id: 'a', v: 2 }], removed: ['b'] });
    expect(second?.at).toBe('2026-01-05T00:00:00.000Z');
  });

  it('applies changes computed elsewhere (the scoring worker): its own added/updated/removed, the order given, resync intact', () => {
    const d = new ScanDiffer<R>({ now: clock });
    expect(d.applyChanges([{ id: 'a', v: 1 }, { id: 'b', v: 1 }], ['b', 'a'])).toMatchObject({ seq: 1, added: [{ id: 'b' }, { id: 'a' }], updated: [], removed: [] });
    expect(d.current().map((r) => r.id)).toEqual(['b', 'a']);
    // Updates only, same order: order null.
    expect(d.applyChanges([{ id: 'a', v: 2 }], null)).toMatchObject({ seq: 2, added: [], updated: [{ id: 'a', v: 2 }], removed: [] });
    expect(d.current()).toEqual([{ id: 'b', v: 1 }, { id: 'a', v: 2 }]);
    // A new row, one gone, the order changed; a row the sender calls changed but this differ does not hold is added.
    const third = d.applyChanges([{ id: 'c', v: 1 }], ['c', 'a']);
    expect(third).toMatchObject({ seq: 3, added: [{ id: 'c' }], updated: [], removed: ['b'] });
    expect(d.current().map((r) => r.id)).toEqual(['c', 'a']);
    // Nothing changed: no sequence number spent.
    expect(d.applyChanges([], null)).toBeNull();
    expect(d.applyChanges([], ['c', 'a'])).toBeNull();
    // An id neither changed nor held: the sender is out of step, refused without touching the rows.
    expect(() => d.applyChanges([], ['c', 'zz'])).toThrow(/out of step: zz/);
    expect(d.current().map((r) => r.id)).toEqual(['c', 'a']);
    expect(d.since(1)).toMatchObject({ kind: 'deltas', deltas: [{ seq: 2 }, { seq: 3 }] });
    // apply([]) still clears a differ fed this way.
    expect(d.clear()).toMatchObject({ seq: 4, removed: ['c', 'a'] });
  });

  it('spends no sequence number when nothing changed', () => {
    const d = new ScanDiffer<R>();
    d.apply([{ id: 'a', v: 1 }]);
    expect(d.apply([{ id: 'a', v: 1 }])).toBeNull();
    expect(d.seq).toBe(1);
    expect(d.apply([{ id: 'a', v: 3 }])?.seq).toBe(2);
  });

  it('uses the fingerprint to decide what counts as an update', () => {
    const d = new ScanDiffer<R>({ fingerprint: (r) => String(Math.round(r.v)) });
    d.apply([{ id: 'a', v: 1 }]);
    expect(d.apply([{ id: 'a', v: 1.2 }])).toBeNull();
    expect(d.apply([{ id: 'a', v: 1.7 }])?.updated).toEqual([{ id: 'a', v: 1.7 }]);
  });

  it('snapshot = state after the last delta, in input order; deltas applied to it reproduce the state', () => {
    const d = new ScanDiffer<R>();
    d.apply([{ id: 'a', v: 1 }, { id: 'b', v: 1 }]);
    const snap = d.snapshot();
    expect(snap.seq).toBe(1);
    const client = new Map(snap.rows.map((r) => [r.id, r]));
    const delta = d.apply([{ id: 'c', v: 1 }, { id: 'a', v: 5 }]);
    expect(delta?.seq).toBe(snap.seq + 1);
    for (const r of [...(delta?.added ?? []), ...(delta?.updated ?? [])]) client.set(r.id, r);
    for (const id of delta?.removed ?? []) client.delete(id);
    expect([...client.values()].sort((x, y) => x.id.localeCompare(y.id))).toEqual([{ id: 'a', v: 5 }, { id: 'c', v: 1 }]);
    expect(d.snapshot().rows.map((r) => r.id)).toEqual(['c', 'a']);
  });

  it('resync: replays missed deltas while held, else a snapshot', () => {
    const d = new ScanDiffer<R>({ historySize: 2 });
    for (let v = 1; v <= 4; v++) d.apply([{ id: 'a', v }]);
    expect(d.since(4)).toEqual({ kind: 'deltas', deltas: [] });
    const r = d.since(2);
    expect(r.kind).toBe('deltas');
    expect(r.kind === 'deltas' && r.deltas.map((x) => x.seq)).toEqual([3, 4]);
    expect(d.since(1).kind).toBe('snapshot'); // seq 2 no longer held
    expect(d.since(null).kind).toBe('snapshot');
    expect(d.since(99).kind).toBe('snapshot'); // a client from another server life
  });

  it('holds deltas only while their rows add up to no more than the table (beyond that a snapshot is smaller)', () => {
    const d = new ScanDiffer<R>();
    const table = (v: number) => Array.from({ length: 600 }, (_, i) => ({ id: `r${i}`, v }));
    for (let v = 1; v <= 5; v++) d.apply(table(v)); // 600 rows changed each time
    // 1000 rows at least, the table's 600 otherwise: one delta of 600 fits, a second would make 1200
    expect(d.since(4)).toMatchObject({ kind: 'deltas', deltas: [{ seq: 5 }] });
    expect(d.since(3).kind).toBe('snapshot');
    // small deltas of a big table: many are held
    for (let v = 6; v <= 20; v++) d.apply(table(5).map((r, i) => (i === 0 ? { ...r, v } : r)));
    const r = d.since(5);
    expect(r.kind === 'deltas' && r.deltas.map((x) => x.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    // the latest delta is always held, however big
    d.apply(Array.from({ length: 3000 }, (_, i) => ({ id: `n${i}`, v: 1 })));
    expect(d.since(20)).toMatchObject({ kind: 'deltas', deltas: [{ seq: 21 }] });
  });

  it('clear removes everything with a new seq', () => {
    const d = new ScanDiffer<R>();
    d.apply([{ id: 'a', v: 1 }]);
    expect(d.clear()).toMatchObject({ seq: 2, removed: ['a'] });
    expect(d.snapshot().rows).toEqual([]);
  });
});

describe('spreadRowFingerprint', () => {
  const NOW = Date.UTC(2026, 0, 5, 15);
  const market = syntheticMarket({ now: NOW, seed: 7, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 1), expiries: 3, strikesPerExpiry: 20 });
  const rows = new ScanEngine({ spreadTypes: ['bull-put'], widths: [5] }).run(syntheticChains(market), NOW).rows;
  const row = rows.find((r) => r.greeks !== null && r.short.volume !== null) as SpreadRow;
  const fp = (patch: (r: SpreadRow) => void): string => {
    const copy = structuredClone(row);
    patch(copy);
    return spreadRowFingerprint(copy);
  };

  it('changes when a shown value moves at its displayed precision, not below it', () => {
    const base = spreadRowFingerprint(row);
    expect(fp(() => undefined)).toBe(base);
    expect(fp((r) => (r.pop += 0.0001))).not.toBe(base);
    expect(fp((r) => (r.pop += 0.00001))).toBe(base);
    expect(fp((r) => (r.expectedValue += 0.01))).not.toBe(base);
    expect(fp((r) => (r.expectedValue += 0.001))).toBe(base);
    expect(fp((r) => (r.short.bid = (r.short.bid ?? 0) + 0.01))).not.toBe(base);
    expect(fp((r) => (r.long.openInterest = (r.long.openInterest ?? 0) + 1))).not.toBe(base);
    expect(fp((r) => r.flags.push('STALE_QUOTE'))).not.toBe(base);
  });

  it('tells a missing value from zero and buckets the quote time', () => {
    const base = spreadRowFingerprint(row);
    expect(fp((r) => (r.short.volume = null))).not.toBe(fp((r) => (r.short.volume = 0)));
    expect(fp((r) => (r.greeks = null))).not.toBe(base);
    const bucketStart = Math.floor(row.quoteTime / 5000) * 5000;
    expect(fp((r) => (r.quoteTime = bucketStart))).toBe(fp((r) => (r.quoteTime = bucketStart + 4999)));
    expect(fp((r) => (r.quoteTime = bucketStart))).not.toBe(fp((r) => (r.quoteTime = bucketStart + 5000)));
  });
});
