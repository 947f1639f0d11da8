import type { Clock } from '../clock/clock';

/** IB's historical-data limits (historical_limitations page); every one can be overridden. */
export interface HistoricalLimits {
  /** Bars of at most this many seconds are paced (IB lifts the rules for larger bars). */
  pacedBarSeconds: number;
  /** No identical request within this window. */
  identicalWindowMs: number;
  /** At most this many requests for one contract/exchange/tick type within `sameContractWindowMs` (IB: "6 or more" is a violation). */
  sameContractMax: number;
  sameContractWindowMs: number;
  /** At most this many paced requests within `windowMs`. */
  maxPerWindow: number;
  windowMs: number;
  /** Simultaneously open historical requests, paced or not. */
  maxOpen: number;
  /**
   * Added to every time window: the gateway counts when a request arrives, and network jitter can make two
   * requests sent exactly a window apart arrive less than a window apart.
   */
  marginMs: number;
}

export const IB_HISTORICAL_LIMITS: HistoricalLimits = {
  pacedBarSeconds: 30,
  identicalWindowMs: 15_000,
  sameContractMax: 5,
  sameContractWindowMs: 2_000,
  maxPerWindow: 60,
  windowMs: 10 * 60_000,
  maxOpen: 50,
  marginMs: 250,
};

export interface HistoricalPacingKey {
  /** Contract + exchange + whatToShow. */
  contractKey: string;
  /** Everything that makes two requests identical. */
  identityKey: string;
  barSeconds: number;
  /** BID_ASK counts twice. */
  weight: number;
}

interface Sent {
  at: number;
  key: HistoricalPacingKey;
}

/**
 * Decides when a historical request may go out without a pacing violation (162): `delayMs(key)` is 0 when it
 * may go now, else how long to wait. `sent(key)` records one that went; `opened()`/`closed()` count open ones.
 * Only requests that went out are counted, so a waiting request never blocks itself.
 */
export class HistoricalPacer {
  private readonly log: Sent[] = [];
  private open = 0;

  constructor(
    private readonly clock: Clock,
    readonly limits: HistoricalLimits = IB_HISTORICAL_LIMITS,
  ) {}

  get openRequests(): number {
    return this.open;
  }

  delayMs(key: HistoricalPacingKey): number {
    const now = this.clock.now();
    this.prune(now);
    if (this.open >= this.limits.maxOpen) return Number.POSITIVE_INFINITY; // until one closes
    if (key.barSeconds > this.limits.pacedBarSeconds) return 0;
    const L = this.limits;
    let wait = 0;
    const paced = this.log.filter((e) => e.key.barSeconds <= L.pacedBarSeconds);
    for (const e of paced) {
      if (e.key.identityKey === key.identityKey) wait = Math.max(wait, e.at + L.identicalWindowMs + L.marginMs - now);
    }
    wait = Math.max(wait, this.waitForRoom(paced.filter((e) => e.key.contractKey === key.contractKey), key.weight, L.sameContractMax, L.sameContractWindowMs + L.marginMs, now));
    wait = Math.max(wait, this.waitForRoom(paced, key.weight, L.maxPerWindow, L.windowMs + L.marginMs, now));
    return Math.max(0, wait);
  }

  sent(key: HistoricalPacingKey): void {
    this.log.push({ at: this.clock.now(), key });
    this.open++;
  }

  closed(): void {
    if (this.open > 0) this.open--;
  }

  /** Forget open requests (their connection is gone). */
  resetOpen(): void {
    this.open = 0;
  }

  /** How long until `weight` more fits under `max` within `windowMs`, given the entries (oldest first). */
  private waitForRoom(entries: Sent[], weight: number, max: number, windowMs: number, now: number): number {
    const inWindow = entries.filter((e) => now - e.at < windowMs);
    let used = inWindow.reduce((s, e) => s + e.key.weight, 0);
    if (used + weight <= max) return 0;
    for (const e of inWindow) {
      used -= e.key.weight;
      if (used + weight <= max) return e.at + windowMs - now;
    }
    return windowMs;
  }

  private prune(now: number): void {
    const horizon = Math.max(this.limits.windowMs, this.limits.identicalWindowMs, this.limits.sameContractWindowMs) + this.limits.marginMs;
    while (this.log.length && now - this.log[0].at >= horizon) this.log.shift();
  }
}
