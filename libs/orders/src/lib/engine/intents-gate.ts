/**
 * After a reconnect, pending cancels and modifies go out before anything a trader asks for next (ADR 0011): the engine
 * `hold()`s on the transition to ready and `release()`s once the reconciliation has sent the pending intents; REST
 * placements and modifies `wait()` — at most `maxWaitMs`, so a reconciliation stuck behind a database outage never
 * hangs a request. Walks, exits and the event feed do not wait (no cycle with the reconciliation).
 */
import type { Clock } from '@ibsc/ibkr';

export class IntentsGate {
  private held: { promise: Promise<void>; release: () => void } | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly maxWaitMs = 10_000,
  ) {}

  hold(): void {
    if (this.held) return;
    let release = () => undefined as void;
    const promise = new Promise<void>((r) => (release = r));
    this.held = { promise, release };
  }

  release(): void {
    const h = this.held;
    this.held = null;
    h?.release();
  }

  async wait(): Promise<void> {
    const h = this.held;
    if (!h) return;
    let timer: ReturnType<Clock['setTimeout']> | null = null;
    await Promise.race([h.promise, new Promise<void>((r) => (timer = this.clock.setTimeout(r, this.maxWaitMs)))]);
    if (timer) this.clock.clearTimeout(timer);
  }
}
