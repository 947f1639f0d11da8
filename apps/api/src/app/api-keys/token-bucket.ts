/**
 * Per-key rate limit: a token bucket per key id (capacity `burst`, refilled at `perSec`), in memory, on the injected
 * clock. Like the sign-in throttle (ADR 0008) it is per process: N replicas allow N× the rate (ADR 0016).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly limits: { perSec: number; burst: number },
    private readonly nowMs: () => number,
  ) {}

  /** Takes one token; null when granted, else the seconds until one is available (for Retry-After, at least 1). */
  take(key: string): number | null {
    const now = this.nowMs();
    const b = this.buckets.get(key) ?? { tokens: this.limits.burst, atMs: now };
    const elapsedSec = Math.max(0, now - b.atMs) / 1000;
    b.tokens = Math.min(this.limits.burst, b.tokens + elapsedSec * this.limits.perSec);
    b.atMs = now;
    if (this.buckets.size > 10_000 && !this.buckets.has(key)) this.buckets.clear();
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limits.perSec));
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
