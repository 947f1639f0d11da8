/**
 * The continuous scan's published table: its rows in rank order (`ScanRow`s, ADR 0027) and the differ that numbers
 * their changes for clients. A scoring's changes go in (`apply`); snapshots, resync answers and results pages come
 * out, all at the same sequence.
 */
import type { ScanFunnel, ScanResyncReply, ScanSnapshotEvent, SpreadRow } from '@ibsc/shared-dto';
import { ScanDiffer, spreadRowFingerprint, type ScanDelta } from '../scan/scan-diff';
import { pageOfRows, type ScanResultsPage, type ScanResultsQuery } from './scan-results';
import { ScanRow, type EncodedRow } from './scan-row';

export class ScanTable {
  private readonly differ: ScanDiffer<SpreadRow>;
  private ranked: SpreadRow[] = [];

  constructor(now: () => number) {
    this.differ = new ScanDiffer<SpreadRow>({ fingerprint: (r) => spreadRowFingerprint(r), now });
  }

  /** The sequence number of the latest delta: the table changes only with it (the results ETag). */
  get seq(): number {
    return this.differ.seq;
  }

  /** The rows, in rank order. */
  get rows(): readonly SpreadRow[] {
    return this.ranked;
  }

  row(id: string): SpreadRow | undefined {
    return this.differ.row(id);
  }

  /** A scoring's changes (the rows it added or updated, and every id in order when the set or order changed). */
  apply(changed: readonly EncodedRow[], order: readonly string[] | null): ScanDelta<SpreadRow> | null {
    const delta = this.differ.applyChanges(
      changed.map((e) => new ScanRow(e)),
      order,
    );
    if (delta) this.ranked = this.differ.current();
    return delta;
  }

  /** Every row removed, with a new sequence number (null when it was empty). */
  clear(): ScanDelta<SpreadRow> | null {
    this.ranked = [];
    return this.differ.clear();
  }

  snapshot(funnel: ScanFunnel | null): ScanSnapshotEvent {
    return { ...this.differ.snapshot(), funnel };
  }

  /** What a client that applied everything up to `lastSeq` needs: the missed deltas while held, else a snapshot. */
  resync(lastSeq: number | null, funnel: ScanFunnel | null): ScanResyncReply {
    const r = this.differ.since(lastSeq);
    return r.kind === 'deltas' ? r : { kind: 'snapshot', snapshot: { ...r.snapshot, funnel } };
  }

  page(query: ScanResultsQuery): ScanResultsPage {
    return pageOfRows(this.ranked, this.differ.seq, query);
  }

  /** The age of the oldest quote among the rows (ms), null without rows. */
  oldestQuoteAgeMs(now: number): number | null {
    let oldest: number | null = null;
    for (const r of this.ranked) oldest = Math.max(oldest ?? -Infinity, now - r.quoteTime);
    return oldest;
  }
}
