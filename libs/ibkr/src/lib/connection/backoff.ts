export interface BackoffOptions {
  /** First delay. Default 500 ms. */
  initialMs?: number;
  /** Cap. Default 30 s. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay randomised away (0 = none, 1 = "full jitter"). Default 0.5. */
  jitter?: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * Capped exponential backoff with jitter: attempt n waits min(max, initial·factorⁿ) scaled by a random factor in
 * [1 - jitter, 1], so many clients restarting together do not reconnect in lock-step. Unlimited attempts;
 * `reset()` after a successful connection.
 */
export class ExponentialBackoff {
  private attempt = 0;
  readonly initialMs: number;
  readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 500;
    this.maxMs = opts.maxMs ?? 30_000;
    this.factor = opts.factor ?? 2;
    this.jitter = Math.min(1, Math.max(0, opts.jitter ?? 0.5));
    this.random = opts.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !(this.factor >= 1)) {
      throw new RangeError('backoff: need 0 < initialMs <= maxMs and factor >= 1');
    }
  }

  /** Attempts made since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt, optionally capped lower (e.g. 1 s inside the restart window). */
  next(capMs = this.maxMs): number {
    const cap = Math.min(capMs, this.maxMs);
    const base = Math.min(cap, this.initialMs * Math.pow(this.factor, this.attempt));
    this.attempt++;
    const scaled = base * (1 - this.jitter * this.random());
    return Math.max(1, Math.round(scaled));
  }

  reset(): void {
    this.attempt = 0;
  }
}
