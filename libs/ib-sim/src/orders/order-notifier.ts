/**
 * Who hears about an order and what they are sent. Order events go to every connected session of the order's client
 * id and of the master client id (if configured); errors about an order only to its own client's sessions. Also the
 * replies to reqOpenOrders / reqAllOpenOrders and reqExecutions (with IB's execution filter).
 */
import type { SimSession } from '../server/handler-registry';
import {
  commissionReportMessage,
  execDetailsEndMessage,
  execDetailsMessage,
  openOrderEndMessage,
} from './order-messages';
import type { ExecutionFilter } from './order-requests';
import type { ExecutionRecord, OrderEngineConfig, OrderEngineContext } from './order-types';
import type { OrderError } from './order-validation';
import { parseExecFilterTime } from './ny-time';
import { TERMINAL, type SimOrder } from './sim-order';
import { openOrderFields, statusFields } from './sim-order-messages';

export class OrderNotifier {
  constructor(
    private readonly ctx: Pick<OrderEngineContext, 'sessions' | 'accountId'>,
    private readonly config: Pick<OrderEngineConfig, 'masterClientId'>,
  ) {}

  /** openOrder (if `withOpenOrder`) then orderStatus (IBApiNext matches both by permId, the openOrder first). */
  orderUpdate(o: SimOrder, withOpenOrder: boolean): void {
    for (const s of this.recipients(o.clientId)) {
      if (withOpenOrder) s.send(openOrderFields(o, this.ctx.accountId));
      s.send(statusFields(o));
    }
  }

  orderStatus(o: SimOrder): void {
    this.orderUpdate(o, false);
  }

  orderError(o: SimOrder, e: OrderError): void {
    for (const s of this.owners(o.clientId)) s.sendError(o.orderId, e.code, e.text);
  }

  /** Every execDetails (reqId -1) of one fill, then a commissionReport for each. */
  fillExecutions(o: SimOrder, execs: readonly ExecutionRecord[]): void {
    for (const s of this.recipients(o.clientId)) {
      for (const e of execs) s.send(execDetailsMessage(-1, e, this.ctx.accountId));
      for (const e of execs) s.send(commissionReportMessage(e));
    }
  }

  /** reqOpenOrders (own client's orders) or reqAllOpenOrders (every client's): openOrder + orderStatus each, end. */
  openOrders(session: SimSession, orders: readonly SimOrder[], allClients: boolean): void {
    for (const o of orders) {
      if (!o.transmitted || TERMINAL.has(o.status)) continue;
      if (!allClients && o.clientId !== session.clientId) continue;
      session.send(openOrderFields(o, this.ctx.accountId));
      session.send(statusFields(o));
    }
    session.send(openOrderEndMessage());
  }

  /** reqExecutions: execDetails with the request id and a commissionReport for each, then execDetailsEnd. */
  executions(session: SimSession, reqId: number, filter: ExecutionFilter, execs: readonly ExecutionRecord[]): void {
    const since = parseExecFilterTime(filter.time);
    const side = filter.side.toUpperCase();
    const wantSide = side === 'BUY' || side === 'BOT' ? 'BOT' : side === 'SELL' || side === 'SLD' ? 'SLD' : undefined;
    const master = this.config.masterClientId;
    for (const e of execs) {
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

  private recipients(clientId: number): SimSession[] {
    const master = this.config.masterClientId;
    return this.ctx.sessions
      .all()
      .filter((s) => s.connected && (s.clientId === clientId || (master !== undefined && s.clientId === master)));
  }

  private owners(clientId: number): SimSession[] {
    return this.ctx.sessions.all().filter((s) => s.connected && s.clientId === clientId);
  }
}

/** An error answering a request (placeOrder, a modification) to the session that sent it. */
export function reject(session: SimSession, orderId: number, e: OrderError): void {
  session.sendError(orderId, e.code, e.text);
}
