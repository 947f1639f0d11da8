/**
 * Time as every timer of the product sees it: the simulator (libs/ib-sim), the connection layer (libs/ibkr) and the
 * order engine go through a Clock, so tests run a trading day, a backoff or a pacing window in milliseconds with a
 * ManualClock while the product runs on the SystemClock. One ManualClock can drive the simulator and the connection
 * layer together.
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

interface ManualTimer {
  id: number;
  at: number;
  cb: () => void;
  every?: number;
}

/** A clock that only moves when told to. `advance(ms)` fires due timers in time order. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  constructor(start: number | Date = Date.UTC(2026, 10, 23, 15, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(cb: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.current + Math.max(0, ms), cb });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  setInterval(cb: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const every = Math.max(1, ms);
    this.timers.push({ id, at: this.current + every, cb, every });
    return { id };
  }

  clearInterval(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.current = due.at;
      if (due.every) due.at += due.every;
      else this.timers = this.timers.filter((t) => t !== due);
      due.cb();
    }
    this.current = target;
  }

  /** Sets the time (forward only), firing due timers. */
  set(to: number | Date): void {
    const t = typeof to === 'number' ? to : to.getTime();
    if (t > this.current) this.advance(t - this.current);
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
