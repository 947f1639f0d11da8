import type { Clock } from '../clock';

export type RateVerdict = 'ok' | 'over-first' | 'over' | 'disconnect';

/**
 * IB's 50 messages per second per connection. Fixed one-second windows on the injected clock.
 * The first message over the limit in a window is answered with error 100 (`over-first`); messages over the
 * limit are discarded; after `disconnectAfter` consecutive violating windows the connection is closed.
 */
export class MessageRateLimiter {
  private windowStart: number;
  private count = 0;
  private violatedThisWindow = false;
  private streak = 0;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
    private readonly disconnectAfter: number,
  ) {
    this.windowStart = clock.now();
  }

  check(): RateVerdict {
    const now = this.clock.now();
    if (now - this.windowStart >= 1000) {
      const adjacent = now - this.windowStart < 2000;
      this.streak = this.violatedThisWindow && adjacent ? this.streak : 0;
      this.windowStart = now;
      this.count = 0;
      this.violatedThisWindow = false;
    }
    this.count++;
    if (this.perSecond <= 0 || this.count <= this.perSecond) return 'ok';
    if (this.violatedThisWindow) return 'over';
    this.violatedThisWindow = true;
    this.streak++;
    return this.disconnectAfter > 0 && this.streak >= this.disconnectAfter ? 'disconnect' : 'over-first';
  }
}
