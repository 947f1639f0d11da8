import { InjectionToken } from '@angular/core';

/**
 * The browser's time, behind a token so tests run on a clock they set (quote ages, tickers). The default is the
 * wall clock and `setInterval`.
 */
export interface WallClock {
  now(): number;
  /** Calls `tick` every `ms`; returns the function that stops it. */
  every(ms: number, tick: () => void): () => void;
  /** Calls `run` once after `ms`; returns the function that cancels it. */
  after(ms: number, run: () => void): () => void;
}

export const systemWallClock: WallClock = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const handle = setInterval(tick, ms);
    return () => clearInterval(handle);
  },
  after: (ms, run) => {
    const handle = setTimeout(run, ms);
    return () => clearTimeout(handle);
  },
};

export const WALL_CLOCK = new InjectionToken<WallClock>('WALL_CLOCK', { providedIn: 'root', factory: () => systemWallClock });

/** A clock the test moves: `set(ms)` changes the time, runs the timers that fell due and the tickers once. */
export class ManualWallClock implements WallClock {
  private readonly ticks = new Set<() => void>();
  private readonly timers = new Set<{ at: number; run: () => void }>();
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  every(_ms: number, tick: () => void): () => void {
    this.ticks.add(tick);
    return () => this.ticks.delete(tick);
  }
  after(ms: number, run: () => void): () => void {
    const timer = { at: this.t + ms, run };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }
  set(ms: number): void {
    this.t = ms;
    const due = [...this.timers].filter((timer) => timer.at <= ms).sort((a, b) => a.at - b.at);
    for (const timer of due) {
      this.timers.delete(timer);
      timer.run();
    }
    for (const tick of this.ticks) tick();
  }
  /** Moves the time forward by `ms` (see `set`). */
  advance(ms: number): void {
    this.set(this.t + ms);
  }
}
