/**
 * Coalesces the continuous scan's publications (issue 17, item 3): expiry batches arrive every second or so per
 * symbol, and each could re-score and publish; at most `perSecond` publications go out per second, each covering
 * every symbol changed since the last one. A request inside the interval is held and runs when the interval ends
 * (one timer at a time); `flush()` runs a held one now (the end of a cycle), `cancel()` drops it (stop).
 *
 * A publication may be asynchronous (the scoring runs in a worker, ADR 0025): while it runs, requests are held, and
 * the interval counts from its end, so deltas reach clients at most `perSecond` a second however long scoring takes.
 */
import type { Clock } from '@ibsc/ibkr';

/** Publications per second at most, by default: a table that fills visibly without a delta per batch. */
export const DEFAULT_PUBLISHES_PER_SECOND = 4;

export class PublishThrottle {
  private readonly pending = new Set<string>();
  private timer: ReturnType<Clock['setTimeout']> | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  /** A publication is running (its promise has not settled). */
  private busy = false;
  /** flush() was called while busy: run when it ends. */
  private flushAfter = false;

  constructor(
    private readonly clock: Clock,
    private readonly publish: (symbols: string[], flushed: boolean) => void | Promise<void>,
    perSecond = DEFAULT_PUBLISHES_PER_SECOND,
  ) {
    if (!(perSecond > 0)) throw new Error(`publishes per second must be positive, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** `symbol` changed: publish now if the interval allows, else with the next publication. */
  request(symbol: string): void {
    this.pending.add(symbol);
    if (this.timer !== null || this.busy) return;
    this.schedule();
  }

  private schedule(): void {
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0) this.run(false);
    else this.timer = this.clock.setTimeout(() => this.run(false), wait);
  }

  /** Symbols waiting for the next publication. */
  held(): string[] {
    return [...this.pending];
  }

  /** Publishes what is held now (nothing held: nothing happens). */
  flush(): void {
    if (this.pending.size === 0) return;
    if (this.busy) this.flushAfter = true;
    else this.run(true);
  }

  /** Drops what is held. */
  cancel(): void {
    this.clearTimer();
    this.pending.clear();
    this.flushAfter = false;
  }

  private run(flushed: boolean): void {
    this.clearTimer();
    if (this.pending.size === 0) return;
    const symbols = [...this.pending];
    this.pending.clear();
    this.last = this.clock.now();
    const running = this.publish(symbols, flushed);
    if (!(running instanceof Promise)) return;
    this.busy = true;
    const ended = () => {
      this.busy = false;
      this.last = this.clock.now();
      const flush = this.flushAfter;
      this.flushAfter = false;
      if (flush) this.flush();
      else if (this.pending.size > 0 && this.timer === null) this.schedule();
    };
    running.then(ended, ended);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
