import type { Clock } from '../clock/clock';

/**
 * A token bucket on the injected clock: `ratePerSec` tokens per second, at most `capacity` stored. With capacity c
 * and rate r, no window of one second ever sees more than r + c messages, so 45/s with capacity 2 stays under IB's
 * 50/s even when the gateway counts in fixed one-second windows.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    readonly ratePerSec: number,
    readonly capacity: number = Math.max(1, Math.floor(ratePerSec / 20)),
  ) {
    if (!(ratePerSec > 0) || !(capacity >= 1)) throw new RangeError('token bucket: rate > 0 and capacity >= 1');
    this.tokens = capacity;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.ratePerSec) / 1000);
      this.last = now;
    }
  }

  /** Takes a token if one is there. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until a token will be there (0 if now). */
  msUntilToken(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSec);
  }

  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }
}
