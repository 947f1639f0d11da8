/**
 * The simulated gateway's order engine: the life of every order from placeOrder to Filled or Cancelled, fills
 * against the market model, executions and commissions, and the account they change. It outlives client
 * connections: orders keep working and filling while their client is away, and the client finds them later
 * through reqOpenOrders / reqExecutions. Orders are keyed by (clientId, orderId), as in TWS.
 *
 * Messages of an order go to the sessions of its client id (and of the master client id, if configured), in IB's
 * order: openOrder before orderStatus, a status on every fill, then execDetails (reqId -1) per execution and a
 * commissionReport per execution.
 */
import type { TimerHandle } from '../clock';
import { AccountReporter } from '../account/account-reporter';
import { AccountValuator, type AccountValues } from '../account/account-values';
import { Portfolio } from '../account/portfolio';
import type { SimSession } from '../server/handler-registry';
import {
  allocateLegPrices,
  instrumentQuote,
  legQuoteOf,
  limitZone,
  naturalPrice,
  type InstrumentQuote,
} from './combo-pricing';
import { sliceCommissions, type CommissionLeg } from './commission';
import { FillModel } from './fill-model';
import { dayOrderExpiry, parseExecFilterTime } from './ny-time';
import { ocaEffect } from './oca-groups';
import {
  bagWireContract,
  commissionReportMessage,
  execDetailsEndMessage,
  execDetailsMessage,
  openOrderEndMessage,
  openOrderMessage,
  orderWireContract,
  wireContractOf,
  type WireContract,
} from './order-messages';
import type { ExecutionFilter } from './order-requests';
import {
  resolveConfig,
  type ExecutionRecord,
  type OrderAction,
  type OrderEngine,
  type OrderEngineConfig,
  type OrderEngineContext,
  type OrderSnapshot,
  type OrderStatusName,
  type PlaceOrderRequest,
} from './order-types';
import {
  checkOrderFields,
  isOrderError,
  OrderErrors,
  resolveInstrument,
  sameOrderShape,
  type OrderError,
} from './order-validation';
import { keyOf, snapshotOf, type SimOrder } from './sim-order';
import { executionRecord, openOrderFields, statusFields, type ExecutionFill } from './sim-order-messages';
import { WhatIfDesk } from './what-if';
import { isStopOrder, stopTouched } from './stop-orders';

const TERMINAL: ReadonlySet<OrderStatusName> = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);
const DEFAULT_REJECTION = 'Simulated rejection (fault injection).';

export class SimOrderEngine implements OrderEngine {
  readonly config: OrderEngineConfig;
  readonly portfolio: Portfolio;
  readonly reporter: AccountReporter;
  private readonly valuator: AccountValuator;
  private readonly fillModel: FillModel;
  private readonly whatIfDesk: WhatIfDesk;
  private readonly byKey = new Map<string, SimOrder>();
  private readonly all: SimOrder[] = [];
  private readonly execs: ExecutionRecord[] = [];
  private readonly highestIds = new Map<number, number>();
  private nextPermId: number;
  private execSeq = 0;
  private pendingRejection: string | undefined;
  private readonly timers: TimerHandle[] = [];
  private readonly unsubscribeMarket: () => void;
  private readonly startElv: number;
  private disposed = false;

  constructor(private readonly ctx: OrderEngineContext) {
    this.config = resolveConfig(ctx.orderEngine);
    this.portfolio = new Portfolio(this.config.account.initialCash);
    this.startElv = this.config.account.initialCash;
    this.valuator = new AccountValuator(ctx.market, this.config.account.buyingPowerMultiplier, () => this.startElv);
    this.fillModel = new FillModel(this.config.fill);
    this.whatIfDesk = new WhatIfDesk(ctx.market, this.valuator, this.config.commission, () => this.portfolio);
    this.nextPermId = this.config.permIdStart;
    this.reporter = new AccountReporter(
      ctx.accountId,
      ctx.market,
      () => this.portfolio,
      () => this.accountValuesTyped(),
      this.config.account.maxAccountSummarySubscriptions,
    );
    this.timers.push(ctx.clock.setInterval(() => this.onTimer(), this.config.fill.evaluationIntervalMs));
    this.timers.push(
      ctx.clock.setInterval(() => this.reporter.refreshSummaries(), this.config.account.accountSummaryIntervalMs),
    );
    this.unsubscribeMarket = ctx.market.onChange((conIds) => this.onMarketChange(conIds));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Requests

  placeOrder(session: SimSession, req: PlaceOrderRequest): void {
    const clientId = session.clientId;
    this.ctx.orderIds?.markUsed(req.orderId);
    this.highestIds.set(clientId, Math.max(this.highestIds.get(clientId) ?? req.orderId, req.orderId));
    if (req.tif === '') req.tif = 'DAY';
    if (req.account === '') req.account = this.ctx.accountId;

    const existing = this.byKey.get(keyOf(clientId, req.orderId));
    if (existing && !req.whatIf) {
      this.modify(session, existing, req);
      return;
    }
    if (!req.whatIf) {
      const fault = this.consumeRejection();
      if (fault !== undefined) return this.reject(session, req.orderId, OrderErrors.rejected(fault));
    }
    const fieldError = checkOrderFields(req);
    if (fieldError) return this.reject(session, req.orderId, fieldError);
    const instrument = resolveInstrument(this.ctx.market, req);
    if (isOrderError(instrument)) return this.reject(session, req.orderId, instrument);
    const action = req.action as OrderAction;

    let parent: SimOrder | undefined;
    if (req.parentId !== 0) {
      parent = this.byKey.get(keyOf(clientId, req.parentId));
      if (!parent || (TERMINAL.has(parent.status) && parent.status !== 'Filled')) {
        return this.reject(session, req.orderId, OrderErrors.rejected(`Parent order ${req.parentId} is not active.`));
      }
    }

    if (req.whatIf) {
      session.send(
        openOrderMessage({
          orderId: req.orderId,
          clientId: session.clientId,
          permId: this.nextPermId++,
          account: this.ctx.accountId,
          req,
          contract: orderWireContract(instrument, req),
          status: 'PreSubmitted',
          whatIf: true,
          state: this.whatIfDesk.state(req, action, instrument),
        }),
      );
      return;
    }
    if (req.parentId === 0) {
      const bp = this.whatIfDesk.buyingPowerCheck(req, action, instrument);
      if (bp) return this.reject(session, req.orderId, bp);
    }

    const order: SimOrder = {
      key: keyOf(clientId, req.orderId),
      clientId,
      orderId: req.orderId,
      permId: this.nextPermId++,
      req,
      action,
      instrument,
      wire: orderWireContract(instrument, req),
      status: 'PendingSubmit',
      transmitted: false,
      filled: 0,
      remaining: req.totalQuantity,
      avgFillPrice: 0,
      lastFillPrice: 0,
      legCum: instrument.legs.map(() => 0),
      legAvg: instrument.legs.map(() => 0),
      commissionCharged: 0,
      expiresAt: undefined,
      nextFillAt: 0,
      trialAt: undefined,
      wake: undefined,
      stopArmed: false,
    };
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
    for (const o of this.all) {
      if (!o.transmitted || TERMINAL.has(o.status)) continue;
      if (!allClients && o.clientId !== session.clientId) continue;
      session.send(openOrderFields(o, this.ctx.accountId));
      session.send(statusFields(o));
    }
    session.send(openOrderEndMessage());
  }

  /** reqExecutions: execDetails with the request id and a commissionReport for each, then execDetailsEnd. */
  sendExecutions(session: SimSession, reqId: number, filter: ExecutionFilter): void {
    const since = parseExecFilterTime(filter.time);
    const side = filter.side.toUpperCase();
    const wantSide = side === 'BUY' || side === 'BOT' ? 'BOT' : side === 'SELL' || side === 'SLD' ? 'SLD' : undefined;
    const master = this.config.masterClientId;
    for (const e of this.execs) {
      if (session.clientId !== master && e.clientId !== session.clientId) continue;
      if (filter.clientId !== 0 && e.clientId !== filter.clientId) continue;
      if (filter.acctCode !== '' && filter.acctCode !== this.ctx.accountId) continue;
      if (since !== undefined && e.time < since) continue;
      if (filter.symbol !== '' && filter.symbol.toUpperCase() !== e.contract.symbol) continue;
      if (filter.secType !== '' && filter.secType.toUpperCase() !== e.contract.secType) continue;
      if (filter.exchange !== '' && filter.exchange.toUpperCase() !== e.exchange) continue;
      if (wantSide !== undefined && wantSide !== e.side) continue;
      session.send(execDetailsMessage(reqId, e, this.ctx.accountId));
      session.send(commissionReportMessage(e));
    }
    session.send(execDetailsEndMessage(reqId));
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

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.timers) this.ctx.clock.clearInterval(t);
    for (const o of this.all) this.clearWake(o);
    this.unsubscribeMarket();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Order life

  private modify(session: SimSession, o: SimOrder, req: PlaceOrderRequest): void {
    if (o.status === 'Filled') return this.reject(session, req.orderId, OrderErrors.modifyFilled());
    if (TERMINAL.has(o.status)) return this.reject(session, req.orderId, OrderErrors.duplicateId());
    const fieldError = checkOrderFields(req);
    if (fieldError) return this.reject(session, req.orderId, fieldError);
    const instrument = resolveInstrument(this.ctx.market, req);
    if (isOrderError(instrument)) return this.reject(session, req.orderId, instrument);
    if (!sameOrderShape(req, o.action, o.instrument, instrument)) {
      return this.reject(session, req.orderId, OrderErrors.modifyMismatch());
    }
    if (req.totalQuantity < o.filled) {
      return this.reject(session, req.orderId, OrderErrors.rejected('Order quantity is below the filled quantity.'));
    }
    const fault = this.consumeRejection();
    if (fault !== undefined) return this.reject(session, req.orderId, OrderErrors.rejected(fault));
    o.req = { ...req, parentId: o.req.parentId };
    o.remaining = req.totalQuantity - o.filled;
    o.trialAt = undefined;
    this.clearWake(o);
    if (!o.transmitted) {
      if (req.transmit) this.transmit(o);
      return;
    }
    if (o.remaining <= 0) {
      o.status = 'Filled';
      this.sendOrderUpdate(o, true);
      this.afterFilled(o);
      return;
    }
    this.sendOrderUpdate(o, true);
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
      this.sendOrderUpdate(o, true);
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
    this.sendOrderUpdate(o, true);
    this.evaluateOrder(o);
    if (o.req.tif === 'IOC' && !TERMINAL.has(o.status)) this.cancel(o, false);
  }

  /** An armed stop whose trigger the market touches: Submitted, then worked (and filled) as a market order. */
  private checkStop(o: SimOrder): void {
    if (!o.stopArmed || o.status !== 'PreSubmitted') return;
    if (!stopTouched(this.quoteOf(o), o.action, o.req.auxPrice)) return;
    o.stopArmed = false;
    o.status = 'Submitted';
    this.sendOrderUpdate(o, true);
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
    this.clearWake(o);
    this.sendStatusOnly(o);
    if (withError) this.sendOrderError(o, OrderErrors.canceled());
    // Children of a cancelled parent go with it.
    for (const c of this.all) {
      if (c.clientId === o.clientId && c.req.parentId === o.orderId && !TERMINAL.has(c.status)) this.cancel(c, withError);
    }
  }

  private evaluateOrder(o: SimOrder): void {
    if (o.status !== 'Submitted' || o.remaining <= 0) return;
    const now = this.ctx.clock.now();
    if (now < o.nextFillAt) {
      this.scheduleWake(o, o.nextFillAt);
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
      this.clearWake(o);
      return;
    }
    if (o.trialAt === undefined) {
      o.trialAt = now + this.config.fill.midFillDelayMs;
      this.scheduleWake(o, o.trialAt);
      return;
    }
    if (now < o.trialAt) return;
    if (this.fillModel.midTrialFills()) {
      o.trialAt = undefined;
      this.fill(o, q, lmt, 1);
    } else {
      o.trialAt = now + this.config.fill.midFillDelayMs;
      this.scheduleWake(o, o.trialAt);
    }
  }

  /** One fill of `o` at `price` (per combo unit): executions per leg (and the BAG), commissions, account. */
  private fill(o: SimOrder, q: InstrumentQuote, price: number, liquidity: 1 | 2, quantity?: number): void {
    const qty = quantity ?? this.fillModel.sliceQuantity(o.remaining);
    if (!(qty > 0)) return;
    const now = this.ctx.clock.now();
    const legs = o.instrument.legs;
    const legPrices = o.instrument.kind === 'combo' ? allocateLegPrices(o.instrument, q, price) : [price];
    const sliceLegs: CommissionLeg[] = legs.map((l) => ({ secType: l.def.secType, quantity: l.ratio * qty }));
    const cumulative: CommissionLeg[] = legs.map((l, i) => ({
      secType: l.def.secType,
      quantity: o.legCum[i] + l.ratio * qty,
    }));
    const commissions = sliceCommissions(this.config.commission, cumulative, sliceLegs, o.commissionCharged);
    o.commissionCharged += commissions.reduce((a, b) => a + b, 0);

    const newExecs: ExecutionRecord[] = [];
    legs.forEach((leg, i) => {
      const shares = leg.ratio * qty;
      const buys = (leg.sign > 0) === (o.action === 'BUY');
      const multiplier = leg.def.secType === 'OPT' ? leg.def.multiplier : 1;
      const effect = this.portfolio.apply(leg.conId, buys ? shares : -shares, legPrices[i], multiplier, commissions[i]);
      o.legAvg[i] = (o.legAvg[i] * o.legCum[i] + legPrices[i] * shares) / (o.legCum[i] + shares);
      o.legCum[i] += shares;
      const wire = wireContractOf(leg.def, leg.def.secType === 'OPT' ? 'CBOE' : 'ISLAND');
      newExecs.push(
        this.record(o, wire, {
          time: now,
          side: buys ? 'BOT' : 'SLD',
          shares,
          price: legPrices[i],
          cumQty: o.legCum[i],
          avgPrice: o.legAvg[i],
          lastLiquidity: liquidity,
          commission: commissions[i],
          realizedPnl: effect.realizedPnl,
        }),
      );
    });

    o.avgFillPrice = (o.avgFillPrice * o.filled + price * qty) / (o.filled + qty);
    o.filled += qty;
    o.remaining = Math.max(0, o.req.totalQuantity - o.filled);
    o.lastFillPrice = price;
    if (o.instrument.kind === 'combo') {
      const wire = bagWireContract(o.instrument.symbol, 'CBOE');
      const side = o.action === 'BUY' ? 'BOT' : 'SLD';
      newExecs.push(
        this.record(o, wire, {
          time: now,
          side,
          shares: qty,
          price,
          cumQty: o.filled,
          avgPrice: o.avgFillPrice,
          lastLiquidity: liquidity,
          commission: 0,
          realizedPnl: undefined,
        }),
      );
    }
    o.trialAt = undefined;
    this.clearWake(o);
    const done = o.remaining <= 0;
    if (done) o.status = 'Filled';

    if (done) this.sendOrderUpdate(o, true);
    else this.sendStatusOnly(o);
    for (const s of this.recipients(o.clientId)) {
      for (const e of newExecs) s.send(execDetailsMessage(-1, e, this.ctx.accountId));
      for (const e of newExecs) s.send(commissionReportMessage(e));
    }
    this.reporter.positionsChanged(legs.map((l) => l.conId));

    this.applyOca(o, qty);
    if (done) {
      this.afterFilled(o);
    } else {
      o.nextFillAt = now + this.config.fill.partialFillIntervalMs;
      this.scheduleWake(o, o.nextFillAt);
    }
  }

  private record(o: SimOrder, wire: WireContract, f: ExecutionFill): ExecutionRecord {
    const e = executionRecord(++this.execSeq, o, wire, f);
    this.execs.push(e);
    return e;
  }

  private afterFilled(o: SimOrder): void {
    this.clearWake(o);
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
      if (p.transmitted) this.sendOrderUpdate(p, true);
    }
  }


  // ---------------------------------------------------------------------------------------------------------------
  // Messages

  private recipients(clientId: number): SimSession[] {
    const master = this.config.masterClientId;
    return this.ctx.sessions
      .all()
      .filter((s) => s.connected && (s.clientId === clientId || (master !== undefined && s.clientId === master)));
  }

  private owners(clientId: number): SimSession[] {
    return this.ctx.sessions.all().filter((s) => s.connected && s.clientId === clientId);
  }

  /** openOrder then orderStatus (IBApiNext matches both by permId, the openOrder first). */
  private sendOrderUpdate(o: SimOrder, withOpenOrder: boolean): void {
    for (const s of this.recipients(o.clientId)) {
      if (withOpenOrder) s.send(openOrderFields(o, this.ctx.accountId));
      s.send(statusFields(o));
    }
  }

  private sendStatusOnly(o: SimOrder): void {
    this.sendOrderUpdate(o, false);
  }

  private sendOrderError(o: SimOrder, e: OrderError): void {
    for (const s of this.owners(o.clientId)) s.sendError(o.orderId, e.code, e.text);
  }

  private reject(session: SimSession, orderId: number, e: OrderError): void {
    session.sendError(orderId, e.code, e.text);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Time and market

  private onTimer(): void {
    const now = this.ctx.clock.now();
    for (const o of this.all) {
      if (TERMINAL.has(o.status) || !o.transmitted) continue;
      if (o.expiresAt !== undefined && now >= o.expiresAt) {
        this.cancel(o, false);
        continue;
      }
      if (o.status === 'Submitted' && o.wake === undefined) this.evaluateOrder(o);
      else if (o.stopArmed) this.checkStop(o);
    }
  }

  private onMarketChange(conIds: number[]): void {
    if (this.disposed) return;
    const changed = new Set(conIds);
    for (const o of this.all) {
      if (o.status !== 'Submitted' && !o.stopArmed) continue;
      if (o.instrument.legs.some((l) => changed.has(l.conId))) this.work(o);
    }
  }

  private scheduleWake(o: SimOrder, at: number): void {
    this.clearWake(o);
    if (this.disposed) return;
    const delay = Math.max(0, at - this.ctx.clock.now());
    o.wake = this.ctx.clock.setTimeout(() => {
      o.wake = undefined;
      this.evaluateOrder(o);
    }, delay);
  }

  private clearWake(o: SimOrder): void {
    if (o.wake) this.ctx.clock.clearTimeout(o.wake);
    o.wake = undefined;
  }

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
