import { EventEmitter } from 'node:events';
import type { Contract, ContractDetails, Execution, Order, OrderState, CommissionReport } from '@stoqey/ib';

/**
 * What the gateway sends, re-emitted from whichever IBApi session is current (stale sessions are detached), with
 * the same names and arguments as @stoqey/ib's IBApi events. Listen once; reconnects are invisible here.
 */
export interface IbIncomingEventMap {
  tickPrice: [reqId: number, field: number, value: number, attribs: unknown];
  tickSize: [reqId: number, field: number, value: number];
  tickGeneric: [reqId: number, field: number, value: number];
  tickString: [reqId: number, field: number, value: string];
  tickOptionComputation: [
    reqId: number,
    field: number,
    tickAttrib: number | undefined,
    impliedVolatility: number | undefined,
    delta: number | undefined,
    optPrice: number | undefined,
    pvDividend: number | undefined,
    gamma: number | undefined,
    vega: number | undefined,
    theta: number | undefined,
    undPrice: number | undefined,
  ];
  tickSnapshotEnd: [reqId: number];
  marketDataType: [reqId: number, marketDataType: number];
  contractDetails: [reqId: number, details: ContractDetails];
  contractDetailsEnd: [reqId: number];
  securityDefinitionOptionParameter: [
    reqId: number,
    exchange: string,
    underlyingConId: number,
    tradingClass: string,
    multiplier: string,
    expirations: string[],
    strikes: number[],
  ];
  securityDefinitionOptionParameterEnd: [reqId: number];
  historicalData: [reqId: number, time: string, open: number, high: number, low: number, close: number, volume: number, count: number | undefined, WAP: number];
  currentTime: [time: number];
  nextValidId: [orderId: number];
  managedAccounts: [accounts: string];
  openOrder: [orderId: number, contract: Contract, order: Order, orderState: OrderState];
  openOrderEnd: [];
  orderStatus: [
    orderId: number,
    status: string,
    filled: number,
    remaining: number,
    avgFillPrice: number,
    permId: number | undefined,
    parentId: number | undefined,
    lastFillPrice: number | undefined,
    clientId: number | undefined,
    whyHeld: string | undefined,
    mktCapPrice: number | undefined,
  ];
  execDetails: [reqId: number, contract: Contract, execution: Execution];
  execDetailsEnd: [reqId: number];
  commissionReport: [report: CommissionReport];
  position: [account: string, contract: Contract, pos: number, avgCost: number | undefined];
  positionEnd: [];
  /** An error tied to a request or order id (id -1 messages arrive as `info`). */
  error: [error: Error, code: number, reqId: number];
  info: [message: string, code: number];
}

export class IbIncoming extends EventEmitter<IbIncomingEventMap> {
  constructor() {
    super();
    this.setMaxListeners(100);
  }

  /** Re-emits any IBApi event by name (also ones not typed above). */
  forward(name: string, args: readonly unknown[]): void {
    (this as EventEmitter).emit(name, ...args);
  }

  /** Listens to any event by name (request collectors). */
  onAny(name: string, fn: (...args: unknown[]) => void): void {
    (this as EventEmitter).on(name, fn);
  }
}
