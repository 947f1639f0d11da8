/**
 * Producers of optional work waiting for room in the request queue (ADR 0028): each waits until fewer than its
 * `depth` requests are queued. They are woken in arrival order, only as many as the queue has room for, as requests
 * leave it: a producer keeping the queue short (the scan's acquisition, up to one waiter per line) waits without
 * polling, and a dequeued request wakes one waiter, not all of them.
 */
export class QueueRoom {
  private waiters: RoomWaiter[] = [];
  /** Producers woken whose request is not queued yet (see `wake`). */
  private reserved = 0;
  private reserveReset: ReturnType<typeof setImmediate> | undefined;
  private closed = false;

  /** `depthNow`: the requests queued now. */
  constructor(private readonly depthNow: () => number) {}

  /** Resolves when fewer than `depth` requests are queued (at once if so), when `signal` aborts, or on `close()`. */
  wait(depth: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted || this.depthNow() < depth) return Promise.resolve();
    return new Promise((resolve) => {
      const w: RoomWaiter = { depth, resolve: () => settle() };
      const onAbort = (): void => settle();
      const settle = (): void => {
        signal?.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(w);
    });
  }

  /** Producers waiting (metrics, tests). */
  get waiting(): number {
    return this.waiters.length;
  }

  /** A request entered the queue: a woken producer's, if one holds a place. */
  queued(): void {
    if (this.reserved > 0) this.reserved--;
  }

  /**
   * The queue holds `depth` requests: wakes the first waiters it has room for. Each counts as the request it is about
   * to submit (`reserved`, until that request is queued or the turn of the event loop ends): several answers read at
   * once must not wake one producer each for the same free place.
   */
  wake(depth: number): void {
    if (this.waiters.length === 0) return;
    let d = depth + this.reserved;
    for (const w of [...this.waiters]) {
      if (d >= w.depth) continue;
      d++;
      this.reserved++;
      w.resolve();
    }
    if (this.reserved > 0 && !this.reserveReset) {
      // A woken producer that submitted nothing (aborted meanwhile) gives its place back after this turn.
      this.reserveReset = setImmediate(() => {
        this.reserveReset = undefined;
        this.reserved = 0;
        if (!this.closed) this.wake(this.depthNow());
      });
    }
  }

  /** Releases every waiter; later waits resolve at once (the coordinator stopped). */
  close(): void {
    this.closed = true;
    for (const w of [...this.waiters]) w.resolve();
    if (this.reserveReset) clearImmediate(this.reserveReset);
    this.reserveReset = undefined;
  }
}

interface RoomWaiter {
  depth: number;
  resolve(): void;
}
