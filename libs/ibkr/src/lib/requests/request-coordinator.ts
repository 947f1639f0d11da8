import type { IBApi } from '@stoqey/ib';
import type { ConnectionState } from '@ibsc/shared-dto';
import type { Clock, TimerHandle } from '../clock/clock';
import type { IbConnection } from '../connection/ib-connection';
import { classifyIbError } from '../errors/ib-error-policy';
import { IbRequestError } from '../errors/ib-request-error';
import type { IbkrEventBus } from '../events/ibkr-event-bus';
import { BackpressureSignal, BackpressureTiers } from './backpressure';
import { HistoricalLimits, HistoricalPacer, IB_HISTORICAL_LIMITS } from './historical-pacer';
import { RequestIds } from './request-ids';
import { REQUEST_LANES, RequestLane, RequestSpec, ResponseCollector } from './request-spec';
import { QueueRoom } from './queue-room';
import { TokenBucket } from './token-bucket';

export interface RequestCoordinatorOptions {
  /** Messages per second to the gateway, orders and cancels included. Default 45 (IB allows 50). */
  ratePerSec?: number;
  /** Token bucket capacity. Default rate/20 (2 at 45/s), so no one-second window exceeds rate + 2. */
  burst?: number;
  historicalLimits?: HistoricalLimits;
  /** Retries of a request the gateway refused for pacing (162). Default 3. */
  pacingRetries?: number;
  /** Delay before such a retry. Default 15 s. */
  pacingRetryDelayMs?: number;
}

interface Waiter {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Entry {
  spec: RequestSpec<unknown>;
  waiters: Waiter[];
  submittedAt: number;
  reqId: number | null;
  sentAt: number | null;
  collector: ResponseCollector<unknown> | null;
  timer: TimerHandle | undefined;
  notBefore: number;
  pacingRetries: number;
  done: boolean;
}

const DEFAULT_TIMEOUT: Record<RequestLane, number> = {
  system: 10_000,
  order: 15_000,
  'order-data': 15_000,
  'market-data': 15_000,
  contract: 30_000,
  historical: 60_000,
};

/**
 * Every outgoing message goes through here: a token bucket (default 45/s, orders and cancels included), priority
 * lanes, shared answers for identical requests, IB's historical pacing rules, a timeout per request, and on a
 * disconnect a typed failure or a replay for every request — none is dropped silently. Publishes throttle
 * start/end and the backpressure tiers the scanner reads.
 */
export class RequestCoordinator {
  private readonly queues = new Map<RequestLane, Entry[]>(REQUEST_LANES.map((l) => [l, []]));
  private readonly inflight = new Map<number, Entry>();
  private readonly inflightFirst: Entry[] = [];
  private readonly dedup = new Map<string, Entry>();
  private readonly listening = new Set<string>();
  private readonly bucket: TokenBucket;
  readonly pacer: HistoricalPacer;
  private readonly tiers = new BackpressureTiers();
  private signal: BackpressureSignal;
  private throttled = false;
  private wakeTimer: TimerHandle | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private pumping = false;
  private stopped = false;
  private throttleEvents = 0;
  private resumeWaiters: (() => void)[] = [];
  /** Producers waiting for the queue to fall below their depth. */
  private readonly room = new QueueRoom(() => this.queueDepth());
  private readonly pacingRetries: number;
  private readonly pacingRetryDelayMs: number;

  constructor(
    private readonly connection: IbConnection,
    private readonly clock: Clock,
    private readonly bus: IbkrEventBus,
    readonly ids: RequestIds,
    options: RequestCoordinatorOptions = {},
  ) {
    const rate = options.ratePerSec ?? 45;
    this.bucket = new TokenBucket(clock, rate, options.burst ?? Math.max(1, Math.floor(rate / 20)));
    this.pacer = new HistoricalPacer(clock, options.historicalLimits ?? IB_HISTORICAL_LIMITS);
    this.pacingRetries = options.pacingRetries ?? 3;
    this.pacingRetryDelayMs = options.pacingRetryDelayMs ?? 15_000;
    this.signal = this.tiers.evaluate(0);
    connection.addHooks({ sessionLost: (reason) => this.onSessionLost(reason) });
    bus.on('state', ({ to }) => this.onState(to));
    this.listen('error', (args) => this.onError(args));
  }

  get ratePerSec(): number {
    return this.bucket.ratePerSec;
  }

  // ---------------------------------------------------------------- public

  /** Queues a request; resolves with its answer (or when written, for fire-and-forget ones). */
  submit<T>(spec: RequestSpec<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.stopped) return reject(new IbRequestError('stopped', spec.kind, `${spec.kind}: the connection layer is stopped`));
      const waiter: Waiter = { resolve: resolve as (v: unknown) => void, reject };
      if (spec.dedupKey) {
        const shared = this.dedup.get(spec.dedupKey);
        if (shared && !shared.done) {
          shared.waiters.push(waiter);
          this.promote(shared, spec.lane);
          return;
        }
      }
      if (!spec.idempotent && !this.laneOpen(spec.lane)) {
        return reject(new IbRequestError('not-ready', spec.kind, `${spec.kind}: not sent, the gateway connection is ${this.connection.state}`));
      }
      const entry: Entry = {
        spec: spec as RequestSpec<unknown>,
        waiters: [waiter],
        submittedAt: this.clock.now(),
        reqId: null,
        sentAt: null,
        collector: null,
        timer: undefined,
        notBefore: 0,
        pacingRetries: 0,
        done: false,
      };
      if (spec.dedupKey) this.dedup.set(spec.dedupKey, entry);
      this.enqueue(entry, false);
      this.pump();
    });
  }

  /** A fire-and-forget message (e.g. reqOpenOrders, reqPositions) through the bucket; resolves when written. */
  send(kind: string, lane: RequestLane, write: (api: IBApi) => void, opts: { idempotent?: boolean } = {}): Promise<void> {
    return this.submit<void>({ kind, lane, idempotent: opts.idempotent ?? false, send: (api) => write(api) });
  }

  /** Requests waiting to be sent (not those in flight). */
  queueDepth(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  inFlight(): number {
    return this.inflight.size + this.inflightFirst.length;
  }

  isThrottled(): boolean {
    return this.throttled;
  }

  throttleCount(): number {
    return this.throttleEvents;
  }

  /** The backpressure signal for producers of optional work (the scanner), as of the queue now. */
  backpressure(): BackpressureSignal {
    if (this.signal.queueDepth !== this.queueDepth()) this.updateSignals();
    return this.signal;
  }

  /** Resolves when the queue is not paused (at once if it is not). */
  whenAccepting(): Promise<void> {
    if (!this.signal.paused) return Promise.resolve();
    return new Promise((resolve) => this.resumeWaiters.push(resolve));
  }

  /** Resolves when fewer than `depth` requests are queued (at once if so), or when `signal` aborts (QueueRoom). */
  whenQueueBelow(depth: number, signal?: AbortSignal): Promise<void> {
    return this.room.wait(depth, signal);
  }

  /** Producers waiting in `whenQueueBelow` (metrics, tests). */
  queueWaiters(): number {
    return this.room.waiting;
  }

  /** Fails everything still pending; the coordinator accepts nothing afterwards. */
  stop(): void {
    this.stopped = true;
    if (this.wakeTimer) this.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const all = [...this.allQueued(), ...this.inflight.values(), ...this.inflightFirst];
    for (const q of this.queues.values()) q.length = 0;
    for (const e of all) this.fail(e, new IbRequestError('stopped', e.spec.kind, `${e.spec.kind}: the connection layer stopped`, null, e.sentAt !== null));
    this.updateSignals();
    for (const w of this.resumeWaiters.splice(0)) w();
    this.room.close();
  }

  // ---------------------------------------------------------------- pump

  private laneOpen(lane: RequestLane, state: ConnectionState = this.connection.state): boolean {
    if (state === 'ready' || state === 'restoring') return true;
    return state === 'degraded' && lane === 'system';
  }

  private enqueue(e: Entry, front: boolean): void {
    const q = this.queues.get(e.spec.lane) as Entry[];
    if (front) q.unshift(e);
    else q.push(e);
    this.room.queued();
    this.armTimer(e, e.spec.maxWaitMs ?? 120_000, () =>
      this.fail(e, new IbRequestError(this.connection.api ? 'timeout' : 'disconnected', e.spec.kind, `${e.spec.kind}: not sent within ${e.spec.maxWaitMs ?? 120_000} ms (gateway ${this.connection.state}, queue ${this.queueDepth()})`)),
    );
    this.updateSignals();
  }

  /** A queued request shared by a caller of a higher lane (an order's leg the scan also asked for) moves up to it. */
  private promote(e: Entry, lane: RequestLane): void {
    if (e.sentAt !== null || REQUEST_LANES.indexOf(lane) >= REQUEST_LANES.indexOf(e.spec.lane)) return;
    const from = this.queues.get(e.spec.lane) as Entry[];
    const i = from.indexOf(e);
    if (i < 0) return;
    from.splice(i, 1);
    e.spec = { ...e.spec, lane };
    (this.queues.get(lane) as Entry[]).push(e);
    this.pump();
  }

  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    let blockedOnToken = false;
    let wake = Number.POSITIVE_INFINITY;
    try {
      for (;;) {
        const api = this.connection.api;
        if (!api) break;
        const pick = this.pick();
        wake = Math.min(wake, pick.wakeAt);
        if (!pick.entry) break;
        if (!this.bucket.tryTake()) {
          blockedOnToken = true;
          wake = Math.min(wake, this.clock.now() + this.bucket.msUntilToken());
          break;
        }
        this.dispatch(pick.entry, pick.queue, api);
      }
    } finally {
      this.pumping = false;
    }
    this.setThrottled(blockedOnToken);
    this.scheduleWake(wake);
    this.updateSignals();
  }

  /** The next request that may go: highest lane first, FIFO within a lane, skipping ones held by time or pacing. */
  private pick(): { entry?: Entry; queue?: Entry[]; wakeAt: number } {
    const now = this.clock.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const lane of REQUEST_LANES) {
      if (!this.laneOpen(lane)) continue;
      const q = this.queues.get(lane) as Entry[];
      for (const e of [...q]) {
        if (e.spec.isObsolete?.()) {
          this.complete(e, undefined, true);
          continue;
        }
        if (e.notBefore > now) {
          wakeAt = Math.min(wakeAt, e.notBefore);
          continue;
        }
        if (e.spec.historical) {
          const d = this.pacer.delayMs(e.spec.historical);
          if (d > 0) {
            if (Number.isFinite(d)) wakeAt = Math.min(wakeAt, now + d);
            continue;
          }
        }
        return { entry: e, queue: q, wakeAt };
      }
    }
    return { wakeAt };
  }

  private dispatch(e: Entry, q: Entry[] | undefined, api: IBApi): void {
    if (q) q.splice(q.indexOf(e), 1);
    this.clearTimer(e);
    const reqId = this.ids.next();
    e.reqId = reqId;
    e.sentAt = this.clock.now();
    if (e.spec.collector) {
      const c = e.spec.collector();
      e.collector = c;
      for (const name of c.events) this.listen(name, (args) => this.onEvent(name, args));
      if (c.match === 'reqId') this.inflight.set(reqId, e);
      else this.inflightFirst.push(e);
      const timeout = e.spec.timeoutMs ?? DEFAULT_TIMEOUT[e.spec.lane];
      this.armTimer(e, timeout, () => this.onTimeout(e, timeout));
    }
    if (e.spec.historical) this.pacer.sent(e.spec.historical);
    try {
      e.spec.send(api, reqId);
    } catch (err) {
      this.fail(e, new IbRequestError('rejected', e.spec.kind, `${e.spec.kind}: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    this.bus.emit('request-sent', { kind: e.spec.kind, lane: e.spec.lane, reqId, at: e.sentAt });
    if (!e.spec.collector) this.complete(e, undefined);
  }

  private scheduleWake(at: number): void {
    if (!Number.isFinite(at)) return;
    if (this.wakeTimer && this.wakeAt <= at) return;
    if (this.wakeTimer) this.clock.clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = this.clock.setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.pump();
    }, Math.max(1, at - this.clock.now()));
  }

  // ---------------------------------------------------------------- answers

  private listen(name: string, fn: (args: unknown[]) => void): void {
    if (this.listening.has(name)) return;
    this.listening.add(name);
    this.connection.incoming.onAny(name, (...args: unknown[]) => fn(args));
  }

  private onEvent(name: string, args: unknown[]): void {
    let e: Entry | undefined;
    if (typeof args[0] === 'number' && this.inflight.has(args[0])) e = this.inflight.get(args[0]);
    else e = this.inflightFirst.find((x) => x.collector?.events.includes(name));
    if (!e?.collector || !e.collector.events.includes(name)) return;
    const r = e.collector.accept(name, args);
    if (r) this.complete(e, r.value);
  }

  private onError(args: unknown[]): void {
    const [err, code, reqId] = args as [Error | undefined, number, number];
    const e = this.inflight.get(reqId);
    if (!e) return;
    const message = err?.message ?? '';
    const rule = classifyIbError(code, message);
    if (rule.action === 'log') return;
    if (rule.action === 'retry' && e.spec.idempotent && e.pacingRetries < this.pacingRetries) {
      this.detach(e);
      e.pacingRetries++;
      e.notBefore = this.clock.now() + this.pacingRetryDelayMs;
      this.enqueue(e, true);
      this.pump();
      return;
    }
    this.fail(e, new IbRequestError('rejected', e.spec.kind, `${e.spec.kind} rejected by the gateway: ${code} ${message}`, code, true));
  }

  private onTimeout(e: Entry, timeout: number): void {
    const api = this.connection.api;
    const reqId = e.reqId;
    this.fail(e, new IbRequestError('timeout', e.spec.kind, `${e.spec.kind}: no complete answer within ${timeout} ms`, null, true));
    if (api && reqId !== null && e.spec.cancel) {
      const cancel = e.spec.cancel;
      this.submit<void>({ kind: `cancel:${e.spec.kind}`, lane: e.spec.lane, idempotent: false, send: (a) => cancel(a, reqId) }).catch(() => undefined);
    }
  }

  private complete(e: Entry, value: unknown, unsent = false): void {
    if (e.done) return;
    const ms = e.sentAt !== null ? this.clock.now() - e.sentAt : 0;
    this.finish(e);
    if (unsent) {
      const q = this.queues.get(e.spec.lane) as Entry[];
      const i = q.indexOf(e);
      if (i >= 0) q.splice(i, 1);
      this.updateSignals();
    } else {
      this.bus.emit('request-done', { kind: e.spec.kind, lane: e.spec.lane, latencyMs: ms, outcome: 'ok', at: this.clock.now() });
    }
    for (const w of e.waiters) w.resolve(value);
    if (!unsent) this.pump();
  }

  private fail(e: Entry, error: IbRequestError): void {
    if (e.done) return;
    const wasSent = e.sentAt !== null;
    this.finish(e);
    const q = this.queues.get(e.spec.lane) as Entry[];
    const i = q.indexOf(e);
    if (i >= 0) q.splice(i, 1);
    if (wasSent) this.bus.emit('request-done', { kind: e.spec.kind, lane: e.spec.lane, latencyMs: this.clock.now() - (e.sentAt ?? 0), outcome: 'error', at: this.clock.now() });
    for (const w of e.waiters) w.reject(error);
    this.updateSignals();
    if (!this.stopped) this.pump();
  }

  private finish(e: Entry): void {
    e.done = true;
    this.detach(e);
    if (e.spec.dedupKey && this.dedup.get(e.spec.dedupKey) === e) this.dedup.delete(e.spec.dedupKey);
  }

  /** Takes the entry out of the in-flight tables (it may be queued again). */
  private detach(e: Entry): void {
    this.clearTimer(e);
    if (e.reqId !== null && this.inflight.get(e.reqId) === e) {
      this.inflight.delete(e.reqId);
      if (e.spec.historical) this.pacer.closed();
    }
    const j = this.inflightFirst.indexOf(e);
    if (j >= 0) this.inflightFirst.splice(j, 1);
    e.collector = null;
  }

  // ---------------------------------------------------------------- connection changes

  private onSessionLost(reason: string): void {
    // In flight: queries go back to the front of their lane (replayed under a new id); others have an unknown outcome.
    const inflight = [...this.inflight.values(), ...this.inflightFirst].sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0));
    for (const e of inflight) {
      if (e.spec.idempotent) {
        this.detach(e);
        e.reqId = null;
        e.sentAt = null;
        this.enqueue(e, true);
      } else {
        this.fail(e, new IbRequestError('outcome-unknown', e.spec.kind, `${e.spec.kind}: sent, then the connection was lost (${reason}) before an answer`, null, true));
      }
    }
    this.pacer.resetOpen();
    this.failQueuedNonIdempotent('disconnected', `not sent: the connection was lost (${reason})`);
  }

  private onState(to: ConnectionState): void {
    if (to === 'degraded') this.failQueuedNonIdempotent('not-ready', 'not sent: IB connectivity lost (1100); orders are not held across the gap');
    if (this.laneOpen('system', to)) this.pump();
  }

  private failQueuedNonIdempotent(failure: 'disconnected' | 'not-ready', text: string): void {
    for (const e of this.allQueued()) {
      if (!e.spec.idempotent) this.fail(e, new IbRequestError(failure, e.spec.kind, `${e.spec.kind}: ${text}`));
    }
  }

  private *allQueued(): Generator<Entry> {
    for (const q of this.queues.values()) for (const e of [...q]) yield e;
  }

  // ---------------------------------------------------------------- timers and signals

  private armTimer(e: Entry, ms: number, fn: () => void): void {
    this.clearTimer(e);
    e.timer = this.clock.setTimeout(() => {
      e.timer = undefined;
      fn();
    }, ms);
  }

  private clearTimer(e: Entry): void {
    if (e.timer) this.clock.clearTimeout(e.timer);
    e.timer = undefined;
  }

  private setThrottled(on: boolean): void {
    if (on === this.throttled) return;
    this.throttled = on;
    if (on) this.throttleEvents++;
    this.bus.emit('throttle', { active: on, queueDepth: this.queueDepth(), at: this.clock.now() });
  }

  private updateSignals(): void {
    const next = this.tiers.evaluate(this.queueDepth());
    if (next.level !== this.signal.level) {
      this.signal = next;
      this.bus.emit('backpressure', next);
      if (!next.paused) for (const w of this.resumeWaiters.splice(0)) w();
    } else {
      this.signal = next;
    }
    if (this.throttled && this.queueDepth() === 0) this.setThrottled(false);
    this.room.wake(next.queueDepth);
  }
}
