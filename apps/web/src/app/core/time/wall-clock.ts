import { InjectionToken } from '@angular/core';

/**
 * The browser's time, behind a token so tests run on a clock they set (quote ages, tickers). The default is the
 * wall clock and `setInterval`.
 */
export interface WallClock {
  now(): number;
  /** Calls `tick` every `ms`; returns the function that stops it. */
  every(ms: number, tick: () => void): () => void;
}

export const systemWallClock: WallClock = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const handle = setInterval(tick, ms);
    return () => clearInterval(handle);
  },
};

export const WALL_CLOCK = new InjectionToken<WallClock>('WALL_CLOCK', { providedIn: 'root', factory: () => systemWallClock });

/** A clock the test moves: `set(ms)` changes the time and runs the tickers once. */
export class ManualWallClock implements WallClock {
  private readonly ticks = new Set<() => void>();
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  every(_ms: number, tick: () => void): () => void {
    this.ticks.add(tick);
    return () => this.ticks.delete(tick);
  }
  set(ms: number): void {
    this.t = ms;
    for (const tick of this.ticks) tick();
  }
}
