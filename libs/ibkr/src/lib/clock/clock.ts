/**
 * The connection layer's notion of time. Every timer in libs/ibkr (backoff, handshake and request timeouts,
 * watchdog, restart window, token bucket, historical pacing) goes through a Clock, so tests drive time with a
 * manual clock while the API uses the wall clock. The shape matches libs/ib-sim's Clock, so one ManualClock can
 * drive both the simulator and this layer.
 */
export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(cb: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(cb: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** Wall-clock time; timers are unref'd so they never keep the process alive on their own. */
export class SystemClock implements Clock {
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimeout(cb: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      cb();
    }, Math.max(0, ms));
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t) clearTimeout(t);
    this.timers.delete(handle.id);
  }

  setInterval(cb: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setInterval(cb, Math.max(1, ms));
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }

  clearInterval(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }

  /** Timers still pending (tests check that a stopped runtime leaves none). */
  pending(): number {
    return this.timers.size;
  }
}
