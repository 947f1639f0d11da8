import { DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import type { ScanDeltaEvent, ScanErrorEvent, ScanFunnel, ScanSnapshotEvent, ScanStatus, SpreadRow } from '@ibsc/shared-dto';
import { Subject } from 'rxjs';
import { SystemStatusService } from '../../core/system-status/system-status.service';

/** What the grid must apply: always a transaction, never a reload. `remove` holds the rows as last seen. */
export interface RowTransaction {
  add: SpreadRow[];
  update: SpreadRow[];
  remove: SpreadRow[];
}

/**
 * The live result set, built from `scan.snapshot` and `scan.delta` with sequence checks. A delta that does not
 * follow the last applied one (a gap, or a reconnect) triggers `scan.resync`; deltas arriving meanwhile are held
 * and replayed. A snapshot is diffed against the rows held, so the grid still gets a transaction (selection and
 * scroll survive a resync).
 */
@Injectable({ providedIn: 'root' })
export class ScanStreamService {
  private readonly system = inject(SystemStatusService);
  private readonly rows = new Map<string, SpreadRow>();
  private seq: number | null = null;
  private resyncing = false;
  private held: ScanDeltaEvent[] = [];
  private readonly transactions = new Subject<RowTransaction>();

  /** Every change to the rows, as a grid transaction. */
  readonly changes = this.transactions.asObservable();
  readonly rowCount = signal(0);
  readonly lastUpdateAt = signal<string | null>(null);
  readonly funnel = signal<ScanFunnel | null>(null);
  readonly status = signal<ScanStatus | null>(null);
  readonly lastError = signal<ScanErrorEvent | null>(null);
  /** Resyncs done (gaps or reconnects); shown so a flaky link is visible. */
  readonly resyncs = signal(0);
  readonly lastSeq = signal<number | null>(null);

  constructor() {
    const offs = [
      this.system.on('scan.snapshot', (s) => this.applySnapshot(s)),
      this.system.on('scan.delta', (d) => this.onDelta(d)),
      this.system.on('scan.status', (s) => this.onStatus(s)),
      this.system.on('scan.error', (e) => this.lastError.set(e)),
    ];
    inject(DestroyRef).onDestroy(() => offs.forEach((off) => off()));
    // Created after the socket connected (the scanner page opened later): the snapshot went by; ask for it.
    if (untracked(() => this.system.link()) === 'connected') void this.resync();
    // After a reconnect, whatever was sent meanwhile is lost: ask for it.
    let seenConnects = untracked(() => this.system.connects());
    effect(() => {
      const connects = this.system.connects();
      if (connects > seenConnects && seenConnects > 0) void untracked(() => this.resync());
      seenConnects = connects;
    });
  }

  /** The rows held now (for a grid created after the stream started). */
  current(): SpreadRow[] {
    return [...this.rows.values()];
  }

  get(id: string): SpreadRow | undefined {
    return this.rows.get(id);
  }

  /** Forgets every row (a new scan starts from its snapshot). */
  clear(): void {
    const removed = this.current();
    this.rows.clear();
    this.seq = null;
    this.held = [];
    this.lastSeq.set(null);
    this.rowCount.set(0);
    if (removed.length) this.transactions.next({ add: [], update: [], remove: removed });
  }

  applySnapshot(snapshot: ScanSnapshotEvent): void {
    const next = new Map(snapshot.rows.map((r) => [r.id, r] as const));
    const tx: RowTransaction = { add: [], update: [], remove: [] };
    for (const [id, row] of this.rows) if (!next.has(id)) tx.remove.push(row);
    for (const [id, row] of next) (this.rows.has(id) ? tx.update : tx.add).push(row);
    this.rows.clear();
    for (const [id, row] of next) this.rows.set(id, row);
    this.seq = snapshot.seq;
    this.lastSeq.set(snapshot.seq);
    this.funnel.set(snapshot.funnel);
    this.lastUpdateAt.set(snapshot.at);
    this.rowCount.set(this.rows.size);
    this.emit(tx);
    // Deltas that arrived during a resync and follow the snapshot.
    const held = this.held.filter((d) => d.seq > snapshot.seq).sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const d of held) this.onDelta(d);
  }

  private onDelta(delta: ScanDeltaEvent): void {
    if (this.resyncing) {
      this.held.push(delta);
      return;
    }
    if (this.seq !== null && delta.seq <= this.seq) return; // already applied
    if (this.seq === null || delta.seq !== this.seq + 1) {
      this.held.push(delta);
      void this.resync();
      return;
    }
    this.applyDelta(delta);
  }

  private applyDelta(delta: ScanDeltaEvent): void {
    const tx: RowTransaction = { add: [], update: [], remove: [] };
    for (const id of delta.removed) {
      const row = this.rows.get(id);
      if (row) {
        tx.remove.push(row);
        this.rows.delete(id);
      }
    }
    for (const row of [...delta.added, ...delta.updated]) {
      (this.rows.has(row.id) ? tx.update : tx.add).push(row);
      this.rows.set(row.id, row);
    }
    this.seq = delta.seq;
    this.lastSeq.set(delta.seq);
    this.lastUpdateAt.set(delta.at);
    this.rowCount.set(this.rows.size);
    this.emit(tx);
  }

  private onStatus(status: ScanStatus): void {
    this.status.set(status);
    if (status.funnel) this.funnel.set(status.funnel);
  }

  /** Asks the server for what was missed; replays the missed deltas or takes the fresh snapshot. */
  async resync(): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    this.resyncs.update((n) => n + 1);
    let reply;
    try {
      reply = await this.system.resyncScan({ lastSeq: this.seq });
    } finally {
      this.resyncing = false;
    }
    if (!reply) return; // offline or no answer: the next delta (or reconnect) tries again
    if (reply.kind === 'snapshot') {
      this.applySnapshot(reply.snapshot);
      return;
    }
    const pending = [...reply.deltas, ...this.held].sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const d of pending) {
      if (this.seq !== null && d.seq <= this.seq) continue;
      if (this.seq !== null && d.seq !== this.seq + 1) {
        this.held = pending.filter((p) => p.seq >= d.seq);
        void this.resync();
        return;
      }
      this.applyDelta(d);
    }
  }

  private emit(tx: RowTransaction): void {
    if (tx.add.length || tx.update.length || tx.remove.length) this.transactions.next(tx);
  }
}
