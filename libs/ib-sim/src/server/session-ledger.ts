/**
 * Who held which client id, and when: the simulator's record of API sessions (a session = a connection that passed
 * startApi with a client id; refused ones are counted apart). Tests read it to prove that a set of clients never had
 * two sessions at once (issue 11: one IB session owner at a time, across CLIENT_ID and its fallback id).
 */

/** Sessions of one client id. `current` is 0 or 1: a second session of a connected id is refused (326). */
export interface ClientIdSessions {
  clientId: number;
  /** Open now. */
  current: number;
  /** Most open at once since the simulator started. */
  maxConcurrent: number;
  /** Sessions opened since start. */
  opened: number;
  /** startApi attempts refused with 326 because the id was connected. */
  refused: number;
}

export interface SessionStats {
  /** Every client id together. */
  current: number;
  maxConcurrent: number;
  opened: number;
  refused: number;
  /** Per client id, for every id that ever opened a session or was refused. */
  byClientId: Record<number, ClientIdSessions>;
}

/** A group of client ids seen as one (e.g. an owner's CLIENT_ID and its fallback id). */
export interface GroupSessions {
  clientIds: number[];
  current: number;
  /** Most sessions open at once among these ids, over the recorded sessions. */
  maxConcurrent: number;
  opened: number;
  /** False when older sessions were dropped from the record (more than SESSION_RECORD_LIMIT): figures cover the rest. */
  complete: boolean;
}

export interface SessionRecord {
  sessionId: number;
  clientId: number;
  remote: string;
  /** Simulator clock, epoch milliseconds. */
  openedAt: number;
  closedAt: number | null;
  closeReason: string | null;
}

/** Sessions kept for `records()` and group figures; per-id and total counters are never truncated. */
export const SESSION_RECORD_LIMIT = 10_000;

interface Entry extends SessionRecord {
  openSeq: number;
  closeSeq: number | null;
}

export class SessionLedger {
  private seq = 0;
  private current = 0;
  private maxConcurrent = 0;
  private opened = 0;
  private refusedTotal = 0;
  private dropped = 0;
  private readonly byId = new Map<number, ClientIdSessions>();
  private readonly open = new Map<number, Entry>();
  private readonly entries: Entry[] = [];

  constructor(private readonly now: () => number) {}

  sessionOpened(sessionId: number, clientId: number, remote: string): void {
    const id = this.forId(clientId);
    id.current++;
    id.opened++;
    id.maxConcurrent = Math.max(id.maxConcurrent, id.current);
    this.current++;
    this.opened++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.current);
    const entry: Entry = {
      sessionId,
      clientId,
      remote,
      openedAt: this.now(),
      closedAt: null,
      closeReason: null,
      openSeq: ++this.seq,
      closeSeq: null,
    };
    this.open.set(sessionId, entry);
    this.entries.push(entry);
    if (this.entries.length > SESSION_RECORD_LIMIT) {
      this.entries.shift();
      this.dropped++;
    }
  }

  sessionClosed(sessionId: number, reason: string): void {
    const entry = this.open.get(sessionId);
    if (!entry) return;
    this.open.delete(sessionId);
    entry.closedAt = this.now();
    entry.closeReason = reason;
    entry.closeSeq = ++this.seq;
    this.forId(entry.clientId).current--;
    this.current--;
  }

  refused(clientId: number): void {
    this.forId(clientId).refused++;
    this.refusedTotal++;
  }

  stats(): SessionStats {
    const byClientId: Record<number, ClientIdSessions> = {};
    for (const [id, s] of [...this.byId.entries()].sort((a, b) => a[0] - b[0])) byClientId[id] = { ...s };
    return {
      current: this.current,
      maxConcurrent: this.maxConcurrent,
      opened: this.opened,
      refused: this.refusedTotal,
      byClientId,
    };
  }

  /** Figures for several client ids taken as one, computed from the recorded sessions in the order they happened. */
  group(clientIds: readonly number[]): GroupSessions {
    const ids = new Set(clientIds);
    const marks: [seq: number, delta: number][] = [];
    let opened = 0;
    for (const e of this.entries) {
      if (!ids.has(e.clientId)) continue;
      opened++;
      marks.push([e.openSeq, 1]);
      if (e.closeSeq !== null) marks.push([e.closeSeq, -1]);
    }
    marks.sort((a, b) => a[0] - b[0]);
    let open = 0;
    let max = 0;
    for (const [, d] of marks) {
      open += d;
      max = Math.max(max, open);
    }
    const current = [...this.open.values()].filter((e) => ids.has(e.clientId)).length;
    return {
      clientIds: [...ids].sort((a, b) => a - b),
      current,
      maxConcurrent: Math.max(max, current),
      opened,
      complete: this.dropped === 0,
    };
  }

  /** The most recent sessions, oldest first (at most `limit`). */
  records(limit = SESSION_RECORD_LIMIT): SessionRecord[] {
    return this.entries
      .slice(-limit)
      .map(({ sessionId, clientId, remote, openedAt, closedAt, closeReason }) => ({
        sessionId,
        clientId,
        remote,
        openedAt,
        closedAt,
        closeReason,
      }));
  }

  private forId(clientId: number): ClientIdSessions {
    let s = this.byId.get(clientId);
    if (!s) {
      s = { clientId, current: 0, maxConcurrent: 0, opened: 0, refused: 0 };
      this.byId.set(clientId, s);
    }
    return s;
  }
}
