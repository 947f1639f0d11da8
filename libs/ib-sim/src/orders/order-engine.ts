/**
 * The simulated gateway's order engine: the life of every order from placeOrder to Filled or Cancelled, fills
 * against the market model, executions and commissions, and the account they change. It outlives client
 * connections: orders keep working and filling while their client is away, and the client finds them later
 * through reqOpenOrders / reqExecutions. Orders are keyed by (clientId, orderId), as in TWS.
 *
 * Messages of an order go to the sessions of its client id (and of the master client id, if configured), in IB's
 * order: openOrder before orderStatus, a status on every fill, then execDetails (reqId -1) per execution and a
 * commissionReport per execution.
 *
 * Split by responsibility: the per-order state in sim-order.ts, the booking of one fill (slices, leg prices,
 * commissions, positions) in fill-booking.ts, who is sent what in order-notifier.ts, the timers, market-change
 * hooks and wakes in order-scheduler.ts, whatIf and buying power in what-if.ts, OCA effects in oca-groups.ts.
 */
import { AccountReporter } from '../account/account-reporter';
import { AccountValuator, type AccountValues } from '../account/account-values';
import type { AccountSnapshot } from '../account/account-file';
import { Portfolio } from '../account/portfolio';
import type { SimSession } from '../server/handler-registry';
import { instrumentQuote, legQuoteOf, limitZone, naturalPrice, type InstrumentQuote } from './combo-pricing';
import { bookFill, type FillBooks } from './fill-booking';
import { FillModel } from './fill-model';
import { dayOrderExpiry } from './ny-time';
import { ocaEffect } from './oca-groups';
import { OrderNotifier, reject } from './order-notifier';
import type { ExecutionFilter } from './order-requests';
import { OrderScheduler } from './order-scheduler';
import {
  resolveConfig,
  type ExecutionRecord,
  type OrderAction,
  type OrderEngine,
  type OrderEngineConfig,
  type OrderEngineContext,
  type OrderSnapshot,
  type PlaceOrderRequest,
} from './order-types';
import { checkOrderFields, isOrderError, OrderErrors, resolveInstrument, sameOrderShape } from './order-validation';
import { keyOf, newSimOrder, snapshotOf, TERMINAL, type SimOrder } from './sim-order';
import { executionRecord } from './sim-order-messages';
import { WhatIfDesk } from './what-if';
import { isStopOrder, stopTouched } from './stop-orders';

const DEFAULT_REJECTION = 'Simulated rejection (fault injection).';

export class SimOrderEngine implements OrderEngine {
  readonly config: OrderEngineConfig;
  readonly portfolio: Portfolio;
  readonly reporter: AccountReporter;
  private readonly valuator: AccountValuator;
  private readonly fillModel: FillModel;
  private readonly books: FillBooks;
  private readonly whatIfDesk: WhatIfDesk;
  private readonly notify: OrderNotifier;
  private readonly scheduler: OrderScheduler;
  private readonly byKey = new Map<string, SimOrder>();
  private readonly all: SimOrder[] = [];
  private readonly execs: ExecutionRecord[] = [];
  private readonly highestIds = new Map<number, number>();
  private nextPermId: number;
  private execSeq = 0;
  private pendingRejection: string | undefined;
  private readonly startElv: number;

  constructor(private readonly ctx: OrderEngineContext) {
    this.config = resolveConfig(ctx.orderEngine);
    this.portfolio = new Portfolio(this.config.account.initialCash);
    this.startElv = this.config.account.initialCash;
    this.valuator = new AccountValuator(ctx.market, this.config.account.buyingPowerMultiplier, () => this.startElv);
    this.fillModel = new FillModel(this.config.fill);
    this.books = { fillModel: this.fillModel, commission: this.config.commission, portfolio: this.portfolio };
    this.whatIfDesk = new WhatIfDesk(
      ctx.market,
      this.valuator,
      this.config.commission,
      () => this.portfolio,
      ctx.accountId,
    );
    this.nextPermId = this.config.permIdStart;
    this.reporter = new AccountReporter(
      ctx.accountId,
      ctx.market,
      () => this.portfolio,
      () => this.accountValuesTyped(),
      this.config.account.maxAccountSummarySubscriptions,
    );
    this.notify = new OrderNotifier(ctx, this.config);
    const intervals = {
      evaluationIntervalMs: this.config.fill.evaluationIntervalMs,
      accountSummaryIntervalMs: this.config.account.accountSummaryIntervalMs,
    };
    this.scheduler = new OrderScheduler(ctx.clock, ctx.market, intervals, {
      orders: () => this.all,
      expire: (o) => this.cancel(o, false),
      evaluate: (o) => this.evaluateOrder(o),
      checkStop: (o) => this.checkStop(o),
      work: (o) => this.work(o),
      refreshSummaries: () => this.reporter.refreshSummaries(),
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Requests

  placeOrder(session: SimSession, req: PlaceOrderRequest): void {
    const clientId = session.clientId;
    this.ctx.orderIds?.markUsed(req.orderId);
    this.highestIds.set(clientId, Math.max(this.highestIds.get(clientId) ?? req.orderId, req.orderId));
    this.ctx.accountChanged?.();
    if (req.tif === '') req.tif = 'DAY';
    if (req.account === '') req.account = this.ctx.accountId;

    const existing = this.byKey.get(keyOf(clientId, req.orderId));
    if (existing && !req.whatIf) {
      this.modify(session, existing, req);
      return;
    }
    if (!req.whatIf) {
      const fault = this.consumeRejection();
      if (fault !== undefined) return reject(session, req.orderId, OrderErrors.rejected(fault));
    }
    const fieldError = checkOrderFields(req);
    if (fieldError) return reject(session, req.orderId, fieldError);
    const instrument = resolveInstrument(this.ctx.market, req);
    if (isOrderError(instrument)) return reject(session, req.orderId, instrument);
    const action = req.action as OrderAction;

    let parent: SimOrder | undefined;
    if (req.parentId !== 0) {
      parent = this.byKey.get(keyOf(clientId, req.parentId));
      if (!parent || (TERMINAL.has(parent.status) && parent.status !== 'Filled')) {
        return reject(session, req.orderId, OrderErrors.rejected(`Parent order ${req.parentId} is not active.`));
      }
    }

    if (req.whatIf) {
      session.send(this.whatIfDesk.openOrder(req, action, instrument, session.clientId, this.nextPermId++));
      return;
    }
    if (req.parentId === 0) {
      const bp = this.whatIfDesk.buyingPowerCheck(req, action, instrument);
      if (bp) return reject(session, req.orderId, bp);
    }

    const order = newSimOrder(clientId, this.nextPermId++, req, action, instrument);
    this.byKey.set(order.key, order);
    this.all.push(order);
    if (req.transmit) this.transmit(order);
  }

  cancelOrder(session: SimSession, orderId: number): void {
    const o = this.byKey.get(keyOf(session.clientId, orderId));
    if (!o) {
      const e = OrderErrors.cancelNotFound(orderId);
      session.sendError(orderId, e.code, e.text);
      return;
    }
    if (TERMINAL.has(o.status)) {
      const e = OrderErrors.cancelNotCancellable(orderId, o.status);
      session.sendError(orderId, e.code, e.text);
      return;
    }
    this.cancel(o, true);
  }

  /** reqGlobalCancel: every open order of every client. */
  globalCancel(): void {
    for (const o of this.all) if (!TERMINAL.has(o.status)) this.cancel(o, true);
  }

  /** reqOpenOrders (own client's orders) or reqAllOpenOrders (every client's): openOrder + orderStatus each, then end. */
  sendOpenOrders(session: SimSession, allClients: boolean): void {
    this.notify.openOrders(session, this.all, allClients);
  }

  /** reqExecutions: execDetails with the request id and a commissionReport for each, then execDetailsEnd. */
  sendExecutions(session: SimSession, reqId: number, filter: ExecutionFilter): void {
    this.notify.executions(session, reqId, filter, this.execs);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // OrderEngine API

  orders(): OrderSnapshot[] {
    return this.all.map((o) => snapshotOf(o));
  }

  order(clientId: number, orderId: number): OrderSnapshot | undefined {
    const o = this.byKey.get(keyOf(clientId, orderId));
    return o ? snapshotOf(o) : undefined;
  }

  executions(): ExecutionRecord[] {
    return this.execs.map((e) => ({ ...e, contract: { ...e.contract } }));
  }

  highestOrderId(clientId: number): number | undefined {
    return this.highestIds.get(clientId);
  }

  rejectNextOrder(reason?: string): void {
    this.pendingRejection = reason ?? DEFAULT_REJECTION;
  }

  forceFill(clientId: number, orderId: number, price?: number): boolean {
    const o = this.byKey.get(keyOf(clientId, orderId));
    if (!o || o.status !== 'Submitted') return false;
    const q = this.quoteOf(o);
    this.fill(o, q, price ?? naturalPrice(q, o.action), 2, o.remaining);
    return true;
  }

  evaluate(): void {
    for (const o of this.all) this.work(o);
  }

  accountValues(): Record<string, number> {
    return { ...this.accountValuesTyped() };
  }

  positions(): { conId: number; position: number; avgCost: number }[] {
    return this.portfolio.all().map((e) => ({ conId: e.conId, position: e.position, avgCost: e.avgCost }));
  }

  adjustPosition(conId: number, quantity: number, price?: number): boolean {
    const def = this.ctx.market.contract(conId);
    if (!def || !Number.isFinite(quantity) || quantity === 0) return false;
    let at = price;
    if (at === undefined) {
      const q = this.ctx.market.quote(conId);
      at = (q.bid + q.ask) / 2;
    }
    this.portfolio.apply(conId, quantity, at, def.secType === 'OPT' ? def.multiplier : 1, 0);
    this.reporter.positionsChanged([conId]);
    this.ctx.accountChanged?.();
    return true;
  }

  exportAccount(): AccountSnapshot {
    return {
      version: 1,
      accountId: this.ctx.accountId,
      cash: this.portfolio.cash,
      positions: this.portfolio.all().map((e) => ({ ...e })),
      executions: this.executions(),
      highestOrderIds: [...this.highestIds],
      nextPermId: this.nextPermId,
      execSeq: this.execSeq,
    };
  }

  importAccount(s: AccountSnapshot): void {
    this.portfolio.load(s.cash, s.positions);
    this.execs.splice(0, this.execs.length, ...s.executions.map((e) => ({ ...e, contract: { ...e.contract } })));
    this.highestIds.clear();
    for (const [clientId, id] of s.highestOrderIds) {
      this.highestIds.set(clientId, id);
      this.ctx.orderIds?.markUsed(id);
    }
    this.nextPermId = Math.max(this.nextPermId, s.nextPermId);
    this.execSeq = Math.max(this.execSeq, s.execSeq);
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Order life

  private modify(session: SimSession, o: SimOrder, req: PlaceOrderRequest): void {
    if (o.status === 'Filled') return reject(session, req.orderId, OrderErrors.modifyFilled());
    if (TERMINAL.has(o.status)) return reject(session, req.orderId, OrderErrors.duplicateId());
    const fieldError = checkOrderFields(req);
    if (fieldError) return reject(session, req.orderId, fieldError);
    const instrument = resolveInstrument(this.ctx.market, req);
    if (isOrderError(instrument)) return reject(session, req.orderId, instrument);
    if (!sameOrderShape(req, o.action, o.instrument, instrument)) {
      return reject(session, req.orderId, OrderErrors.modifyMismatch());
    }
    if (req.totalQuantity < o.filled) {
      return reject(session, req.orderId, OrderErrors.rejected('Order quantity is below the filled quantity.'));
    }
    const fault = this.consumeRejection();
    if (fault !== undefined) return reject(session, req.orderId, OrderErrors.rejected(fault));
    o.req = { ...req, parentId: o.req.parentId };
    o.remaining = req.totalQuantity - o.filled;
    o.trialAt = undefined;
    this.scheduler.clearWake(o);
    if (!o.transmitted) {
      if (req.transmit) this.transmit(o);
      return;
    }
    if (o.remaining <= 0) {
      o.status = 'Filled';
      this.notify.orderUpdate(o, true);
      this.afterFilled(o);
      return;
    }
    this.notify.orderUpdate(o, true);
    if (o.stopArmed && !isStopOrder(o.req)) this.activate(o);
    else this.work(o);
  }

  /** Transmits an order with its untransmitted parent and siblings (IB's transmit flag on the last child). */
  private transmit(order: SimOrder): void {
    const group: SimOrder[] = [];
    if (order.req.parentId !== 0) {
      const parent = this.byKey.get(keyOf(order.clientId, order.req.parentId));
      if (parent && !parent.transmitted) group.push(parent);
      for (const o of this.all) {
        if (o !== order && !o.transmitted && o.req.parentId === order.req.parentId && o.clientId === order.clientId) {
          if (!TERMINAL.has(o.status)) group.push(o);
        }
      }
    }
    group.push(order);
    for (const o of group) {
      o.transmitted = true;
      o.status = 'PreSubmitted';
      if (o.req.tif === 'DAY' && this.config.expireDayOrders) o.expiresAt = dayOrderExpiry(this.ctx.clock.now());
      this.notify.orderUpdate(o, true);
    }
    for (const o of group) if (o.status === 'PreSubmitted' && this.parentAllowsWork(o)) this.activate(o);
  }

  private parentAllowsWork(o: SimOrder): boolean {
    if (o.req.parentId === 0) return true;
    const parent = this.byKey.get(keyOf(o.clientId, o.req.parentId));
    return parent !== undefined && parent.status === 'Filled';
  }

  private activate(o: SimOrder): void {
    if (isStopOrder(o.req) && o.status === 'PreSubmitted') {
      // IB shows an untriggered stop as PreSubmitted; it becomes a market order once touched.
      o.stopArmed = true;
      this.checkStop(o);
      return;
    }
    o.stopArmed = false;
    o.status = 'Submitted';
    this.notify.orderUpdate(o, true);
    this.evaluateOrder(o);
    if (o.req.tif === 'IOC' && !TERMINAL.has(o.status)) this.cancel(o, false);
  }

  /** An armed stop whose trigger the market touches: Submitted, then worked (and filled) as a market order. */
  private checkStop(o: SimOrder): void {
    if (!o.stopArmed || o.status !== 'PreSubmitted') return;
    if (!stopTouched(this.quoteOf(o), o.action, o.req.auxPrice)) return;
    o.stopArmed = false;
    o.status = 'Submitted';
    this.notify.orderUpdate(o, true);
    this.evaluateOrder(o);
  }

  /** Whatever a working order does now: a Submitted order is evaluated, an armed stop checked. */
  private work(o: SimOrder): void {
    if (o.status === 'Submitted') this.evaluateOrder(o);
    else if (o.stopArmed) this.checkStop(o);
  }

  private cancel(o: SimOrder, withError: boolean): void {
    o.status = 'Cancelled';
    o.stopArmed = false;
    this.scheduler.clearWake(o);
    this.notify.orderStatus(o);
    if (withError) this.notify.orderError(o, OrderErrors.canceled());
    // Children of a cancelled parent go with it.
    for (const c of this.all) {
      if (c.clientId === o.clientId && c.req.parentId === o.orderId && !TERMINAL.has(c.status)) this.cancel(c, withError);
    }
  }

  private evaluateOrder(o: SimOrder): void {
    if (o.status !== 'Submitted' || o.remaining <= 0) return;
    const now = this.ctx.clock.now();
    if (now < o.nextFillAt) {
      this.scheduler.wake(o, o.nextFillAt);
      return;
    }
    const q = this.quoteOf(o);
    if (q.untradable) return;
    // A triggered stop is a market order.
    if (o.req.orderType === 'MKT' || isStopOrder(o.req)) {
      this.fill(o, q, naturalPrice(q, o.action), 2);
      return;
    }
    const lmt = o.req.lmtPrice ?? 0;
    const zone = limitZone(q, o.action, lmt);
    if (zone === 'marketable') {
      this.fill(o, q, naturalPrice(q, o.action), 2);
      return;
    }
    if (zone === 'below-mid') {
      o.trialAt = undefined;
      this.scheduler.clearWake(o);
      return;
    }
    if (o.trialAt === undefined) {
      o.trialAt = now + this.config.fill.midFillDelayMs;
      this.scheduler.wake(o, o.trialAt);
      return;
    }
    if (now < o.trialAt) return;
    if (this.fillModel.midTrialFills()) {
      o.trialAt = undefined;
      this.fill(o, q, lmt, 1);
    } else {
      o.trialAt = now + this.config.fill.midFillDelayMs;
      this.scheduler.wake(o, o.trialAt);
    }
  }

  /** One fill of `o` at `price` (per combo unit) booked (fill-booking.ts), recorded, reported; then OCA and pacing. */
  private fill(o: SimOrder, q: InstrumentQuote, price: number, liquidity: 1 | 2, quantity?: number): void {
    const now = this.ctx.clock.now();
    const booked = bookFill(o, { quote: q, price, liquidity, quantity, time: now }, this.books);
    if (!booked) return;
    const newExecs = booked.executions.map(({ wire, fill }) => executionRecord(++this.execSeq, o, wire, fill));
    this.execs.push(...newExecs);
    this.ctx.accountChanged?.();
    o.trialAt = undefined;
    this.scheduler.clearWake(o);
    const done = o.remaining <= 0;
    if (done) o.status = 'Filled';

    if (done) this.notify.orderUpdate(o, true);
    else this.notify.orderStatus(o);
    this.notify.fillExecutions(o, newExecs);
    this.reporter.positionsChanged(o.instrument.legs.map((l) => l.conId));

    this.applyOca(o, booked.quantity);
    if (done) {
      this.afterFilled(o);
    } else {
      o.nextFillAt = now + this.config.fill.partialFillIntervalMs;
      this.scheduler.wake(o, o.nextFillAt);
    }
  }

  private afterFilled(o: SimOrder): void {
    this.scheduler.clearWake(o);
    for (const c of this.all) {
      if (c.clientId === o.clientId && c.req.parentId === o.orderId && c.transmitted && c.status === 'PreSubmitted') {
        this.activate(c);
      }
    }
  }

  /** OCA groups and bracket siblings after a fill of `quantity` by `o` (oca-groups.ts): cancel or reduce the others. */
  private applyOca(o: SimOrder, quantity: number): void {
    for (const p of this.all) {
      if (p === o || TERMINAL.has(p.status)) continue;
      const effect = ocaEffect(o, p, quantity);
      if (!effect) continue;
      if (effect.kind === 'cancel') {
        this.cancel(p, true);
        continue;
      }
      p.req = { ...p.req, totalQuantity: p.req.totalQuantity - effect.by };
      p.remaining = Math.max(0, p.req.totalQuantity - p.filled);
      if (p.transmitted) this.notify.orderUpdate(p, true);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Quotes, faults, account

  private quoteOf(o: SimOrder): InstrumentQuote {
    return instrumentQuote(o.instrument, (c) => legQuoteOf(this.ctx.market.quote(c)));
  }

  private consumeRejection(): string | undefined {
    const fromCtx = this.ctx.orderFaults?.consumeNextOrderRejection();
    if (fromCtx !== undefined) return fromCtx || DEFAULT_REJECTION;
    const own = this.pendingRejection;
    this.pendingRejection = undefined;
    return own;
  }

  private accountValuesTyped(): AccountValues {
    return this.valuator.values(this.portfolio);
  }
}
