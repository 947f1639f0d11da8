import type { Clock, TimerHandle } from '../clock';
import type { ConnectivityState } from '../faults/connectivity-state';
import type { ContractDef, MarketModel } from '../market/market-types';
import { MarketDataLines } from '../limits/market-data-lines';
import { ServerMsg } from '../protocol/message-ids';
import type { SimSession } from '../server/handler-registry';
import { buildTicks, type ChainTotals, type TickItem } from './quote-ticks';
import { TickWriter } from './tick-writer';
import { drawDelay, resolveTimings, type SimTimings } from './sim-timings';

export interface Subscription {
  readonly session: SimSession;
  readonly tickerId: number;
  readonly contract: ContractDef;
  readonly generic: ReadonlySet<number>;
  readonly delayed: boolean;
  readonly writer: TickWriter;
  /** Delayed lines: values waiting for their delay to pass. */
  pending: { due: number; items: TickItem[] }[];
  /** Until the first values are sent (`timings.firstTick`): nothing flows on the line. */
  firstTickTimer?: TimerHandle;
}

/** A snapshot still running (`timings.snapshotEnd`): it holds its line until tickSnapshotEnd. */
interface OpenSnapshot {
  readonly timers: TimerHandle[];
}

export interface MarketDataStats {
  lines: number;
  ticksSent: number;
  /** Snapshots waiting for their tickSnapshotEnd (each holds a line). */
  openSnapshots: number;
}

const CHAIN_TOTALS_TTL_MS = 5_000;
const MAX_PENDING_PER_LINE = 1_000;

/**
 * Streaming and snapshot market data: the lines of every client, fed by the model's `onChange`.
 * Only changed values are sent; nothing flows while IB connectivity or the market-data farm is down.
 */
export class MarketDataService {
  readonly lines: MarketDataLines;
  private readonly bySession = new Map<SimSession, Map<number, Subscription>>();
  private readonly snapshotsBySession = new Map<SimSession, Map<number, OpenSnapshot>>();
  private openSnapshots = 0;
  private requests = 0;
  readonly timings: SimTimings;
  /** Underlying (or option) conId → lines whose values depend on it. */
  private readonly byConId = new Map<number, Set<Subscription>>();
  private readonly lastTrade = new Map<number, { sig: string; at: number }>();
  private readonly chainTotalsCache = new Map<number, { at: number; totals: ChainTotals }>();
  private readonly unentitled = new Set<string>();
  private allUnentitled = false;
  private delayTimer: TimerHandle | undefined;
  private delayedCount = 0;
  private unsubscribeModel: () => void;
  ticksSent = 0;

  constructor(
    private readonly market: MarketModel,
    private readonly clock: Clock,
    private readonly connectivity: ConnectivityState,
    lineLimit: number,
    private readonly delayMs: number,
    timings?: SimTimings,
    private readonly seed = 1,
  ) {
    this.timings = timings ?? resolveTimings('fast');
    this.lines = new MarketDataLines(lineLimit);
    this.unsubscribeModel = market.onChange((ids) => this.onModelChange(ids));
  }

  has(session: SimSession, tickerId: number): boolean {
    return (this.bySession.get(session)?.has(tickerId) ?? false) || (this.snapshotsBySession.get(session)?.has(tickerId) ?? false);
  }

  lineCount(): number {
    return this.lines.inUse;
  }

  /** Whether realtime data is available for a contract (the `delay` fault takes it away). */
  entitled(contract: ContractDef): boolean {
    return !this.allUnentitled && !this.unentitled.has(contract.symbol);
  }

  setDelayed(symbol: string | '*', delayed: boolean): void {
    if (symbol === '*') this.allUnentitled = delayed;
    else if (delayed) this.unentitled.add(symbol.toUpperCase());
    else this.unentitled.delete(symbol.toUpperCase());
  }

  /** Starts a streaming line (the caller took the line and checked everything). Sends the first values. */
  subscribe(session: SimSession, tickerId: number, contract: ContractDef, generic: Set<number>, delayed: boolean): void {
    const sub: Subscription = {
      session,
      tickerId,
      contract,
      generic,
      delayed,
      writer: new TickWriter(tickerId, delayed),
      pending: [],
    };
    let mine = this.bySession.get(session);
    if (!mine) this.bySession.set(session, (mine = new Map()));
    mine.set(tickerId, sub);
    this.index(sub, contract.conId);
    if (contract.secType === 'OPT') this.index(sub, contract.underConId);
    if (delayed) this.delayedStarted();
    this.sendHeader(session, tickerId, delayed);
    const firstTick = this.delay('firstTick');
    if (firstTick === 0) {
      if (this.connectivity.ticksFlow) this.flush(sub, this.ticks(sub));
      return;
    }
    sub.firstTickTimer = this.clock.setTimeout(() => {
      sub.firstTickTimer = undefined;
      if (this.connectivity.ticksFlow && sub.session.connected) this.flush(sub, this.ticks(sub));
    }, firstTick);
  }

  /**
   * One snapshot on a line the caller took: header, every value (after `timings.firstTick`), tickSnapshotEnd (after
   * `timings.snapshotEnd`), then the line is released. At once with the fast timings.
   */
  snapshot(session: SimSession, tickerId: number, contract: ContractDef, delayed: boolean): void {
    this.sendHeader(session, tickerId, delayed);
    const values = () => {
      const writer = new TickWriter(tickerId, delayed);
      const items = buildTicks(contract, this.tickContext(contract, new Set()));
      this.ticksSent += writer.write(items, (f) => session.send(f));
    };
    const firstTick = this.delay('firstTick');
    const end = Math.max(firstTick, this.delay('snapshotEnd'));
    if (end === 0) {
      values();
      session.send([ServerMsg.TICK_SNAPSHOT_END, 1, tickerId]);
      this.lines.release();
      return;
    }
    let mine = this.snapshotsBySession.get(session);
    if (!mine) this.snapshotsBySession.set(session, (mine = new Map()));
    const open: OpenSnapshot = { timers: [] };
    mine.set(tickerId, open);
    this.openSnapshots++;
    open.timers.push(
      this.clock.setTimeout(() => {
        if (session.connected) values();
      }, firstTick),
      this.clock.setTimeout(() => {
        this.closeSnapshot(session, tickerId);
        if (session.connected) session.send([ServerMsg.TICK_SNAPSHOT_END, 1, tickerId]);
      }, end),
    );
  }

  /** Cancels a line or a running snapshot; false if there was none. */
  cancel(session: SimSession, tickerId: number): boolean {
    if (this.closeSnapshot(session, tickerId)) return true;
    const sub = this.bySession.get(session)?.get(tickerId);
    if (!sub) return false;
    this.remove(sub);
    return true;
  }

  /** Every line of a closed session goes. */
  dropSession(session: SimSession): void {
    for (const tickerId of [...(this.snapshotsBySession.get(session)?.keys() ?? [])]) this.closeSnapshot(session, tickerId);
    this.snapshotsBySession.delete(session);
    const mine = this.bySession.get(session);
    if (!mine) return;
    for (const sub of [...mine.values()]) this.remove(sub);
    this.bySession.delete(session);
  }

  /** 1101: every subscription is lost; clients must resubscribe. */
  dropAll(): void {
    for (const s of new Set([...this.bySession.keys(), ...this.snapshotsBySession.keys()])) this.dropSession(s);
  }

  /** 10197 fault: a competing live session holds the market data; every request is refused meanwhile. */
  get competingSession(): boolean {
    return this.connectivity.competingSession;
  }

  /**
   * Every streaming line gets this error (with its ticker id) and is dropped, as when a competing live session
   * takes the market data: nothing more flows on it and the client must request it again later.
   */
  revokeAll(code: number, text: string): number {
    let n = 0;
    for (const mine of [...this.bySession.values()]) {
      for (const sub of [...mine.values()]) {
        sub.session.sendError(sub.tickerId, code, text);
        this.remove(sub);
        n++;
      }
    }
    return n;
  }

  /** After a pause (1102, farm back): sends whatever changed meanwhile. */
  resync(): void {
    if (!this.connectivity.ticksFlow) return;
    for (const mine of this.bySession.values()) for (const sub of mine.values()) this.update(sub);
  }

  stats(): MarketDataStats {
    return { lines: this.lines.inUse, ticksSent: this.ticksSent, openSnapshots: this.openSnapshots };
  }

  dispose(): void {
    this.unsubscribeModel();
    this.dropAll();
    if (this.delayTimer) this.clock.clearInterval(this.delayTimer);
    this.delayTimer = undefined;
  }

  /** Ends a running snapshot (its timers stop, its line is released); false if there was none. */
  private closeSnapshot(session: SimSession, tickerId: number): boolean {
    const mine = this.snapshotsBySession.get(session);
    const open = mine?.get(tickerId);
    if (!mine || !open) return false;
    for (const t of open.timers) this.clock.clearTimeout(t);
    mine.delete(tickerId);
    if (mine.size === 0) this.snapshotsBySession.delete(session);
    this.openSnapshots--;
    this.lines.release();
    return true;
  }

  private delay(kind: 'firstTick' | 'snapshotEnd'): number {
    return drawDelay(this.timings[kind], this.seed, ++this.requests, kind === 'firstTick' ? 1 : 2);
  }

  private sendHeader(session: SimSession, tickerId: number, delayed: boolean): void {
    session.send([ServerMsg.TICK_REQ_PARAMS, tickerId, 0.01, '9c0001', 3]);
    session.send([ServerMsg.MARKET_DATA_TYPE, 1, tickerId, delayed ? 3 : 1]);
  }

  private index(sub: Subscription, conId: number): void {
    let set = this.byConId.get(conId);
    if (!set) this.byConId.set(conId, (set = new Set()));
    set.add(sub);
  }

  private unindex(sub: Subscription, conId: number): void {
    const set = this.byConId.get(conId);
    if (!set) return;
    set.delete(sub);
    if (set.size === 0) this.byConId.delete(conId);
  }

  private remove(sub: Subscription): void {
    this.bySession.get(sub.session)?.delete(sub.tickerId);
    if (sub.firstTickTimer) this.clock.clearTimeout(sub.firstTickTimer);
    sub.firstTickTimer = undefined;
    this.unindex(sub, sub.contract.conId);
    if (sub.contract.secType === 'OPT') this.unindex(sub, sub.contract.underConId);
    if (sub.delayed) this.delayedStopped();
    this.lines.release();
  }

  private onModelChange(conIds: number[]): void {
    if (!this.connectivity.ticksFlow) return;
    const touched = new Set<Subscription>();
    for (const id of conIds) {
      const subs = this.byConId.get(id);
      if (subs) for (const s of subs) touched.add(s);
    }
    for (const sub of touched) this.update(sub);
  }

  private update(sub: Subscription): void {
    if (!sub.session.connected || sub.firstTickTimer) return;
    const items = this.ticks(sub);
    if (!sub.delayed) {
      this.flush(sub, items);
      return;
    }
    // Keep at most MAX_PENDING_PER_LINE values per line: changes closer together than the resolution coalesce.
    const due = this.clock.now() + this.delayMs;
    const resolution = Math.max(250, this.delayMs / MAX_PENDING_PER_LINE);
    const tail = sub.pending[sub.pending.length - 1];
    if (tail && due - tail.due < resolution) tail.items = items;
    else sub.pending.push({ due, items });
  }

  private flush(sub: Subscription, items: readonly TickItem[]): void {
    this.ticksSent += sub.writer.write(items, (f) => sub.session.send(f));
  }

  private ticks(sub: Subscription): TickItem[] {
    return buildTicks(sub.contract, this.tickContext(sub.contract, sub.generic));
  }

  private tickContext(contract: ContractDef, generic: ReadonlySet<number>) {
    return {
      market: this.market,
      generic,
      lastTradeAt: this.lastTradeAt(contract.conId),
      chainTotals: contract.secType === 'STK' ? () => this.chainTotals(contract.conId) : undefined,
    };
  }

  /** Tick 45 moves only when the last trade (price, size or volume) changes. */
  private lastTradeAt(conId: number): number {
    const q = this.market.quote(conId);
    const sig = `${q.last}|${q.lastSize}|${q.volume}`;
    const prev = this.lastTrade.get(conId);
    if (prev && prev.sig === sig) return prev.at;
    const at = Math.floor(this.clock.now() / 1000);
    this.lastTrade.set(conId, { sig, at });
    return at;
  }

  private chainTotals(underConId: number): ChainTotals {
    const now = this.clock.now();
    const cached = this.chainTotalsCache.get(underConId);
    if (cached && now - cached.at < CHAIN_TOTALS_TTL_MS) return cached.totals;
    const totals: ChainTotals = { callVolume: 0, putVolume: 0, callOpenInterest: 0, putOpenInterest: 0 };
    const und = this.market.contract(underConId);
    if (und) {
      for (const c of this.market.findContracts({ secType: 'OPT', symbol: und.symbol })) {
        if (c.secType !== 'OPT') continue;
        const q = this.market.quote(c.conId);
        if (c.right === 'C') {
          totals.callVolume += q.volume;
          totals.callOpenInterest += q.openInterest ?? 0;
        } else {
          totals.putVolume += q.volume;
          totals.putOpenInterest += q.openInterest ?? 0;
        }
      }
    }
    this.chainTotalsCache.set(underConId, { at: now, totals });
    return totals;
  }

  private delayedStarted(): void {
    this.delayedCount++;
    this.delayTimer ??= this.clock.setInterval(() => this.releaseDelayed(), 1000);
  }

  private delayedStopped(): void {
    this.delayedCount--;
    if (this.delayedCount <= 0 && this.delayTimer) {
      this.clock.clearInterval(this.delayTimer);
      this.delayTimer = undefined;
      this.delayedCount = 0;
    }
  }

  private releaseDelayed(): void {
    if (!this.connectivity.ticksFlow) return;
    const now = this.clock.now();
    for (const mine of this.bySession.values()) {
      for (const sub of mine.values()) {
        if (!sub.delayed || sub.pending.length === 0) continue;
        let latest: TickItem[] | undefined;
        while (sub.pending.length && sub.pending[0].due <= now) latest = sub.pending.shift()?.items;
        if (latest) this.flush(sub, latest);
      }
    }
  }
}
