import { DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { SCAN_VISIBLE_MAX_IDS, type ScanVisibleReply } from '@ibsc/shared-dto';
import { SystemStatusService } from '../../core/system-status/system-status.service';
import { WALL_CLOCK } from '../../core/time/wall-clock';

/** How long the rows in view must stay put before the server hears of them (scrolling sends one message, not fifty). */
export const VISIBLE_ROWS_DEBOUNCE_MS = 500;

/** The ids to report: the pinned rows (ticket, selection) first, then the rows in view; no duplicates, at most `max`. */
export function visibleRowIds(pinned: ReadonlyArray<string | null>, inView: readonly string[], max = SCAN_VISIBLE_MAX_IDS): string[] {
  const out = new Set<string>();
  for (const id of [...pinned, ...inView]) {
    if (out.size >= max) break;
    if (id) out.add(id);
  }
  return [...out];
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * Tells the server which rows the scanner page shows (`scan.visible`, ADR 0017), so their legs go on streaming
 * lines and are quoted first: the open ticket's row and the selected row, then the rows in the grid's viewport.
 * Debounced; sent only when the list changed; sent again after a reconnect (the server forgot it); cleared when
 * the page is left. Provided by the scanner page, so it lives and dies with it.
 */
@Injectable()
export class VisibleRowsService {
  private readonly system = inject(SystemStatusService);
  private readonly clock = inject(WALL_CLOCK);
  private inView: string[] = [];
  private pinned: Array<string | null> = [];
  /** The list the server holds for this connection; null when it holds none (never sent, or reconnected since). */
  private sent: string[] | null = null;
  private cancelPending: (() => void) | null = null;
  /** The server's refusal of the last list, when it refused one (shown to nobody; for debugging and tests). */
  readonly lastRefusal = signal<Extract<ScanVisibleReply, { ok: false }> | null>(null);

  constructor() {
    // A (re)connect is a new server-side socket with no list: send ours again at once.
    let seenConnects = untracked(() => this.system.connects());
    effect(() => {
      const connects = this.system.connects();
      if (connects > seenConnects)
        untracked(() => {
          this.sent = null;
          this.flush();
        });
      seenConnects = connects;
    });
    inject(DestroyRef).onDestroy(() => {
      this.cancelPending?.();
      if (this.sent?.length) this.system.sendVisibleRows([]);
      this.sent = null;
    });
  }

  /** The ids of the rows in the grid's viewport, in display order. */
  setInView(ids: readonly string[]): void {
    this.inView = [...ids];
    this.schedule();
  }

  /** Rows that go first whatever is in view: the open ticket's row, the selected row (null: none). */
  setPinned(ids: ReadonlyArray<string | null>): void {
    this.pinned = [...ids];
    this.schedule();
  }

  /** The list as it would be sent now. */
  current(): string[] {
    return visibleRowIds(this.pinned, this.inView);
  }

  /** Sends the list now (cancelling a pending send) unless the server already holds this very list. */
  flush(): void {
    this.cancelPending?.();
    this.cancelPending = null;
    const ids = this.current();
    if (this.sent ? sameIds(this.sent, ids) : ids.length === 0) return;
    const sent = this.system.sendVisibleRows(ids, (reply) => this.lastRefusal.set(reply.ok ? null : reply));
    // Not connected: nothing sent; the next connect sends the list then.
    this.sent = sent ? ids : null;
  }

  private schedule(): void {
    this.cancelPending?.();
    this.cancelPending = this.clock.after(VISIBLE_ROWS_DEBOUNCE_MS, () => {
      this.cancelPending = null;
      this.flush();
    });
  }
}
