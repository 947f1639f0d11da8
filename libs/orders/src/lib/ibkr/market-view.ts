/**
 * Quotes for the order engine from libs/ibkr's line manager: streaming lines per leg (by conId) and per underlying,
 * shared with the rest of the app, released after a quiet period unless pinned. Pins are held per owner
 * (`order:<id>` while an order works, `position:<key>` while a position is open) and released after.
 * Underlying prices read here feed the risk guard's move window. Orders first: every line asked for here is a
 * priority line (requested ahead of the scan's, see ADR 0012).
 */
import { INDEX_EXCHANGES } from '@ibsc/scanner';
import type { Contract } from '@stoqey/ib';
import type { Clock, LineSubscription, MarketDataLineManager, Quote, TimerHandle } from '@ibsc/ibkr';
import type { LegQuote } from '../pricing/combo-quote';

interface Held {
  sub: LineSubscription;
  lastUsed: number;
  /** Called on the next tick or status change. */
  waiters: Array<() => void>;
}

export interface MarketViewOptions {
  /** Wait for a first two-sided quote on a new line. Default 5 s. */
  firstQuoteTimeoutMs?: number;
  /** Unpinned lines are released after this long unused. Default 10 min. */
  idleReleaseMs?: number;
  /** Underlying prices kept per symbol (for the move circuit). Default 60 min. */
  priceHistoryMs?: number;
}

export const optionByConId = (conId: number): Contract => ({ conId, exchange: 'SMART' }) as Contract;
export const stockContract = (symbol: string): Contract => ({ symbol, secType: 'STK', exchange: 'SMART', currency: 'USD' }) as Contract;
/** The underlying's contract: an index (SPX, NDX, …) is secType IND on its exchange, anything else a stock on SMART. */
export const underlyingContract = (symbol: string): Contract => {
  const exchange = INDEX_EXCHANGES[symbol];
  return exchange ? ({ symbol, secType: 'IND', exchange, currency: 'USD' } as Contract) : stockContract(symbol);
};

function legQuote(q: Quote): LegQuote | null {
  return q.bid !== undefined && q.ask !== undefined ? { bid: q.bid, ask: q.ask } : null;
}

export class MarketView {
  private readonly held = new Map<string, Held>();
  private readonly pins = new Map<string, { conIds: readonly number[]; releases: Array<() => void> }>();
  private readonly prices = new Map<string, Array<{ at: Date; price: number }>>();
  private readonly sweeper: TimerHandle;
  private readonly firstQuoteTimeoutMs: number;
  private readonly idleReleaseMs: number;
  private readonly priceHistoryMs: number;

  constructor(
    private readonly lines: MarketDataLineManager,
    private readonly clock: Clock,
    options: MarketViewOptions = {},
  ) {
    this.firstQuoteTimeoutMs = options.firstQuoteTimeoutMs ?? 5_000;
    this.idleReleaseMs = options.idleReleaseMs ?? 600_000;
    this.priceHistoryMs = options.priceHistoryMs ?? 3_600_000;
    this.sweeper = clock.setInterval(() => this.sweep(), 60_000);
  }

  /** The leg's quote now (streaming line; waits for the first one on a new line). null: no two-sided market. */
  async legQuote(conId: number): Promise<LegQuote | null> {
    return legQuote(await this.quote(`opt:${conId}`, optionByConId(conId)));
  }

  /** The current quote of a leg whose line is already held (positions' marks); null otherwise. */
  legQuoteNow(conId: number): LegQuote | null {
    const h = this.held.get(`opt:${conId}`);
    return h ? legQuote(h.sub.quote()) : null;
  }

  /** The underlying's price now (last, else mid), recorded for the move window. */
  async underlyingPrice(symbol: string): Promise<number | null> {
    const q = await this.quote(`stk:${symbol}`, underlyingContract(symbol));
    const price = q.last ?? (q.bid !== undefined && q.ask !== undefined ? (q.bid + q.ask) / 2 : undefined);
    if (price === undefined || !(price > 0)) return null;
    const list = this.prices.get(symbol) ?? [];
    const now = new Date(this.clock.now());
    list.push({ at: now, price });
    while (list.length > 0 && now.getTime() - list[0].at.getTime() > this.priceHistoryMs) list.shift();
    this.prices.set(symbol, list);
    return price;
  }

  underlyingPrices(symbol: string): ReadonlyArray<{ at: Date; price: number }> {
    return this.prices.get(symbol) ?? [];
  }

  /** Pins the legs' lines for `owner` (idempotent per owner). */
  pin(owner: string, conIds: readonly number[]): void {
    if (this.pins.has(owner)) return;
    this.pins.set(owner, { conIds, releases: conIds.map((c) => this.lines.pin(optionByConId(c))) });
    for (const c of conIds) this.hold(`opt:${c}`, optionByConId(c));
  }

  unpin(owner: string): void {
    for (const release of this.pins.get(owner)?.releases ?? []) release();
    this.pins.delete(owner);
  }

  pinnedOwners(): string[] {
    return [...this.pins.keys()];
  }

  stop(): void {
    this.clock.clearInterval(this.sweeper);
    for (const owner of [...this.pins.keys()]) this.unpin(owner);
    for (const h of this.held.values()) h.sub.release();
    this.held.clear();
  }

  private hold(key: string, contract: Contract): Held {
    let h = this.held.get(key);
    const status = h?.sub.status();
    if (!h || status === 'evicted' || status === 'failed' || status === 'released') {
      h?.sub.release();
      const waiters: Array<() => void> = [];
      const wake = () => {
        for (const w of waiters.splice(0)) w();
      };
      const sub = this.lines.subscribe(contract, { onTick: wake, onStatus: (s) => (s === 'failed' || s === 'evicted') && wake() }, { priority: true });
      h = { sub, lastUsed: this.clock.now(), waiters };
      this.held.set(key, h);
    }
    h.lastUsed = this.clock.now();
    h.sub.touch();
    return h;
  }

  private quote(key: string, contract: Contract): Promise<Quote> {
    const h = this.hold(key, contract);
    const ready = () => {
      const q = h.sub.quote();
      const s = h.sub.status();
      return (q.bid !== undefined && q.ask !== undefined) || s === 'failed' || s === 'evicted';
    };
    if (ready()) return Promise.resolve(h.sub.quote());
    return new Promise<Quote>((resolve) => {
      const timer = this.clock.setTimeout(() => resolve(h.sub.quote()), this.firstQuoteTimeoutMs);
      const check = () => {
        if (!ready()) return void h.waiters.push(check);
        this.clock.clearTimeout(timer);
        resolve(h.sub.quote());
      };
      h.waiters.push(check);
    });
  }

  private sweep(): void {
    const now = this.clock.now();
    const pinned = new Set([...this.pins.values()].flatMap((p) => p.conIds.map((c) => `opt:${c}`)));
    for (const [key, h] of this.held) {
      if (now - h.lastUsed > this.idleReleaseMs && !pinned.has(key)) {
        h.sub.release();
        this.held.delete(key);
      }
    }
  }
}
