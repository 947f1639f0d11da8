/**
 * Coalesces the continuous scan's publications (issue 17, item 3): expiry batches arrive every second or so per
 * symbol, and each could re-score and publish; at most `perSecond` publications go out per second, each covering
 * every symbol changed since the last one. A request inside the interval is held and runs when the interval ends
 * (one timer at a time); `flush()` runs a held one now (the end of a cycle), `cancel()` drops it (stop).
 */
import type { Clock } from '@ibsc/ibkr';

/** Publications per second at most, by default: a table that fills visibly without a delta per batch. */
export const DEFAULT_PUBLISHES_PER_SECOND = 4;

export class PublishThrottle {
  private readonly pending = new Set<string>();
  private timer: ReturnType<Clock['setTimeout']> | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly publish: (symbols: string[], flushed: boolean) => void,
    perSecond = DEFAULT_PUBLISHES_PER_SECOND,
  ) {
    if (!(perSecond > 0)) throw new Error(`publishes per second must be positive, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** `symbol` changed: publish now if the interval allows, else with the next publication. */
  request(symbol: string): void {
    this.pending.add(symbol);
    if (this.timer !== null) return;
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
    if (this.pending.size > 0) this.run(true);
  }

  /** Drops what is held. */
  cancel(): void {
    this.clearTimer();
    this.pending.clear();
  }

  private run(flushed: boolean): void {
    this.clearTimer();
    if (this.pending.size === 0) return;
    const symbols = [...this.pending];
    this.pending.clear();
    this.last = this.clock.now();
    this.publish(symbols, flushed);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
