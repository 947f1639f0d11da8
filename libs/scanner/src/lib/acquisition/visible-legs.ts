/**
 * The legs of the rows a trader sees, on streaming lines (ADR 0017, issue 17 item 2). The wanted legs come in
 * priority order (rows selected or in an open ticket first, then the top of the table as sorted); as many as the
 * budget allows get a pinned streaming line (no generic ticks: the line manager's `snapshot()` answers the scan's
 * quote of that contract from it, at once and fresh), the rest are quoted first in each cycle (`order`).
 *
 * Budget: `share` of the lines the others leave: the maximum minus `reserveLines` (the underlyings, the UI) minus the
 * lines others pin (order legs, positions, other consumers) minus the lines held for orders (legs being priced); the
 * scan's own rotation (snapshots, OI streams) is the other share, and yields: a pinned stream waiting for a line gets
 * the next one freed, ahead of snapshots. It is recomputed on every `sync()`, so the streams shrink when another
 * consumer takes lines and grow back when it frees them. The line manager keeps the total under its maximum (no
 * error 101) and the coordinator paces the messages (no 100).
 *
 * Orders first (ADR 0012): the pins yield to orders (`yieldsToOrders`), so an order's leg line evicts a stream when
 * nothing unpinned is left, and an order on a streamed leg shares its line (same key) and is answered from it.
 */
import type { MarketDataLineManager, LineSubscription } from '@ibsc/ibkr';
import { contractKey, type OptionContract } from '../chain/option-chain';
import { ibContract } from '../ibkr/ibkr-quote-source';

export interface VisibleLegsOptions {
  /** Share of the free lines streams may take. Default 0.5 (the other half keeps the rotation moving). */
  share?: number;
  /** Lines left alone (as the quote source's reserve). Default 10. */
  reserveLines?: number;
  /** Cap on streams whatever the lines. Default 40. */
  maxStreams?: number;
}

export interface VisibleLegsStats {
  wanted: number;
  streaming: number;
  budget: number;
}

export class VisibleLegStreams {
  private wanted: OptionContract[] = [];
  private readonly streams = new Map<string, LineSubscription>();
  private lastBudget = 0;

  constructor(
    private readonly lines: Pick<MarketDataLineManager, 'subscribe' | 'usage'>,
    private readonly options: VisibleLegsOptions = {},
  ) {}

  /** The legs to keep fresh, most important first (duplicates ignored). Applies at once. */
  setWanted(legs: readonly OptionContract[]): void {
    const seen = new Set<string>();
    this.wanted = legs.filter((c) => {
      const k = contractKey(c);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    this.sync();
  }

  /** Lines the streams may hold now. */
  budget(): number {
    const u = this.lines.usage();
    const ours = [...this.streams.values()].filter((s) => s.status() !== 'released' && s.status() !== 'evicted' && s.status() !== 'failed').length;
    const others = Math.max(0, u.pinned - ours) + u.priority;
    const free = u.max - (this.options.reserveLines ?? 10) - others;
    return Math.max(0, Math.min(this.options.maxStreams ?? 40, Math.floor(free * (this.options.share ?? 0.5))));
  }

  /** Streams the first `budget()` wanted legs; releases the others. */
  sync(): void {
    const n = (this.lastBudget = this.budget());
    const keep = new Map(this.wanted.slice(0, n).map((c) => [contractKey(c), c]));
    for (const [k, sub] of this.streams) {
      if (keep.has(k) && sub.status() !== 'failed' && sub.status() !== 'evicted') continue;
      sub.release();
      this.streams.delete(k);
    }
    for (const [k, c] of keep) {
      if (this.streams.has(k)) continue;
      this.streams.set(k, this.lines.subscribe(ibContract(c), {}, { pinned: true, yieldsToOrders: true }));
    }
  }

  /** Contracts in the order to quote: wanted legs first (in their order), then the rest as given. */
  order(contracts: OptionContract[]): OptionContract[] {
    if (this.wanted.length === 0) return contracts;
    const rank = new Map(this.wanted.map((c, i) => [contractKey(c), i]));
    const first = contracts.filter((c) => rank.has(contractKey(c))).sort((a, b) => (rank.get(contractKey(a)) as number) - (rank.get(contractKey(b)) as number));
    return first.length === 0 ? contracts : [...first, ...contracts.filter((c) => !rank.has(contractKey(c)))];
  }

  /** Keys (contractKey) of the legs on a streaming line now. */
  streaming(): string[] {
    return [...this.streams].filter(([, s]) => s.status() === 'active').map(([k]) => k);
  }

  stats(): VisibleLegsStats {
    return { wanted: this.wanted.length, streaming: this.streaming().length, budget: this.lastBudget };
  }

  /** Releases every stream (the scan stopped). */
  clear(): void {
    this.wanted = [];
    for (const s of this.streams.values()) s.release();
    this.streams.clear();
  }
}
