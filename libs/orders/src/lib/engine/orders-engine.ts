/**
 * The order engine wired to the gateway (libs/ibkr): composes the core services of libs/orders with the
 * ibkr-backed seams, and owns what happens between them —
 *   preview / place / modify / cancel for REST; risk decided before anything is committed or sent;
 *   the gateway's order events → OrderEventsService, then socket events, walks, exits, pins, metrics;
 *   markConnectionLost() on 1100 and session loss, reconcile() on every transition to ready (the first included),
 *   when the database returns after events waited for it, and every `reconcileIntervalSec`; after each
 *   reconciliation the pending cancels and modifies go out first (ADR 0011), REST placements and modifies wait for them;
 *   after the first reconciliation, the walks of orders still working are resumed from their stored log;
 *   leg lines pinned while an order works and while its position is open.
 * Framework-free (the API wraps it in a Nest module); time from the injected clock.
 */
import { EventEmitter } from 'node:events';
import { HttpStatus } from '@nestjs/common';
import type { IbkrLogger, IbkrRuntime } from '@ibsc/ibkr';
import { SILENT_LOGGER } from '@ibsc/ibkr';
import type {
  ClosePositionDto,
  KillSwitchDto,
  KillSwitchView,
  ModifyOrderDto,
  OrderFillEvent,
  OrderRejectEvent,
  OrderView,
  PlaceOrderDto,
  PlaceOrderResult,
  PreviewOrderDto,
  PreviewView,
} from '@ibsc/shared-dto';
import { register, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { OrderEvent } from '../gateway/gateway-events';
import type { WhatIfResult } from '../gateway/order-gateway';
import type { TransmitFence } from '../gateway/transmit-fence';
import { type OrderEventOutcome, OrderEventsService } from '../lifecycle/order-events.service';
import { isTerminal } from '../lifecycle/order-status';
import { isRiskRefusal, OrdersError, OrdersErrors } from '../orders-error';
import type { OrderEntity } from '../persistence/entities/order.entity';
import { buildPreview } from '../preview/order-preview';
import { comboQuote, type ComboQuote } from '../pricing/combo-quote';
import { slippageVsMid } from '../pricing/limit-price';
import { OrderQueries, type OrderListFilter } from '../queries/order-queries';
import { PositionQueries } from '../queries/position-queries';
import { ReconciliationService, type ReconciliationReport } from '../reconciliation/reconciliation.service';
import { POSITION_METRIC_NAMES, PositionReconciliationService } from '../reconciliation/position-reconciliation.service';
import { KillSwitchService } from '../risk/kill-switch.service';
import type { OrdersConfig } from '../risk/orders-config';
import { RiskGuard } from '../risk/risk-guard';
import type { NewOrder } from '../submission/new-order';
import { OrderPlacementService } from '../submission/order-placement.service';
import { OrderSubmissionService, type SubmissionRequest } from '../submission/order-submission.service';
import { IbLegQualifier } from '../ibkr/ib-leg-qualifier';
import { IbOrderEventFeed } from '../ibkr/ib-order-event-feed';
import { IbOrderGateway, type IbOrderGatewayOptions } from '../ibkr/ib-order-gateway';
import { AuthorityOrderIds } from '../ibkr/ib-order-ids';
import { MarketView, type MarketViewOptions } from '../ibkr/market-view';
import { type CompletionOutcome, OrdersMetrics } from './orders-metrics';
import { PortfolioReads } from './portfolio-reads';
import { exitTickets, storedVertical } from './exit-tickets';
import { closeOrder } from './close-tickets';
import { TicketDesk, ticketWire } from './ticket-desk';
import { IntentsGate } from './intents-gate';
import { WalkDriver } from './walk-driver';
import { resumeWalks } from './walk-resume';

export interface OrdersEngineEventMap {
  /** An order changed (status, fill, modify): the whole view (Socket.IO orders.update). */
  update: [OrderView];
  fill: [OrderFillEvent];
  /** A gateway rejection or a risk refusal. */
  reject: [OrderRejectEvent];
  killSwitch: [KillSwitchView];
  reconciled: [ReconciliationReport];
}

export interface OrdersEngineOptions {
  db: DataSource;
  ibkr: IbkrRuntime;
  config: OrdersConfig;
  /** Prometheus registry for the order metrics. Default prom-client's global one. */
  registry?: Registry;
  logger?: IbkrLogger;
  /** Reconciliation: an order sent less than this long ago and found nowhere is `pending`, not absent. */
  absentGraceMs?: number;
  gateway?: IbOrderGatewayOptions;
  market?: MarketViewOptions;
  /** Checked around every transmission (place, modify, cancel): the API's session fence. Default none. */
  fence?: TransmitFence;
}

function requireKey(key: string | undefined): asserts key is string {
  if (!key) {
    throw new OrdersError(HttpStatus.BAD_REQUEST, 'IDEMPOTENCY_KEY_MISSING', 'the Idempotency-Key header is required (one per ticket)', [
      { field: 'Idempotency-Key', problems: ['required: 8–128 characters of A-Z, a-z, 0-9, _ or -'] },
    ]);
  }
}

export class OrdersEngine {
  readonly events = new EventEmitter<OrdersEngineEventMap>();
  readonly gateway: IbOrderGateway;
  readonly orderEvents: OrderEventsService;
  readonly submission: OrderSubmissionService;
  readonly placement: OrderPlacementService;
  readonly reconciliation: ReconciliationService;
  readonly killSwitch: KillSwitchService;
  readonly queries: OrderQueries;
  readonly positionQueries: PositionQueries;
  readonly market: MarketView;
  readonly walks: WalkDriver;
  readonly feed: IbOrderEventFeed;
  readonly metrics: OrdersMetrics;
  readonly portfolio: PortfolioReads;
  readonly positionReconciliation: PositionReconciliationService;
  private positionsPass: Promise<unknown> | null = null;
  private readonly tickets: TicketDesk;
  private readonly now: () => Date;
  private readonly log: IbkrLogger;
  private readonly detach: Array<() => void> = [];
  private readonly finalized = new Set<string>();
  private reconciling: Promise<ReconciliationReport | null> | null = null;
  /** Held on a transition to ready until the pending intents are sent: REST place/modify wait for it. */
  private readonly intentsGate: IntentsGate;
  private reconcileAgain = false;
  private started = false;
  private walksResumed = false;
  private stopped = false;

  constructor(private readonly o: OrdersEngineOptions) {
    const rt = o.ibkr;
    const db = o.db;
    const clientId = rt.options.clientId;
    this.now = () => new Date(rt.clock.now());
    this.log = o.logger ?? SILENT_LOGGER;
    this.intentsGate = new IntentsGate(rt.clock);
    this.gateway = new IbOrderGateway(rt.connection, rt.coordinator, rt.bus, rt.orderIds, rt.clock, o.gateway);
    this.orderEvents = new OrderEventsService(db, clientId, this.now);
    this.submission = new OrderSubmissionService(db, new AuthorityOrderIds(rt.orderIds, clientId), this.now);
    this.queries = new OrderQueries(db);
    this.positionQueries = new PositionQueries(db);
    this.placement = new OrderPlacementService(db, this.gateway, this.submission, this.orderEvents, this.queries, this.now, o.fence);
    this.reconciliation = new ReconciliationService(db, this.gateway, this.orderEvents, this.now, o.absentGraceMs);
    this.killSwitch = new KillSwitchService(db, this.now);
    this.market = new MarketView(rt.lines, rt.clock, o.market);
    this.metrics = new OrdersMetrics(o.registry ?? register, {
      workingOrders: () => this.queries.countWorking(),
      killSwitchTripped: async () => (await this.killSwitch.get()).tripped,
    });
    this.positionReconciliation = new PositionReconciliationService(db, this.positionQueries, this.gateway, this.now, o.registry ?? register);
    this.portfolio = new PortfolioReads(db, this.positionQueries, this.market, this.killSwitch, o.config, this.now, () => this.reportedAccount(), this.positionReconciliation);
    this.tickets = new TicketDesk({
      qualifier: new IbLegQualifier(rt.coordinator),
      market: this.market,
      killSwitch: this.killSwitch,
      openOnUnderlying: async (u) => this.positionReconciliation.openOnUnderlying(u, await this.queries.openOnUnderlying(u)),
      portfolio: this.portfolio,
      guard: new RiskGuard(o.config, this.now),
      reportedAccount: () => this.reportedAccount(),
      killSwitchTripped: async () => {
        this.events.emit('killSwitch', await this.portfolio.killSwitchView());
      },
    });
    this.walks = new WalkDriver(rt.clock, {
      quote: (id) => this.orderQuote(id),
      modify: async (id, price) => {
        const updated = await this.placement.modify(id, { limit: price }, 'walk');
        this.emitUpdate(updated.id);
      },
      cancel: async (id) => {
        await this.placement.cancel(id, 'walk', { keepIfUnknown: true });
      },
      persist: (id, steps) => this.queries.appendWalkSteps(id, steps),
      onError: (id, e) => this.log.warn(`walk of order ${id}: ${(e as Error).message}`),
    });
    this.feed = new IbOrderEventFeed(
      rt.connection,
      this.orderEvents,
      clientId,
      rt.clock,
      {
        onOutcome: (e, out) => this.onOutcome(e, out),
        probe: () => db.query('SELECT 1').then(() => true),
        onStalled: (e, n) => this.log.warn(`database unavailable: order events kept until it returns (${n} waiting): ${(e as Error).message}`),
        onRecovered: (ms, n) => {
          this.log.warn(`database back after ${Math.round(ms / 1000)} s: applying ${n} kept order events, then reconciling`);
          this.metrics.reconciliationRun('database');
          void this.reconcileNow();
        },
        onDropped: (e, reason, err) => {
          this.metrics.eventDropped(reason);
          this.log.error(`order event ${e.kind} dropped (${reason}): ${(err as Error).message}; reconciliation recovers it from the gateway`);
        },
        onError: (e) => this.log.error(`order event applied, follow-up failed: ${(e as Error).message}`),
      },
      { maxBacklog: o.config.eventBacklogMax },
    );
    this.metrics.watchBacklog(() => this.feed.backlog());
  }

  // ---------------------------------------------------------------- lifecycle

  start(): void {
    if (this.started) return;
    this.started = true;
    const bus = this.o.ibkr.bus;
    const onState = (s: { from: string; to: string }) => {
      if (s.to !== 'ready' || s.from === 'ready') return;
      this.intentsGate.hold();
      this.metrics.reconciliationRun('gateway');
      queueMicrotask(() => void this.reconcileNow());
    };
    const onLost = () => void this.connectionLost('session lost');
    const onConnectivity = (c: { code: number }) => {
      if (c.code === 1100) void this.connectionLost('1100');
    };
    bus.on('state', onState);
    bus.on('session-lost', onLost);
    bus.on('connectivity', onConnectivity);
    this.detach.push(() => bus.off('state', onState), () => bus.off('session-lost', onLost), () => bus.off('connectivity', onConnectivity));
    this.feed.start();
    const clock = this.o.ibkr.clock;
    const every = clock.setInterval(() => {
      if (this.o.ibkr.connection.state === 'ready') void this.reconcilePositions();
    }, this.o.config.positionsReconcileSec * 1000);
    this.detach.push(() => clock.clearInterval(every));
    const periodic = clock.setInterval(() => {
      if (this.o.ibkr.connection.state !== 'ready') return;
      this.metrics.reconciliationRun('periodic');
      void this.reconcileNow();
    }, this.o.config.reconcileIntervalSec * 1000);
    this.detach.push(() => clock.clearInterval(periodic));
    if (this.o.ibkr.connection.state === 'ready') {
      this.intentsGate.hold();
      queueMicrotask(() => void this.reconcileNow());
    }
  }

  /** Idempotent: the API's session owner and the module shutdown may both stop it. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.started = false;
    for (const d of this.detach.splice(0)) d();
    this.intentsGate.release();
    this.feed.stop();
    this.walks.stopAll();
    this.market.stop();
    this.metrics.dispose();
    for (const name of POSITION_METRIC_NAMES) (this.o.registry ?? register).removeSingleMetric(name);
    this.events.removeAllListeners();
  }

  /** Reconciles now (serialised: a request during a pass runs one more pass after it). */
  reconcileNow(): Promise<ReconciliationReport | null> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return this.reconciling;
    }
    this.reconciling = this.runReconcile()
      .catch((e: unknown) => {
        // Its follow-ups (pins, walks) met an outage: the next trigger (database back, reconnect, periodic) runs again.
        this.log.warn(`reconciliation follow-up failed: ${(e as Error).message}`);
        return null;
      })
      .finally(() => {
        this.reconciling = null;
        if (this.reconcileAgain) {
          this.reconcileAgain = false;
          void this.reconcileNow();
        }
      });
    return this.reconciling;
  }

  // ---------------------------------------------------------------- REST operations

  async preview(dto: PreviewOrderDto): Promise<PreviewView> {
    const t = await this.tickets.open(dto);
    let whatIf: WhatIfResult | null = null;
    const warnings: string[] = [];
    if (t.priced.orderType === 'MKT' || t.priced.limitPrice !== null) {
      try {
        whatIf = await this.gateway.whatIf(ticketWire(t, dto, 'ibsc-preview'));
      } catch (e) {
        warnings.push(`whatIf: ${(e as Error).message}`);
      }
    }
    const view = buildPreview({ spec: t.spec, shape: t.shape, action: 'BUY', quantity: dto.quantity, orderType: t.priced.orderType, limitPrice: t.priced.limitPrice, quote: t.quote, whatIf, risk: t.risk });
    return { ...view, warnings: [...view.warnings, ...warnings] };
  }

  async place(dto: PlaceOrderDto, idempotencyKey: string | undefined, actor: string): Promise<PlaceOrderResult> {
    requireKey(idempotencyKey);
    const t = await this.tickets.open(dto);
    if (t.priced.orderType === 'LMT' && t.priced.limitPrice === null) {
      throw new OrdersError(HttpStatus.CONFLICT, 'NO_QUOTE', `no two-sided quote for every leg of ${t.spec.underlying}: the limit cannot be priced (give priceMode manual and a limit)`);
    }
    const order: NewOrder = {
      intent: 'open',
      positionKey: null,
      parentOrderId: null,
      exitRole: null,
      ocaGroup: null,
      spec: t.spec,
      shape: t.shape,
      action: 'BUY',
      quantity: dto.quantity,
      orderType: t.priced.orderType,
      limitPrice: t.priced.limitPrice,
      auxPrice: null,
      priceMode: t.priced.priceMode,
      tif: dto.tif ?? 'DAY',
      walk: t.walk,
      takeProfitPct: dto.takeProfitPct ?? null,
      stopLossPct: dto.stopLossPct ?? null,
      midAtSubmit: t.quote?.mid ?? null,
      account: t.account,
    };
    const res = await this.submit({ idempotencyKey, body: dto, actor, order, risk: t.risk, maxOpenPerUnderlying: this.o.config.maxOpenPerUnderlying });
    const id = res.order.id;
    if (!res.replayed) {
      this.metrics.orderPlaced();
      this.market.pin(`order:${id}`, t.conIds);
      if (t.walk && t.quote) await this.walks.start(id, 'BUY', dto.quantity, t.walk, t.quote);
    }
    const view = await this.queries.view(id);
    if (!res.replayed) this.events.emit('update', view);
    return { order: view, replayed: res.replayed };
  }

  /**
   * Closes an open spread position (its id is the opening order's id, positionKey), whole or `quantity` of it, with
   * the opposite BAG order priced like a ticket (close-tickets.ts). Exactly once per Idempotency-Key: a replay
   * returns the first close, whatever happened since (even a position it flattened); one trader's close works at a
   * time per position (CLOSE_ALREADY_WORKING: modify or cancel it). The closing risk checks, the intents gate and
   * the transmit fence apply as to any order. Once it fills, the position's exits are cancelled (flat) or shrunk to
   * what is left open (adjustExits).
   */
  async closePosition(positionKey: string, dto: ClosePositionDto, idempotencyKey: string | undefined, actor: string): Promise<PlaceOrderResult> {
    requireKey(idempotencyKey);
    const body = { positionKey, ...dto };
    const seen = await this.submission.replayOf(idempotencyKey, body);
    if (seen) return { order: await this.queries.view(seen.order.id), replayed: true };
    const opening = await this.queries.entity(positionKey).catch(() => null);
    if (!opening || opening.intent !== 'open' || opening.filledQuantity <= 0) throw OrdersErrors.positionNotFound(positionKey);
    // The smaller of the P&L book and the orders' filled quantities: a close that filled a moment ago counts already.
    const open = Math.min((await this.portfolio.openQuantity(positionKey)) ?? 0, await this.queries.openByOrders(positionKey));
    if (open <= 0) throw OrdersErrors.positionNotOpen(positionKey);
    const quantity = dto.quantity ?? open;
    if (quantity > open) throw OrdersErrors.quantityAboveOpen(quantity, open);
    const closes = await this.queries.workingCloses(positionKey);
    const working = closes.find((c) => c.exitRole === 'manual');
    if (working) throw OrdersErrors.closeWorking(positionKey, working.id);
    const { spec, shape } = storedVertical(opening);
    const quote = await this.orderQuote(opening.id);
    const order = closeOrder({ opening, quantity, openQuantity: open, dto, quote, exitsWorking: closes.some((c) => c.exitRole === 'take_profit' || c.exitRole === 'stop_loss') });
    const risk = await this.tickets.closing(opening, spec, shape, quantity);
    const res = await this.submit({ idempotencyKey, body, actor, order, risk, oneClosePerPosition: true });
    const id = res.order.id;
    if (!res.replayed) {
      this.metrics.orderPlaced();
      this.metrics.positionClose(quantity === open ? 'whole' : 'partial');
      this.market.pin(`order:${id}`, spec.legs.map((l) => l.conId as number));
      this.log.log(`close of position ${positionKey}: ${quantity} of ${open} at ${order.priceMode} ${order.limitPrice} (order ${id}${order.ocaGroup ? `, OCA ${order.ocaGroup}` : ''})`);
    }
    const view = await this.queries.view(id);
    if (!res.replayed) this.events.emit('update', view);
    return { order: view, replayed: res.replayed };
  }

  /** The view has `modifyPending` when the gateway could not take it: sent after reconnect. */
  async modify(id: string, dto: ModifyOrderDto, actor: string): Promise<OrderView> {
    await this.intentsGate.wait();
    await this.placement.modify(id, dto, actor);
    // A trader's price takes over from the walk.
    if (dto.limit !== undefined) await this.walks.stop(id);
    return this.emitUpdate(id);
  }

  /** The view has `cancelPending` when the gateway could not take it: sent first after reconnect. */
  async cancel(id: string, actor: string): Promise<OrderView> {
    await this.walks.stop(id);
    await this.placement.cancel(id, actor);
    return this.emitUpdate(id);
  }

  list(filter: OrderListFilter = {}): Promise<OrderView[]> {
    return this.queries.list(filter);
  }

  view(id: string): Promise<OrderView> {
    return this.queries.view(id);
  }

  async setKillSwitch(dto: KillSwitchDto, actor: string): Promise<KillSwitchView> {
    if (dto.tripped) await this.killSwitch.trip(actor, dto.reason);
    else await this.killSwitch.reset(actor, dto.reason);
    const v = await this.portfolio.killSwitchView();
    this.events.emit('killSwitch', v);
    return v;
  }

  /** The account the gateway reports now (managedAccounts of the current session); null when not connected. */
  reportedAccount(): string | null {
    return this.o.ibkr.connection.info().accounts[0] ?? null;
  }

  // ---------------------------------------------------------------- tickets

  /** Reserve and transmit behind the intents gate; a risk refusal or an unknown fate is also a socket reject. */
  private async submit(req: SubmissionRequest) {
    await this.intentsGate.wait();
    try {
      return await this.placement.place(req);
    } catch (e) {
      if (isRiskRefusal(e) || (e instanceof OrdersError && e.code === 'ORDER_FATE_UNKNOWN')) {
        this.events.emit('reject', { orderId: null, orderRef: null, reason: e.message, code: e.code, at: this.now().toISOString() });
      }
      throw e;
    }
  }

  /** The live combo quote of a stored order's legs. */
  private async orderQuote(orderId: string): Promise<ComboQuote | null> {
    const o = await this.queries.entity(orderId);
    const legs = [...o.legs].sort((a, b) => a.legIndex - b.legIndex);
    const quotes = await Promise.all(legs.map((l) => (l.conId ? this.market.legQuote(l.conId) : Promise.resolve(null))));
    return comboQuote(legs, quotes);
  }

  // ---------------------------------------------------------------- gateway events

  private async onOutcome(_event: OrderEvent, out: OrderEventOutcome): Promise<void> {
    const id = out.orderId;
    if (!id || out.duplicate || out.ignored !== null) return;
    const view = await this.queries.view(id);
    this.events.emit('update', view);
    await this.walks.onFill(id, view.filledQuantity, null);
    if (out.fill) {
      this.events.emit('fill', { orderId: id, orderRef: view.orderRef, execId: out.fill.execId, quantity: out.fill.quantity, price: out.fill.price, filledQuantity: out.fill.filledQuantity, status: view.status, at: out.fill.at.toISOString() });
      await this.refreshPositionPins();
    }
    if (out.statusChanged && view.status === 'rejected') {
      this.events.emit('reject', { orderId: id, orderRef: view.orderRef, reason: view.statusReason ?? 'rejected by the gateway', code: 'GATEWAY_REJECTED', at: this.now().toISOString() });
    }
    if (this.settled(view)) await this.onTerminal(await this.queries.entity(id));
  }

  /**
   * Final, with its fill facts: IB's openOrder says Filled before the orderStatus that carries the quantity, so a
   * filled order counts as settled once the filled quantity covers it.
   */
  private settled(v: { status: OrderView['status']; filledQuantity: number; quantity: number }): boolean {
    return isTerminal(v.status) && (v.status !== 'filled' || v.filledQuantity >= v.quantity);
  }

  /** Once per order: walk stopped, metrics, exits, pins moved from the order to its position. */
  private async onTerminal(o: OrderEntity): Promise<void> {
    if (this.finalized.has(o.id)) return;
    this.finalized.add(o.id);
    const steps = this.walks.repriceCount(o.id);
    await this.walks.stop(o.id);
    const executionSeconds = o.completedAt && o.transmittedAt ? (o.completedAt.getTime() - o.transmittedAt.getTime()) / 1000 : null;
    const slippage = o.avgFillPrice !== null && o.midAtSubmit !== null ? slippageVsMid(o.avgFillPrice, o.midAtSubmit, o.action) : null;
    this.metrics.completedOrder(o.status as CompletionOutcome, { executionSeconds, slippage, walkSteps: o.walk ? steps : null });
    const conIds = o.legs.map((l) => l.conId).filter((c): c is number => c !== null);
    if (o.intent === 'open' && o.filledQuantity > 0) {
      this.market.pin(`position:${o.positionKey ?? o.id}`, conIds);
      await this.placeExits(o);
    }
    if (o.exitRole === 'manual' && o.filledQuantity > 0) await this.adjustExits(o);
    this.market.unpin(`order:${o.id}`);
    await this.refreshPositionPins();
  }

  /** Take-profit and stop as one OCA pair for the filled quantity (exit-tickets.ts), after the closing risk checks. */
  private async placeExits(o: OrderEntity): Promise<void> {
    const { spec, shape } = storedVertical(o);
    const tickets = exitTickets(o, spec, shape);
    if (tickets.length === 0) return;
    const risk = await this.tickets.closing(o, spec, shape);
    for (const t of tickets) {
      try {
        const res = await this.placement.place({ idempotencyKey: t.idempotencyKey, body: t.body, actor: 'system', order: t.order, risk });
        if (!res.replayed) {
          this.metrics.orderPlaced();
          this.market.pin(`order:${res.order.id}`, spec.legs.map((l) => l.conId as number));
          this.emitUpdate(res.order.id);
        }
      } catch (e) {
        const role = t.exit.role;
        this.log.warn(`${role} for order ${o.id} not placed: ${(e as Error).message}`);
        this.events.emit('reject', { orderId: o.id, orderRef: o.orderRef, reason: `${role} not placed: ${(e as Error).message}`, code: e instanceof OrdersError ? e.code : 'exit_failed', at: this.now().toISOString() });
      }
    }
  }

  /**
   * After a trader's close filled (wholly or in part): the position's other closing orders never close more than is
   * left open — cancelled when it is flat (a whole close in the exits' OCA group has had them cancelled at the
   * gateway already; this covers the rest), else shrunk to the open quantity. Failures are logged and rejected on
   * the socket, never thrown: the close itself has filled.
   */
  private async adjustExits(close: OrderEntity): Promise<void> {
    const key = close.positionKey ?? close.parentOrderId;
    if (!key) return;
    const open = Math.max(0, await this.queries.openByOrders(key));
    for (const x of await this.queries.workingCloses(key)) {
      if (x.id === close.id || x.quantity - x.filledQuantity <= open) continue;
      try {
        if (open === 0) await this.cancel(x.id, 'system');
        else {
          await this.placement.modify(x.id, { quantity: x.filledQuantity + open }, 'system');
          this.emitUpdate(x.id);
        }
        this.log.log(`position ${key}: ${x.exitRole} ${x.id} ${open === 0 ? 'cancelled (position flat)' : `reduced to ${open} open`} after close ${close.id} filled`);
      } catch (e) {
        this.log.warn(`position ${key}: ${x.exitRole} ${x.id} not adjusted after close ${close.id}: ${(e as Error).message}`);
        this.events.emit('reject', { orderId: x.id, orderRef: x.orderRef, reason: `not adjusted after the close filled: ${(e as Error).message}`, code: e instanceof OrdersError ? e.code : 'EXIT_ADJUST_FAILED', at: this.now().toISOString() });
      }
    }
  }

  /** Legs of open spread positions stay pinned; flat ones are released. */
  private async refreshPositionPins(): Promise<void> {
    const open = await this.portfolio.openPositionLegs();
    for (const [key, conIds] of open) this.market.pin(`position:${key}`, conIds);
    for (const owner of this.market.pinnedOwners()) {
      if (owner.startsWith('position:') && !open.has(owner.slice('position:'.length))) this.market.unpin(owner);
    }
  }

  private emitUpdate(id: string): Promise<OrderView> {
    const p = this.queries.view(id);
    p.then((v) => this.events.emit('update', v)).catch(() => undefined);
    return p;
  }

  // ---------------------------------------------------------------- connection

  /** One position reconciliation at a time (ready and the period may coincide); failures are logged, not thrown. */
  reconcilePositions(): Promise<unknown> {
    if (this.positionsPass) return this.positionsPass;
    this.positionsPass = this.positionReconciliation
      .reconcile()
      .then((v) => {
        if (v.differences.length > 0) this.log.warn(`positions: ${v.differences.length} leg positions differ from the gateway (${v.differences.map((d) => `${d.label} ${d.kind}: ours ${d.expected}, gateway ${d.gateway}`).join('; ')})`);
        return v;
      })
      .catch((e: unknown) => this.log.warn(`position reconciliation aborted: ${(e as Error).message}`))
      .finally(() => {
        this.positionsPass = null;
      });
    return this.positionsPass;
  }

  private async connectionLost(why: string): Promise<void> {
    try {
      const n = await this.reconciliation.markConnectionLost();
      if (n > 0) this.log.warn(`${n} orders unknown after ${why}: reconciled on reconnect, never re-sent`);
    } catch (e) {
      this.log.error(`markConnectionLost failed: ${(e as Error).message}`);
    }
  }

  /** Pending cancels, then modifies, of orders reconciliation found still working (ADR 0011). */
  private async sendPendingIntents(): Promise<void> {
    try {
      const r = await this.placement.intents.sendAll();
      this.metrics.intentsSent('cancel', r.cancelsSent);
      this.metrics.intentsSent('modify', r.modifiesSent);
      this.metrics.intentsSent('dropped', r.dropped);
      if (r.cancelsSent + r.modifiesSent + r.dropped + r.waiting > 0) {
        this.log.warn(`pending intents after reconnect: ${r.cancelsSent} cancels and ${r.modifiesSent} modifies sent, ${r.dropped} dropped (order ended), ${r.waiting} waiting`);
      }
    } catch (e) {
      this.log.warn(`pending intents not sent: ${(e as Error).message}; retried on the next reconciliation`);
    }
  }

  private async runReconcile(): Promise<ReconciliationReport | null> {
    let report: ReconciliationReport;
    try {
      try {
        await this.feed.drained();
        report = await this.reconciliation.reconcile();
      } catch (e) {
        // An incomplete answer changes nothing; the next ready transition (or the retry below) tries again.
        this.log.warn(`reconciliation aborted: ${(e as Error).message}`);
        return null;
      }
      await this.sendPendingIntents();
    } finally {
      this.intentsGate.release();
    }
    for (const r of report.resolutions) {
      if (r.resolution === 'done' || r.resolution === 'absent' || r.resolution === 'duplicate') this.metrics.reconciliationCorrected(r.resolution);
      const o = await this.queries.entity(r.orderId);
      this.emitUpdate(o.id);
      if (this.settled(o)) await this.onTerminal(o);
      else this.market.pin(`order:${o.id}`, o.legs.map((l) => l.conId).filter((c): c is number => c !== null));
    }
    this.metrics.reconciliationCorrected('execution', report.newExecutions);
    await this.refreshPositionPins();
    await this.reconcilePositions();
    if (report.resolutions.some((r) => r.resolution === 'pending')) {
      const t = this.o.ibkr.clock.setTimeout(() => void this.reconcileNow(), this.o.absentGraceMs ?? 10_000);
      this.detach.push(() => this.o.ibkr.clock.clearTimeout(t));
    }
    if (report.newExecutions > 0 || report.duplicates.length > 0) {
      this.log.warn(`reconciliation: ${report.newExecutions} executions recorded, ${report.duplicates.length} duplicates held`);
    }
    this.events.emit('reconciled', report);
    if (!this.walksResumed && this.started) {
      this.walksResumed = true;
      await resumeWalks({ db: this.o.db, walks: this.walks, now: this.now, log: this.log, metrics: this.metrics });
    }
    return report;
  }
}

