export interface CoalescerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: CoalescerTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Runs `fire` at most once per `intervalMs` for a burst of requests: the first request of a quiet period at once
 * (a change is seen without delay), the rest of the burst once at the end of the window (so the last change is
 * never dropped, only merged with the ones before it).
 */
export class BurstCoalescer {
  private timer: unknown = null;
  private pending = false;

  constructor(
    private readonly fire: () => void,
    private readonly intervalMs: number,
    private readonly timers: CoalescerTimers = GLOBAL_TIMERS,
  ) {}

  request(): void {
    if (this.timer !== null) {
      this.pending = true;
      return;
    }
    this.fire();
    this.openWindow();
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = false;
  }

  private openWindow(): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      if (!this.pending) return;
      this.pending = false;
      this.fire();
      this.openWindow();
    }, this.intervalMs);
  }
}
