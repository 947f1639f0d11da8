/**
 * The gateway's order events (IbConnection.incoming: current session only) → OrderEvent → OrderEventsService.apply,
 * one at a time in arrival order (an orderStatus never overtakes its openOrder, a commission never its execution).
 * Each outcome is handed to `onOutcome` (the engine: socket events, walk, exits, pins, metrics).
 *
 * Never dropped for a database outage (ADR 0011): an event stays at the head of a bounded in-memory queue until it is
 * applied. When applying fails, a probe (`SELECT 1`) tells an outage from a bad event: during an outage the queue
 * waits and retries every `retryMs` on the clock (`onStalled` once), then applies everything in arrival order and
 * calls `onRecovered` (the engine reconciles, as on a gateway reconnect). An event that fails while the database
 * answers is retried twice more, then dropped and reported. Past `maxBacklog` the oldest event is dropped and
 * reported; reconciliation after the outage reads the gateway's executions and orders, so no fill stays lost.
 */
import type { Contract, Execution, Order, OrderState, CommissionReport } from '@stoqey/ib';
import type { Clock, IbConnection, TimerHandle } from '@ibsc/ibkr';
import type { OrderEvent } from '../gateway/gateway-events';
import type { OrderEventOutcome, OrderEventsService } from '../lifecycle/order-events.service';
import { ibNumber } from '../pricing/money';
import { toGatewayExecution, toGatewayOpenOrder } from './ib-order-gateway';

/** Request and ticker ids of libs/ibkr start here; anything below is an order id. */
const FIRST_REQUEST_ID = 100_000_000;

export interface OrderEventSink {
  (event: OrderEvent, outcome: OrderEventOutcome): void | Promise<void>;
}

export interface OrderEventFeedHooks {
  onOutcome: OrderEventSink;
  /** Resolves true when the database answers (the engine: SELECT 1). */
  probe(): Promise<boolean>;
  /** The database stopped answering: events are kept from now on. */
  onStalled?(error: unknown, backlog: number): void;
  /** The first event applied after an outage: how long it lasted and how many events were kept. */
  onRecovered?(outageMs: number, backlog: number): void;
  /** An event given up (`overflow`: the bound was reached; `failed`: it fails while the database answers). */
  onDropped?(event: OrderEvent, reason: 'overflow' | 'failed', error: unknown): void;
  /** onOutcome failed (the event itself is applied). */
  onError?(e: unknown): void;
}

export interface OrderEventFeedOptions {
  /** Events kept in memory at most. Default 10 000. */
  maxBacklog?: number;
  /** Retry interval while the database is away. Default 1 s. */
  retryMs?: number;
}

/** Attempts of one event while the database answers before it is dropped as bad. */
const ATTEMPTS_WHILE_UP = 3;

export class IbOrderEventFeed {
  private readonly queue: OrderEvent[] = [];
  private readonly detach: Array<() => void> = [];
  private readonly idle: Array<() => void> = [];
  private running = false;
  private outcomeRunning = false;
  private failures = 0;
  private stalledSince: number | null = null;
  private retry: TimerHandle | null = null;
  private stopped = false;
  private readonly maxBacklog: number;
  private readonly retryMs: number;

  constructor(
    private readonly connection: IbConnection,
    private readonly events: OrderEventsService,
    private readonly clientId: number,
    private readonly clock: Clock,
    private readonly hooks: OrderEventFeedHooks,
    options: OrderEventFeedOptions = {},
  ) {
    this.maxBacklog = options.maxBacklog ?? 10_000;
    this.retryMs = options.retryMs ?? 1_000;
  }

  start(): void {
    const inc = this.connection.incoming;
    const on = <K extends 'openOrder' | 'orderStatus' | 'execDetails' | 'commissionReport' | 'error'>(name: K, fn: (...a: never[]) => void) => {
      inc.on(name, fn as never);
      this.detach.push(() => inc.off(name, fn as never));
    };
    on('openOrder', (orderId: number, _c: Contract, order: Order, state: OrderState) => {
      if (order.whatIf) return;
      this.push({ kind: 'openOrder', order: toGatewayOpenOrder(orderId, order, state, this.clientId) });
    });
    on('orderStatus', (orderId: number, status: string, filled: number, remaining: number, avg: number, permId: number | undefined, _parent: number | undefined, last: number | undefined, clientId: number | undefined, whyHeld: string | undefined) => {
      if (clientId !== undefined && clientId !== this.clientId && !permId) return;
      this.push({ kind: 'orderStatus', orderId, permId: permId ?? 0, status, filled, remaining, avgFillPrice: ibNumber(avg), lastFillPrice: ibNumber(last ?? null), whyHeld });
    });
    on('execDetails', (_reqId: number, contract: Contract, x: Execution) => {
      this.push({ kind: 'execution', execution: toGatewayExecution(contract, x, new Date(this.clock.now())) });
    });
    on('commissionReport', (r: CommissionReport) => {
      if (!r.execId) return;
      this.push({ kind: 'commission', commission: { execId: r.execId, commission: ibNumber(r.commission ?? null), currency: r.currency ?? 'USD', realizedPnl: ibNumber(r.realizedPNL ?? null) } });
    });
    on('error', (err: Error, code: number, reqId: number) => {
      if (!(reqId > 0 && reqId < FIRST_REQUEST_ID)) return;
      this.push({ kind: 'error', orderId: reqId, code, message: err?.message ?? '' });
    });
  }

  stop(): void {
    this.stopped = true;
    for (const d of this.detach.splice(0)) d();
    if (this.retry) this.clock.clearTimeout(this.retry);
    this.retry = null;
    this.wakeIdle();
  }

  /** Events kept or being applied (tests wait for 0). */
  backlog(): number {
    return this.queue.length + (this.outcomeRunning ? 1 : 0);
  }

  /** True while events wait for the database. */
  stalled(): boolean {
    return this.stalledSince !== null;
  }

  /** Resolves once everything received so far is applied (after an outage: once the database is back). */
  drained(): Promise<void> {
    if (this.stopped || (this.queue.length === 0 && !this.running)) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private push(event: OrderEvent): void {
    if (this.queue.length >= this.maxBacklog) {
      const dropped = this.queue.splice(this.running ? 1 : 0, 1)[0];
      if (dropped) this.hooks.onDropped?.(dropped, 'overflow', new Error(`order event backlog full (${this.maxBacklog})`));
    }
    this.queue.push(event);
    if (!this.retry) void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const event = this.queue[0];
        let outcome: OrderEventOutcome;
        try {
          outcome = await this.events.apply(event);
        } catch (e) {
          if (!(await this.hooks.probe().catch(() => false))) {
            this.stall(e);
            return;
          }
          if (++this.failures < ATTEMPTS_WHILE_UP) continue;
          this.queue.shift();
          this.failures = 0;
          this.hooks.onDropped?.(event, 'failed', e);
          continue;
        }
        this.queue.shift();
        this.failures = 0;
        if (this.stalledSince !== null) {
          const outageMs = this.clock.now() - this.stalledSince;
          this.stalledSince = null;
          this.hooks.onRecovered?.(outageMs, this.queue.length + 1);
        }
        if (!outcome.orderId) continue;
        this.outcomeRunning = true;
        try {
          await this.hooks.onOutcome(event, outcome);
        } catch (e) {
          this.hooks.onError?.(e);
        } finally {
          this.outcomeRunning = false;
        }
      }
    } finally {
      this.running = false;
      if (this.queue.length === 0) this.wakeIdle();
    }
  }

  private stall(e: unknown): void {
    if (this.stalledSince === null) {
      this.stalledSince = this.clock.now();
      this.hooks.onStalled?.(e, this.queue.length);
    }
    this.retry = this.clock.setTimeout(() => {
      this.retry = null;
      void this.run();
    }, this.retryMs);
  }

  private wakeIdle(): void {
    for (const w of this.idle.splice(0)) w();
  }
}
