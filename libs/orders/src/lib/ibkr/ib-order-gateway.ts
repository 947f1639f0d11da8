/**
 * OrderGateway on libs/ibkr: every message through the request coordinator's order lane (paced, refused while not
 * ready — nothing is queued across a disconnect), answers read from the connection's incoming events.
 *
 *   placeOrder / modifyOrder  placeOrder with the BAG contract and its combo legs; resolves once written
 *   whatIf                    placeOrder with whatIf=1 under a fresh order id; the whatIf openOrder's orderState,
 *                             UNSET_DOUBLE and blanks → null ("not available"); rejects on error or timeout
 *   openOrders                reqOpenOrders (reqAllOpenOrders for client id 0) until openOrderEnd
 *   executions                reqExecutions until execDetailsEnd
 * Both reads reject when the session drops or the answer does not complete in time: never "no orders".
 */
import type { GatewayPosition, PositionSource } from '../gateway/position-source';
import type { Contract, Execution, Order, OrderState } from '@stoqey/ib';
import type { Clock, IbConnection, IbkrEventBus, OrderIdAuthority, RequestCoordinator, ResponseCollector } from '@ibsc/ibkr';
import type { GatewayExecution, GatewayOpenOrder } from '../gateway/gateway-events';
import type { ComboOrderWire, OrderGateway, WhatIfResult } from '../gateway/order-gateway';
import { ibNumber } from '../pricing/money';
import { execFilterTime, parseIbTime } from './ib-time';

export interface IbOrderGatewayOptions {
  /** whatIf answer timeout. Default 5 s. */
  whatIfTimeoutMs?: number;
  /** openOrders / executions timeout. Default 15 s. */
  readTimeoutMs?: number;
}

const TERMINAL_IB = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

/** The BAG contract and IB order of a ComboOrderWire. */
export function toIbOrder(o: Omit<ComboOrderWire, 'orderId' | 'transmit'> & { transmit?: boolean }, whatIf = false): { contract: Contract; order: Order } {
  const contract = {
    symbol: o.contract.symbol,
    secType: 'BAG',
    currency: o.contract.currency,
    exchange: o.contract.exchange,
    comboLegs: o.contract.comboLegs.map((l) => ({ conId: l.conId, ratio: l.ratio, action: l.action, exchange: l.exchange })),
  } as Contract;
  const order = {
    action: o.action,
    totalQuantity: o.totalQuantity,
    orderType: o.orderType,
    tif: o.tif,
    orderRef: o.orderRef,
    transmit: o.transmit ?? true,
    whatIf,
    ...(o.lmtPrice !== null ? { lmtPrice: o.lmtPrice } : {}),
    ...(o.auxPrice !== null ? { auxPrice: o.auxPrice } : {}),
    ...(o.account ? { account: o.account } : {}),
    ...(o.ocaGroup ? { ocaGroup: o.ocaGroup, ocaType: o.ocaType ?? 1 } : {}),
  } as Order;
  return { contract, order };
}

export function toGatewayExecution(contract: Contract, x: Execution, receivedAt: Date): GatewayExecution {
  return {
    execId: x.execId ?? '',
    orderId: x.orderId ?? 0,
    clientId: x.clientId ?? 0,
    permId: x.permId ?? 0,
    orderRef: x.orderRef ?? '',
    account: x.acctNumber ?? '',
    conId: contract.conId ?? 0,
    secType: String(contract.secType ?? ''),
    side: x.side === 'SLD' ? 'SLD' : 'BOT',
    shares: x.shares ?? 0,
    price: ibNumber(x.price) ?? 0,
    cumQty: x.cumQty ?? 0,
    avgPrice: ibNumber(x.avgPrice) ?? 0,
    time: parseIbTime(x.time, receivedAt),
    exchange: x.exchange ?? '',
  };
}

export function toGatewayOpenOrder(orderId: number, order: Order, state: OrderState, fallbackClientId: number): GatewayOpenOrder {
  return {
    orderId,
    clientId: order.clientId ?? fallbackClientId,
    permId: order.permId ?? 0,
    orderRef: order.orderRef ?? '',
    account: order.account ?? '',
    status: String(state?.status ?? ''),
    action: order.action === 'SELL' ? 'SELL' : 'BUY',
    totalQuantity: order.totalQuantity ?? 0,
    orderType: String(order.orderType ?? ''),
    lmtPrice: ibNumber(order.lmtPrice ?? null),
  };
}

function whatIfResult(s: OrderState): WhatIfResult {
  const n = (v: number | string | undefined) => ibNumber(v ?? null);
  return {
    initMarginBefore: n(s.initMarginBefore),
    maintMarginBefore: n(s.maintMarginBefore),
    equityWithLoanBefore: n(s.equityWithLoanBefore),
    initMarginChange: n(s.initMarginChange),
    maintMarginChange: n(s.maintMarginChange),
    equityWithLoanChange: n(s.equityWithLoanChange),
    initMarginAfter: n(s.initMarginAfter),
    maintMarginAfter: n(s.maintMarginAfter),
    equityWithLoanAfter: n(s.equityWithLoanAfter),
    commission: n(s.commission),
    minCommission: n(s.minCommission),
    maxCommission: n(s.maxCommission),
    commissionCurrency: s.commissionCurrency || null,
    warningText: s.warningText || null,
  };
}

export class IbOrderGateway implements OrderGateway, PositionSource {
  private openOrdersRead: Promise<GatewayOpenOrder[]> | null = null;
  private readonly whatIfTimeoutMs: number;
  private readonly readTimeoutMs: number;

  constructor(
    private readonly connection: IbConnection,
    private readonly coordinator: RequestCoordinator,
    private readonly bus: IbkrEventBus,
    private readonly orderIds: OrderIdAuthority,
    private readonly clock: Clock,
    options: IbOrderGatewayOptions = {},
  ) {
    this.whatIfTimeoutMs = options.whatIfTimeoutMs ?? 5_000;
    this.readTimeoutMs = options.readTimeoutMs ?? 15_000;
  }

  async placeOrder(o: ComboOrderWire): Promise<void> {
    const { contract, order } = toIbOrder(o);
    await this.coordinator.send('placeOrder', 'order', (api) => api.placeOrder(o.orderId, contract, order));
  }

  modifyOrder(o: ComboOrderWire): Promise<void> {
    return this.placeOrder(o);
  }

  async cancelOrder(orderId: number): Promise<void> {
    await this.coordinator.send('cancelOrder', 'order', (api) => api.cancelOrder(orderId));
  }

  async whatIf(o: Omit<ComboOrderWire, 'orderId' | 'transmit'>): Promise<WhatIfResult> {
    // IB answers a whatIf under its order id; the id is used up (the authority never hands it out again).
    const orderId = await this.orderIds.next();
    const { contract, order } = toIbOrder(o, true);
    return this.await<WhatIfResult>('whatIf', this.whatIfTimeoutMs, (done, fail) => {
      const onOpen = (id: number, _c: Contract, ord: Order, state: OrderState) => {
        if (id === orderId && ord.whatIf) done(whatIfResult(state));
      };
      const onError = (err: Error, code: number, reqId: number) => {
        if (reqId === orderId) fail(new Error(`whatIf refused by the gateway: ${code} ${err?.message ?? ''}`));
      };
      this.connection.incoming.on('openOrder', onOpen);
      this.connection.incoming.on('error', onError);
      this.coordinator.send('whatIf', 'order', (api) => api.placeOrder(orderId, contract, order)).catch(fail);
      return () => {
        this.connection.incoming.off('openOrder', onOpen);
        this.connection.incoming.off('error', onError);
      };
    });
  }

  /** Shared while one is in flight (reqOpenOrders has no request id: two at once would mix their answers). */
  openOrders(): Promise<GatewayOpenOrder[]> {
    if (!this.openOrdersRead) {
      this.openOrdersRead = this.readOpenOrders().finally(() => {
        this.openOrdersRead = null;
      });
    }
    return this.openOrdersRead;
  }

  private readOpenOrders(): Promise<GatewayOpenOrder[]> {
    const clientId = this.connection.clientId;
    return this.await<GatewayOpenOrder[]>('openOrders', this.readTimeoutMs, (done, fail) => {
      const byId = new Map<number, GatewayOpenOrder>();
      const onOpen = (id: number, _c: Contract, ord: Order, state: OrderState) => {
        if (ord.whatIf) return;
        byId.set(id, { ...toGatewayOpenOrder(id, ord, state, clientId), ...pick(byId.get(id)) });
      };
      const onStatus = (id: number, status: string, filled: number, remaining: number, avg: number) => {
        const o = byId.get(id);
        if (o) byId.set(id, { ...o, status, filled, remaining, avgFillPrice: ibNumber(avg) });
      };
      const onEnd = () => done([...byId.values()].filter((o) => !TERMINAL_IB.has(o.status)));
      const inc = this.connection.incoming;
      inc.on('openOrder', onOpen);
      inc.on('orderStatus', onStatus);
      inc.on('openOrderEnd', onEnd);
      const all = clientId === 0;
      this.coordinator.send(all ? 'reqAllOpenOrders' : 'reqOpenOrders', 'order', (api) => (all ? api.reqAllOpenOrders() : api.reqOpenOrders())).catch(fail);
      return () => {
        inc.off('openOrder', onOpen);
        inc.off('orderStatus', onStatus);
        inc.off('openOrderEnd', onEnd);
      };
    });
  }

  executions(since?: Date): Promise<GatewayExecution[]> {
    const clock = this.clock;
    const collector = (): ResponseCollector<GatewayExecution[]> => {
      const items: GatewayExecution[] = [];
      return {
        events: ['execDetails', 'execDetailsEnd'],
        match: 'reqId',
        accept(event, args) {
          if (event === 'execDetailsEnd') return { value: items };
          items.push(toGatewayExecution(args[1] as Contract, args[2] as Execution, new Date(clock.now())));
          return undefined;
        },
      };
    };
    // Not idempotent for the coordinator: a session lost mid-answer fails (outcome-unknown) instead of replaying.
    return this.coordinator.submit<GatewayExecution[]>({
      kind: 'reqExecutions',
      lane: 'order',
      idempotent: false,
      timeoutMs: this.readTimeoutMs,
      send: (api, reqId) => api.reqExecutions(reqId, since ? { time: execFilterTime(since) } : {}),
      collector,
    });
  }

  /** reqPositions until positionEnd, then cancelPositions (order lane: reconciliation is order traffic). */
  positions(): Promise<GatewayPosition[]> {
    return this.await<GatewayPosition[]>('positions', this.readTimeoutMs, (done, fail) => {
      const list: GatewayPosition[] = [];
      const onPosition = (account: string, c: Contract, pos: number) => {
        const r = String(c.right ?? '').toUpperCase();
        const right = r === 'C' || r === 'CALL' ? 'C' : r === 'P' || r === 'PUT' ? 'P' : null;
        list.push({
          account,
          conId: c.conId ?? 0,
          secType: String(c.secType ?? ''),
          symbol: c.symbol ?? '',
          expiry: c.lastTradeDateOrContractMonth ? c.lastTradeDateOrContractMonth.slice(0, 8) : null,
          strike: typeof c.strike === 'number' ? c.strike : null,
          right,
          position: Number(pos),
        });
      };
      const onEnd = () => {
        done(list);
        this.coordinator.send('cancelPositions', 'order', (api) => api.cancelPositions()).catch(() => undefined);
      };
      const inc = this.connection.incoming;
      inc.on('position', onPosition);
      inc.on('positionEnd', onEnd);
      this.coordinator.send('reqPositions', 'order', (api) => api.reqPositions()).catch(fail);
      return () => {
        inc.off('position', onPosition);
        inc.off('positionEnd', onEnd);
      };
    });
  }

  /** Runs a listener-based exchange with a clock timeout; rejects when the session is lost meanwhile. */
  private await<T>(what: string, timeoutMs: number, start: (done: (v: T) => void, fail: (e: unknown) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let finished = false;
      let cleanup: () => void = () => undefined;
      const end = () => {
        finished = true;
        this.clock.clearTimeout(timer);
        this.bus.off('session-lost', onLost);
        cleanup();
      };
      const done = (v: T) => {
        if (finished) return;
        end();
        resolve(v);
      };
      const fail = (e: unknown) => {
        if (finished) return;
        end();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      const onLost = (l: { reason: string }) => fail(new Error(`${what}: the connection was lost before a complete answer (${l.reason})`));
      const timer = this.clock.setTimeout(() => fail(new Error(`${what}: no complete answer within ${timeoutMs} ms`)), timeoutMs);
      this.bus.on('session-lost', onLost);
      cleanup = start(done, fail);
      if (finished) cleanup();
    });
  }
}

function pick(o: GatewayOpenOrder | undefined): Partial<GatewayOpenOrder> {
  if (!o) return {};
  return { filled: o.filled, remaining: o.remaining, avgFillPrice: o.avgFillPrice };
}
