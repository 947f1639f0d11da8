import type { Contract } from '@stoqey/ib';
import type { Clock, TimerHandle } from '../clock/clock';
import type { IbConnection } from '../connection/ib-connection';
import { classifyIbError } from '../errors/ib-error-policy';
import { IbRequestError } from '../errors/ib-request-error';
import type { IbkrEventBus, LineEventKind } from '../events/ibkr-event-bus';
import { contractKey } from '../requests/ib-requests';
import type { RequestCoordinator } from '../requests/request-coordinator';
import type { RequestLane } from '../requests/request-spec';
import type { RequestIds } from '../requests/request-ids';
import { LruOrder } from './lru-order';
import { applyTick, copyQuote, emptyQuote, greeksFrom, Quote, TickEvent } from './quote';

export type LineStatus = 'waiting' | 'active' | 'evicted' | 'failed' | 'released';

export interface MarketDataConsumer {
  /** Every tick of the line, with the quote after it. */
  onTick?(tick: TickEvent, quote: Readonly<Quote>): void;
  /** waiting (no line free: all pinned), active, evicted (LRU), failed (IB refused: 354, 200 …). */
  onStatus?(status: LineStatus, detail: string | null): void;
}

export interface SubscribeOptions {
  /** Generic tick list, e.g. '100,101,106'. Lines differing only in generic ticks are separate lines. */
  genericTicks?: string;
  /** Pin the line (legs of working orders, open positions): never evicted while pinned. */
  pinned?: boolean;
  /**
   * With `pinned`: the pin holds against the LRU and snapshots but yields to a priority line (an order's leg), which
   * may evict the line when nothing unpinned is left (the scan's streams for the rows a trader sees, ADR 0017).
   */
  yieldsToOrders?: boolean;
  /**
   * Orders first: the line is requested in the coordinator's `order-data` lane (ahead of the scan's queued line
   * requests) and, when every line is pinned, waits at the head of the wait queue. Sticky for the line.
   */
  priority?: boolean;
}

/** One consumer's hold on a line. */
export interface LineSubscription {
  readonly key: string;
  status(): LineStatus;
  /** The latest values (a copy). */
  quote(): Quote;
  /** The ticker id in use now (changes after every restore), null while not subscribed at the gateway. */
  tickerId(): number | null;
  /** Marks this line as recently used (LRU). */
  touch(): void;
  pin(): void;
  unpin(): void;
  /** Ends this consumer's interest; the line is cancelled when nobody holds or pins it. */
  release(): void;
}

export interface LineUsage {
  /** Lines held at the gateway (streaming + snapshots in progress). */
  active: number;
  max: number;
  usagePct: number;
  /** Requests waiting for a line because every line is pinned. */
  waiting: number;
  pinned: number;
  /** Of `pinned`: lines pinned only by pins that yield to orders (the scan's visible rows). */
  yielding: number;
  /** Unpinned lines held for orders (priority lines: legs being previewed or priced). */
  priority: number;
  evictions: number;
  snapshots: number;
}

export interface LineManagerOptions {
  /** MAX_SUBSCRIPTIONS: lines this app may hold (IB allows 100 by default, shared with TWS). */
  maxLines: number;
  /** Sent on every session (the gateway forgets it). 1 live, 2 frozen, 3 delayed, 4 delayed-frozen. */
  marketDataType?: 1 | 2 | 3 | 4;
  /** Snapshot timeout (IB ends snapshots within ~11 s). Default 15 s. */
  snapshotTimeoutMs?: number;
  /** An order's unpinned line is the scan's to evict only after this long unused (subscribe or touch). Default 60 s. */
  orderLineGraceMs?: number;
}

interface Consumer {
  sink: MarketDataConsumer;
  released: boolean;
}

/** One reqMktData as sent (or queued) for a line. */
interface LineRequest {
  tickerId: number;
  sent: boolean;
  sessionId: number;
  /** The gateway forgot it (reconnect, 1101) or it was replaced: never cancel it. */
  dead: boolean;
}

interface Line {
  key: string;
  contract: Contract;
  genericTicks: string;
  consumers: Set<Consumer>;
  pins: number;
  /** Of `pins`: those that yield to a priority line. */
  yieldingPins: number;
  /** Ticker id of the live request; null while waiting. */
  tickerId: number | null;
  req: LineRequest | null;
  status: 'waiting' | 'active';
  quote: Quote;
  priority: boolean;
  /** Clock time of the last subscribe or touch. */
  usedAt: number;
}

/**
 * The market-data line budget. One line per contract (and generic-tick list) shared by all its consumers; when
 * the budget is full the least recently used unpinned line is evicted; pinned lines are never evicted; when
 * everything is pinned, new lines wait (visible in usage and to the consumer). Every line is restored under a
 * fresh ticker id after a reconnect or 1101. Lines are counted from the moment their request is queued until
 * their cancel is queued, in the lane (FIFO) of the request that takes the slot, so the gateway never sees more than
 * `maxLines`: no error 101. Priority lines (an order's legs) are requested in the `order-data` lane, ahead of the
 * scan's; a line evicted for one is cancelled in that lane too.
 */
export class MarketDataLineManager {
  private readonly lines = new Map<string, Line>();
  private readonly byTicker = new Map<number, Line>();
  private readonly lru = new LruOrder<string>();
  private readonly waitQueue: Line[] = [];
  private snapshotsHeld = 0;
  private graceTimer: TimerHandle | null = null;
  /** Cancels queued in the `market-data` lane: their lines are still at the gateway until they go. */
  private slowCancels = 0;
  private evictions = 0;
  readonly maxLines: number;

  constructor(
    private readonly connection: IbConnection,
    private readonly coordinator: RequestCoordinator,
    private readonly ids: RequestIds,
    private readonly clock: Clock,
    private readonly bus: IbkrEventBus,
    private readonly options: LineManagerOptions,
  ) {
    this.maxLines = options.maxLines;
    const inc = connection.incoming;
    inc.on('tickPrice', (id, field, value) => this.onTick(id, { kind: 'price', field, value }));
    inc.on('tickSize', (id, field, value) => this.onTick(id, { kind: 'size', field, value }));
    inc.on('tickGeneric', (id, field, value) => this.onTick(id, { kind: 'generic', field, value }));
    inc.on('tickString', (id, field, value) => this.onTick(id, { kind: 'string', field, value }));
    inc.on('tickOptionComputation', (...a) => this.onTick(a[0], { kind: 'option', field: a[1], greeks: greeksFrom(a) }));
    inc.on('error', (err, code, reqId) => this.onError(reqId, code, err?.message ?? ''));
    connection.addHooks({
      sessionUp: (_api, reconnect) => {
        if (!reconnect) void this.restore('initial');
      },
      sessionLost: () => this.byTicker.clear(),
      restore: (reason) => this.restore(reason),
    });
  }

  // ---------------------------------------------------------------- public

  subscribe(contract: Contract, consumer: MarketDataConsumer = {}, opts: SubscribeOptions = {}): LineSubscription {
    const genericTicks = normaliseTicks(opts.genericTicks);
    const key = `${contractKey(contract)}#${genericTicks}`;
    let line = this.lines.get(key);
    const c: Consumer = { sink: consumer, released: false };
    if (!line) {
      line = { key, contract, genericTicks, consumers: new Set(), pins: 0, yieldingPins: 0, tickerId: null, req: null, status: 'waiting', quote: emptyQuote(), priority: !!opts.priority, usedAt: this.clock.now() };
      this.lines.set(key, line);
      line.consumers.add(c);
      this.addPin(line, opts);
      this.lru.touch(key);
      this.admit(line);
    } else {
      line.consumers.add(c);
      this.addPin(line, opts);
      this.lru.touch(key);
      line.usedAt = this.clock.now();
      if (opts.priority) this.prioritise(line);
      consumer.onStatus?.(line.status, null);
    }
    return this.handle(line, c, !!opts.pinned, !!opts.yieldsToOrders);
  }

  private addPin(line: Line, opts: SubscribeOptions): void {
    if (!opts.pinned) return;
    line.pins++;
    if (opts.yieldsToOrders) line.yieldingPins++;
  }

  /** Pins a contract's line without consuming its ticks (an order's legs); returns the unpin function. */
  pin(contract: Contract, genericTicks?: string): () => void {
    const sub = this.subscribe(contract, {}, { genericTicks, pinned: true });
    return () => sub.release();
  }

  /**
   * A one-shot quote. Answered from a streaming line of the contract when it has prices; otherwise a snapshot
   * request that holds a line until it ends (tickSnapshotEnd). Replayed after a reconnect; fails typed on timeout.
   */
  async snapshot(contract: Contract, opts: { timeoutMs?: number } = {}): Promise<Quote> {
    const streaming = this.lines.get(`${contractKey(contract)}#`);
    if (streaming?.status === 'active' && (streaming.quote.bid !== undefined || streaming.quote.last !== undefined)) {
      return copyQuote(streaming.quote);
    }
    await this.reserveSnapshotSlot();
    try {
      return await this.coordinator.submit<Quote>({
        kind: 'snapshot',
        lane: 'market-data',
        idempotent: true,
        timeoutMs: opts.timeoutMs ?? this.options.snapshotTimeoutMs ?? 15_000,
        send: (api, reqId) => api.reqMktData(reqId, contract, '', true, false),
        collector: () => {
          const q = emptyQuote();
          return {
            events: ['tickPrice', 'tickSize', 'tickGeneric', 'tickOptionComputation', 'tickSnapshotEnd'],
            match: 'reqId',
            accept: (event, a) => {
              if (event === 'tickSnapshotEnd') return { value: q };
              const field = a[1] as number;
              const tick: TickEvent =
                event === 'tickOptionComputation'
                  ? { kind: 'option', field, greeks: greeksFrom(a) }
                  : { kind: event === 'tickPrice' ? 'price' : event === 'tickSize' ? 'size' : 'generic', field, value: a[2] as number };
              applyTick(q, tick, this.clock.now());
              return undefined;
            },
          };
        },
      });
    } finally {
      this.snapshotsHeld--;
      this.serveWaiting();
    }
  }

  usage(): LineUsage {
    const active = this.occupied();
    let pinned = 0;
    let yielding = 0;
    let priority = 0;
    for (const l of this.lines.values()) {
      if (l.pins > 0) pinned++;
      if (l.pins > 0 && l.pins === l.yieldingPins) yielding++;
      if (l.pins === 0 && l.priority && l.status === 'active') priority++;
    }
    return {
      active,
      max: this.maxLines,
      usagePct: Math.round((active / this.maxLines) * 1000) / 10,
      waiting: this.waitQueue.length + this.snapshotWaiters.length,
      pinned,
      yielding,
      priority,
      evictions: this.evictions,
      snapshots: this.snapshotsHeld,
    };
  }

  /** Keys of the lines held, least recently used first (diagnostics and tests). */
  activeKeys(): string[] {
    return this.lru.keys().filter((k) => this.lines.get(k)?.status === 'active');
  }

  // ---------------------------------------------------------------- budget

  private occupied(): number {
    let n = this.snapshotsHeld;
    for (const l of this.lines.values()) if (l.status === 'active') n++;
    return n;
  }

  /** An order joined a line others asked for: a waiting one moves to the head of the queue, a queued request up a lane. */
  private prioritise(line: Line): void {
    if (line.priority) return;
    line.priority = true;
    const i = this.waitQueue.indexOf(line);
    if (i > 0) {
      this.waitQueue.splice(i, 1);
      this.waitQueue.unshift(line);
    }
    // now at the head: it may evict what it could not as a scan's line
    if (i >= 0) this.serveWaiting();
    if (line.status === 'active' && line.req && !line.req.sent) void this.request(line);
  }

  /** Gives the line a slot now (evicting the LRU unpinned line if needed) or puts it in the wait queue. */
  private admit(line: Line): void {
    if (!this.makeRoom(line)) {
      line.status = 'waiting';
      if (line.priority) this.waitQueue.unshift(line);
      else this.waitQueue.push(line);
      this.emit('waiting', line);
      this.notify(line, 'waiting', `all ${this.maxLines} lines are pinned or held for orders; waiting for one`);
      if (!line.priority) this.armGraceTimer();
      return;
    }
    this.activate(line);
  }

  /**
   * A slot for the line, evicting if needed. A priority line's request overtakes the scan's queued cancels, so it
   * counts them as held too (the gateway still has those lines) and evicts in its own lane until they fit.
   */
  private makeRoom(line: Line): boolean {
    const held = () => this.occupied() + (line.priority ? this.slowCancels : 0);
    while (held() >= this.maxLines) if (!this.evictOne(line.key, line.priority)) return false;
    return true;
  }

  /**
   * Evicts the least recently used line of the first tier that has one: unpinned lines not held for orders; then, for
   * a priority line only, lines whose every pin yields to orders (the scan's visible rows); then unpinned order lines
   * (an order's other legs go last), which the scan may take only once unused for `orderLineGraceMs`.
   */
  private evictOne(forKey: string, forPriority = false): boolean {
    const tiers: Array<(l: Line) => boolean> = [(l) => l.pins === 0 && !l.priority];
    if (forPriority) tiers.push((l) => l.pins > 0 && l.pins === l.yieldingPins);
    const idleSince = this.clock.now() - this.graceMs();
    tiers.push(forPriority ? (l) => l.pins === 0 : (l) => l.pins === 0 && l.usedAt <= idleSince);
    for (const tier of tiers) {
      const victimKey = this.lru.oldest((k) => {
        const l = this.lines.get(k);
        return !!l && k !== forKey && l.status === 'active' && tier(l);
      });
      if (!victimKey) continue;
      const victim = this.lines.get(victimKey) as Line;
      this.evictions++;
      this.cancelLine(victim, 'evicted', forPriority ? 'order-data' : undefined);
      this.notify(victim, 'evicted', `evicted (least recently used) for ${forKey}`);
      return true;
    }
    return false;
  }

  private graceMs(): number {
    return this.options.orderLineGraceMs ?? 60_000;
  }

  /**
   * The scan waits while order lines are in their grace: try again when the first of them ends (nothing else may
   * free a line meanwhile).
   */
  private armGraceTimer(): void {
    if (this.graceTimer) return;
    let soonest = Infinity;
    for (const l of this.lines.values()) if (l.status === 'active' && l.pins === 0 && l.priority) soonest = Math.min(soonest, l.usedAt + this.graceMs());
    const wait = soonest - this.clock.now();
    if (!(wait > 0) || wait === Infinity) return;
    this.graceTimer = this.clock.setTimeout(() => {
      this.graceTimer = null;
      this.serveWaiting();
      if (this.waitQueue.length + this.snapshotWaiters.length > 0) this.armGraceTimer();
    }, wait);
  }

  private activate(line: Line): void {
    line.status = 'active';
    this.notify(line, 'active', null);
    this.request(line);
  }

  /**
   * Sends reqMktData under a fresh ticker id. Queued like a query (it waits across 1100 and disconnects) but
   * dropped unsent once obsolete: the line was cancelled, or a restore re-requested it under a newer id.
   */
  private request(line: Line): Promise<void> {
    const tickerId = this.ids.next();
    if (line.tickerId !== null) this.byTicker.delete(line.tickerId);
    if (line.req) line.req.dead = true;
    const req: LineRequest = { tickerId, sent: false, sessionId: 0, dead: false };
    line.tickerId = tickerId;
    line.req = req;
    this.byTicker.set(tickerId, line);
    this.emit('requested', line);
    const { contract, genericTicks } = line;
    return this.coordinator
      .submit<void>({
        kind: 'reqMktData',
        lane: line.priority ? 'order-data' : 'market-data',
        idempotent: true,
        maxWaitMs: 24 * 3_600_000,
        isObsolete: () => req.dead || line.req !== req,
        send: (api) => {
          req.sent = true;
          req.sessionId = this.connection.sessionId;
          api.reqMktData(tickerId, contract, genericTicks, false, false);
        },
      })
      .catch((e: unknown) => {
        if (!(e instanceof IbRequestError) || e.failure === 'rejected') this.failLine(line, e instanceof Error ? e.message : String(e));
      });
  }

  /** Frees the line's slot: cancels it at the gateway (same lane, so before any later request) and forgets it. */
  private cancelLine(line: Line, kind: LineEventKind, lane: RequestLane = line.priority ? 'order-data' : 'market-data'): void {
    const tickerId = line.tickerId;
    const req = line.req;
    if (tickerId !== null) this.byTicker.delete(tickerId);
    if (req && !req.dead) {
      req.dead = true;
      const slow = lane === 'market-data' && req.sent;
      if (slow) this.slowCancels++;
      // Cancel only what the gateway has: a request sent on the current session.
      this.coordinator
        .submit<void>({
          kind: 'cancelMktData',
          // a slot freed for an order's line is freed first, in the lane (FIFO) its request takes
          lane,
          idempotent: true,
          isObsolete: () => !req.sent || req.sessionId !== this.connection.sessionId,
          send: (api) => api.cancelMktData(req.tickerId),
        })
        .catch(() => undefined)
        .finally(() => {
          if (!slow) return;
          this.slowCancels--;
          // a priority line may be waiting for exactly this line to leave the gateway
          this.serveWaiting();
        });
    }
    line.tickerId = null;
    line.req = null;
    this.remove(line);
    this.emit(kind, line, tickerId);
  }

  private remove(line: Line): void {
    this.lines.delete(line.key);
    this.lru.remove(line.key);
    const i = this.waitQueue.indexOf(line);
    if (i >= 0) this.waitQueue.splice(i, 1);
    line.status = 'waiting';
  }

  private failLine(line: Line, detail: string): void {
    if (!this.lines.has(line.key)) return;
    if (line.tickerId !== null) this.byTicker.delete(line.tickerId);
    if (line.req) line.req.dead = true;
    line.tickerId = null;
    line.req = null;
    this.remove(line);
    this.emit('failed', line);
    this.notify(line, 'failed', detail);
    this.serveWaiting();
  }

  private maybeRelease(line: Line): void {
    if (line.pins > 0 || [...line.consumers].some((c) => !c.released) || !this.lines.has(line.key)) return;
    if (line.status === 'active') this.cancelLine(line, 'released');
    else {
      this.remove(line);
      this.emit('released', line);
    }
    this.serveWaiting();
  }

  private readonly snapshotWaiters: (() => void)[] = [];

  private reserveSnapshotSlot(): Promise<void> {
    if (this.waitQueue.length === 0 && this.snapshotWaiters.length === 0 && (this.occupied() < this.maxLines || this.evictOne('#snapshot'))) {
      this.snapshotsHeld++;
      return Promise.resolve();
    }
    this.armGraceTimer();
    return new Promise((resolve) => this.snapshotWaiters.push(resolve));
  }

  /** After a slot frees: waiting lines first, then snapshots. */
  private serveWaiting(): void {
    while (this.waitQueue.length) {
      const line = this.waitQueue[0];
      if (!this.makeRoom(line)) break;
      this.waitQueue.shift();
      this.activate(line);
    }
    while (this.snapshotWaiters.length && (this.occupied() < this.maxLines || this.evictOne('#snapshot'))) {
      this.snapshotsHeld++;
      (this.snapshotWaiters.shift() as () => void)();
    }
  }

  // ---------------------------------------------------------------- restore

  /** Requests every active line again under a fresh ticker id (after a reconnect or 1101, or the first session). */
  private async restore(reason: 'reconnect' | 'data-lost' | 'initial'): Promise<void> {
    const type = this.options.marketDataType;
    const sends: Promise<void>[] = [];
    if (type && type !== 1) sends.push(this.coordinator.send('reqMarketDataType', 'market-data', (api) => api.reqMarketDataType(type)).catch(() => undefined));
    else if (type === 1 && reason !== 'initial') sends.push(this.coordinator.send('reqMarketDataType', 'market-data', (api) => api.reqMarketDataType(1)).catch(() => undefined));
    const active = [...this.lines.values()].filter((l) => l.status === 'active');
    // pinned first, then most recently used: what matters most comes back first
    active.sort((a, b) => Number(b.pins > 0) - Number(a.pins > 0));
    for (const l of active) sends.push(this.request(l));
    await Promise.all(sends);
    if (reason !== 'initial' || active.length) {
      for (const l of active) this.emit('restored', l);
      this.bus.emit('lines-restored', { count: active.length, reason: reason === 'data-lost' ? 'data-lost' : 'reconnect', at: this.clock.now() });
    }
  }

  // ---------------------------------------------------------------- incoming

  private onTick(tickerId: number, tick: TickEvent): void {
    const line = this.byTicker.get(tickerId);
    if (!line) return;
    applyTick(line.quote, tick, this.clock.now());
    for (const c of line.consumers) if (!c.released) c.sink.onTick?.(tick, line.quote);
  }

  private onError(tickerId: number, code: number, message: string): void {
    const line = this.byTicker.get(tickerId);
    if (!line) return;
    if (code === 10167) line.quote.delayed = true;
    const rule = classifyIbError(code, message);
    if (rule.action === 'fail-request' || rule.action === 'alert') this.failLine(line, `IB ${code}: ${message}`);
  }

  // ---------------------------------------------------------------- plumbing

  private handle(line: Line, c: Consumer, pinnedAtStart: boolean, yielding: boolean): LineSubscription {
    let pinned = pinnedAtStart;
    const unpinOnce = () => {
      pinned = false;
      line.pins--;
      if (yielding) line.yieldingPins--;
    };
    return {
      key: line.key,
      status: () => (c.released ? 'released' : this.lines.get(line.key) === line ? line.status : this.lastStatus.get(line) ?? 'evicted'),
      quote: () => copyQuote(line.quote),
      tickerId: () => (this.lines.get(line.key) === line && line.status === 'active' ? line.tickerId : null),
      touch: () => {
        if (this.lines.get(line.key) !== line) return;
        this.lru.touch(line.key);
        line.usedAt = this.clock.now();
      },
      pin: () => {
        if (pinned || c.released) return;
        pinned = true;
        line.pins++;
        if (yielding) line.yieldingPins++;
      },
      unpin: () => {
        if (!pinned) return;
        unpinOnce();
        this.maybeRelease(line);
        this.serveWaiting();
      },
      release: () => {
        if (c.released) return;
        c.released = true;
        line.consumers.delete(c);
        if (pinned) unpinOnce();
        this.maybeRelease(line);
      },
    };
  }

  private readonly lastStatus = new WeakMap<Line, LineStatus>();

  private notify(line: Line, status: LineStatus, detail: string | null): void {
    this.lastStatus.set(line, status);
    for (const c of line.consumers) if (!c.released) c.sink.onStatus?.(status, detail);
  }

  private emit(kind: LineEventKind, line: Line, tickerId: number | null = line.tickerId): void {
    this.bus.emit('line', { kind, key: line.key, tickerId, at: this.clock.now() });
  }
}

function normaliseTicks(list: string | undefined): string {
  if (!list) return '';
  return [...new Set(list.split(',').map((t) => t.trim()).filter(Boolean))].sort((a, b) => Number(a) - Number(b)).join(',');
}
