/**
 * Turns successive result sets into a snapshot plus deltas (added / updated / removed) with sequence numbers.
 *
 * - Rows are keyed by their stable id. A row is "updated" when its fingerprint changes (by default the fields a
 *   grid shows, rounded, and the quote time in 5-second buckets, so a ticking quote age alone is not an update).
 * - `apply` returns null when nothing changed (no sequence number is spent); otherwise the delta has seq + 1.
 * - A snapshot carries the seq of the last delta it includes; a client applies deltas from seq + 1 and resyncs on
 *   any gap with `since(lastSeq)`, which replays the missed deltas while they are held (the last `historySize`, and
 *   only while their rows add up to no more than the table's), or returns a full snapshot.
 */
import type { SpreadRow } from '@ibsc/shared-dto';

export interface ScanDelta<T> {
  seq: number;
  at: string;
  added: T[];
  updated: T[];
  removed: string[];
}

export interface ScanSnapshot<T> {
  seq: number;
  at: string;
  rows: T[];
}

export type ResyncReply<T> = { kind: 'deltas'; deltas: Array<ScanDelta<T>> } | { kind: 'snapshot'; snapshot: ScanSnapshot<T> };

/** Rows the held deltas may always add up to, however small the table (a resync of a small table stays a replay). */
export const HISTORY_MIN_ROWS = 1000;

const deltaRows = (d: ScanDelta<unknown>): number => d.added.length + d.updated.length + d.removed.length;

export interface ScanDifferOptions<T> {
  fingerprint?: (row: T) => string;
  /** Deltas kept for resync. Default 64; fewer while their rows add up to more than the table's (or HISTORY_MIN_ROWS). */
  historySize?: number;
  /** Epoch ms; inject a clock in tests. */
  now?: () => number;
}

export class ScanDiffer<T extends { id: string }> {
  /** Current rows and their fingerprints, in input order (a Map keeps insertion order). */
  private rows = new Map<string, T>();
  private fps = new Map<string, string>();
  /** The previous generation's maps, cleared and refilled by the next apply (no per-scan allocation). */
  private spareRows = new Map<string, T>();
  private spareFps = new Map<string, string>();
  private seqNo = 0;
  private readonly history: Array<ScanDelta<T>> = [];
  /** The rows (added, updated, removed) of the deltas held. */
  private historyRows = 0;
  private readonly fingerprint: (row: T) => string;
  private readonly historySize: number;
  private readonly now: () => number;

  constructor(options: ScanDifferOptions<T> = {}) {
    this.fingerprint = options.fingerprint ?? ((row: T) => JSON.stringify(row));
    this.historySize = options.historySize ?? 64;
    this.now = options.now ?? (() => Date.now());
  }

  get seq(): number {
    return this.seqNo;
  }

  /** Replaces the result set; returns the delta, or null when nothing changed. Input order is kept for snapshots. */
  apply(current: readonly T[]): ScanDelta<T> | null {
    const nextRows = this.spareRows;
    const nextFps = this.spareFps;
    nextRows.clear();
    nextFps.clear();
    const added: T[] = [];
    const updated: T[] = [];
    for (const row of current) {
      if (nextRows.has(row.id)) continue;
      const fp = this.fingerprint(row);
      nextRows.set(row.id, row);
      nextFps.set(row.id, fp);
      const prev = this.fps.get(row.id);
      if (prev === undefined) added.push(row);
      else if (prev !== fp) updated.push(row);
    }
    const removed: string[] = [];
    if (this.rows.size + added.length > nextRows.size) for (const id of this.rows.keys()) if (!nextRows.has(id)) removed.push(id);
    this.spareRows = this.rows;
    this.spareFps = this.fps;
    this.rows = nextRows;
    this.fps = nextFps;
    return this.record(added, updated, removed);
  }

  private record(added: T[], updated: T[], removed: string[]): ScanDelta<T> | null {
    if (added.length === 0 && updated.length === 0 && removed.length === 0) return null;
    const delta: ScanDelta<T> = { seq: ++this.seqNo, at: new Date(this.now()).toISOString(), added, updated, removed };
    this.history.push(delta);
    this.historyRows += deltaRows(delta);
    // Deltas are replayed only while that is cheaper than a snapshot: a broad scan re-scores most of its table every
    // publication, and 64 of its deltas held hundreds of MB of rows alive on the API's heap for nobody (ADR 0027).
    while (this.history.length > this.historySize || (this.history.length > 1 && this.historyRows > Math.max(this.rows.size, HISTORY_MIN_ROWS))) {
      this.historyRows -= deltaRows(this.history.shift() as ScanDelta<T>);
    }
    return delta;
  }

  /**
   * Replaces the result set from changes computed elsewhere (the scoring worker's own differ, ADR 0025): `changed`
   * holds the rows added or updated there, `order` every id of the new set in order (null: the same ids in the same
   * order). The delta is this differ's own view (a row it does not hold is added, whatever the sender thought), so a
   * sender that restarted with an empty differ cannot put the two out of step. Fingerprints are not kept: a differ
   * fed this way is fed only this way (apply([]) still clears it).
   */
  applyChanges(changed: readonly T[], order: readonly string[] | null): ScanDelta<T> | null {
    const added: T[] = [];
    const updated: T[] = [];
    const removed: string[] = [];
    if (order === null) {
      for (const row of changed) {
        if (!this.rows.has(row.id)) continue;
        this.rows.set(row.id, row);
        updated.push(row);
      }
    } else {
      const byId = new Map<string, T>();
      for (const row of changed) byId.set(row.id, row);
      const next = this.spareRows;
      next.clear();
      for (const id of order) {
        const fresh = byId.get(id);
        const row = fresh ?? this.rows.get(id);
        if (row === undefined) throw new Error(`scan rows out of step: ${id} is neither changed nor held`);
        next.set(id, row);
        if (!this.rows.has(id)) added.push(row);
        else if (fresh) updated.push(row);
      }
      for (const id of this.rows.keys()) if (!next.has(id)) removed.push(id);
      this.spareRows = this.rows;
      this.rows = next;
      this.fps.clear();
    }
    return this.record(added, updated, removed);
  }

  /** The row held under `id`. */
  row(id: string): T | undefined {
    return this.rows.get(id);
  }

  /** The rows held, in order. */
  current(): T[] {
    return [...this.rows.values()];
  }

  snapshot(): ScanSnapshot<T> {
    return { seq: this.seqNo, at: new Date(this.now()).toISOString(), rows: [...this.rows.values()] };
  }

  /** What a client that applied everything up to `lastSeq` needs. */
  since(lastSeq: number | null): ResyncReply<T> {
    if (lastSeq !== null && Number.isInteger(lastSeq) && lastSeq <= this.seqNo) {
      if (lastSeq === this.seqNo) return { kind: 'deltas', deltas: [] };
      const first = this.history[0]?.seq;
      if (first !== undefined && lastSeq + 1 >= first) return { kind: 'deltas', deltas: this.history.filter((d) => d.seq > lastSeq) };
    }
    return { kind: 'snapshot', snapshot: this.snapshot() };
  }

  /** Forgets the rows (e.g. on stop); the sequence continues so clients see a removal delta, never a reused seq. */
  clear(): ScanDelta<T> | null {
    return this.apply([]);
  }
}

/** x rounded to 1/scale, as an integer (NaN, printed "NaN", for null or not finite): cheaper than toFixed. */
const rq = (x: number | null | undefined, scale: number): number => (x === null || x === undefined || !Number.isFinite(x) ? Number.NaN : Math.round(x * scale));
const n4 = (x: number | null | undefined): number => rq(x, 1e4);
const n2 = (x: number | null | undefined): number => rq(x, 1e2);
const nn = (x: number | null): number => (x === null ? Number.NaN : x);

/**
 * The default fingerprint of a SpreadRow: prices and probabilities to 4 decimals, money and score to 2, the
 * legs' quotes, volume, OI, flags, and the quote time in 5-second buckets. Built from integers in one template
 * (it runs for every returned row of every scan).
 */
export function spreadRowFingerprint(row: SpreadRow, quoteTimeBucketMs = 5000): string {
  const s = row.short;
  const l = row.long;
  const g = row.greeks;
  return (
    `${n4(s.bid)}|${n4(s.ask)}|${n4(l.bid)}|${n4(l.ask)}|${nn(s.volume)}|${nn(l.volume)}|${nn(s.openInterest)}|${nn(l.openInterest)}|` +
    `${n4(row.spot)}|${n4(row.expectedFill)}|${n4(row.pop)}|${n4(row.popDelta)}|${n4(row.touch)}|${n2(row.expectedValue)}|${n2(row.score)}|` +
    `${n4(g?.delta)}|${n4(g?.theta)}|${n4(g?.vega)}|${n4(row.ivAtBreakeven)}|${row.dte}|${row.flags.join(',')}|${Math.floor(row.quoteTime / quoteTimeBucketMs)}`
  );
}
