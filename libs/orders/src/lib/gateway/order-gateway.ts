/**
 * The seams to the gateway. libs/ibkr's connection layer implements them (placeOrder/cancelOrder through its
 * request coordinator with order priority, whatIf as a placeOrder with whatIf=1 answered by openOrder only,
 * reqOpenOrders/reqAllOpenOrders, reqExecutions). Unit tests use InMemoryOrderGateway (src/testing).
 */
import type { GatewayExecution, GatewayOpenOrder } from './gateway-events';

export interface ComboLegWire {
  conId: number;
  ratio: number;
  action: 'BUY' | 'SELL';
  exchange: string;
}

/** An IB order for a BAG, ready for placeOrder: nothing left for the transport to decide. */
export interface ComboOrderWire {
  orderId: number;
  orderRef: string;
  account: string | null;
  contract: {
    symbol: string;
    secType: 'BAG';
    currency: string;
    exchange: string;
    comboLegs: ComboLegWire[];
  };
  action: 'BUY' | 'SELL';
  totalQuantity: number;
  orderType: 'LMT' | 'MKT' | 'STP';
  /** Signed BAG price (negative for a credit bought as a BAG); null for MKT/STP. */
  lmtPrice: number | null;
  /** Stop trigger for STP; null otherwise. */
  auxPrice: number | null;
  tif: 'DAY' | 'GTC';
  ocaGroup: string | null;
  /** 1 = cancel the rest of the group with block (IB's ocaType). */
  ocaType: 1 | 2 | 3 | null;
  transmit: boolean;
}

/** IB's whatIf answer; every amount null when IB sent UNSET_DOUBLE or nothing ("not available"). */
export interface WhatIfResult {
  initMarginBefore: number | null;
  maintMarginBefore: number | null;
  equityWithLoanBefore: number | null;
  initMarginChange: number | null;
  maintMarginChange: number | null;
  equityWithLoanChange: number | null;
  initMarginAfter: number | null;
  maintMarginAfter: number | null;
  equityWithLoanAfter: number | null;
  commission: number | null;
  minCommission: number | null;
  maxCommission: number | null;
  commissionCurrency: string | null;
  warningText: string | null;
}

/**
 * Where reconciliation reads the gateway's truth. Both calls must reject (not resolve to []) when the answer is
 * incomplete — a socket dropped mid-request — so that "nothing found" always means nothing is there.
 */
export interface ReconciliationSource {
  /** Every open order of this API client (reqOpenOrders; with client id 0, reqAllOpenOrders). */
  openOrders(): Promise<GatewayOpenOrder[]>;
  /** Executions (legs and BAG) since `since` (reqExecutions with a time filter; all of today's when omitted). */
  executions(since?: Date): Promise<GatewayExecution[]>;
}

export interface OrderGateway extends ReconciliationSource {
  /**
   * Hands the order to the gateway. Resolves once written to the socket — not an acknowledgement; the order's
   * fate arrives as events. Rejects when the connection is not ready (nothing is queued for later).
   */
  placeOrder(order: ComboOrderWire): Promise<void>;
  /** Same order id, same orderRef, new limit/quantity: IB treats a placeOrder for a known id as a modify. */
  modifyOrder(order: ComboOrderWire): Promise<void>;
  cancelOrder(orderId: number): Promise<void>;
  /** Margin and commission impact, nothing transmitted. */
  whatIf(order: Omit<ComboOrderWire, 'orderId' | 'transmit'>): Promise<WhatIfResult>;
}

/**
 * Order ids: libs/ibkr's order id authority (seeded by nextValidId and never handing out an id twice across
 * restarts). `floor` is the highest id this database has recorded for the client, so a gateway rolling
 * nextValidId back cannot make us reuse one.
 */
export interface OrderIdSource {
  readonly clientId: number;
  next(floor: number | null): Promise<number>;
}

/** Contract details: the conId of each leg (issue item 1). */
export interface LegQualifier {
  qualify(underlying: string, legs: ReadonlyArray<{ expiry: string; strike: number; right: 'C' | 'P' }>, tradingClass?: string): Promise<number[]>;
}
