/**
 * What the gateway tells us about orders, normalised from IB's openOrder, orderStatus, execDetails,
 * commissionReport and error messages (the ibkr-backed implementation translates; numbers already passed through
 * ibNumber, so no UNSET_DOUBLE reaches here).
 */

/** IB's order status strings (orderStatus / openOrder). */
export const IB_ORDER_STATUSES = [
  'ApiPending',
  'PendingSubmit',
  'PreSubmitted',
  'Submitted',
  'PendingCancel',
  'ApiCancelled',
  'Cancelled',
  'Filled',
  'Inactive',
] as const;
export type IbOrderStatus = (typeof IB_ORDER_STATUSES)[number];

export interface GatewayOpenOrder {
  orderId: number;
  clientId: number;
  permId: number;
  orderRef: string;
  account: string;
  status: string;
  action: 'BUY' | 'SELL';
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | null;
  /** Cumulative filled quantity when the source knows it (from the orderStatus that follows openOrder). */
  filled?: number;
  remaining?: number;
  avgFillPrice?: number | null;
}

export interface GatewayExecution {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  orderRef: string;
  account: string;
  conId: number;
  /** 'BAG' for the combo-level execution, 'OPT' for a leg. */
  secType: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  time: Date;
  exchange: string;
}

export interface GatewayCommission {
  execId: string;
  commission: number | null;
  currency: string;
  realizedPnl: number | null;
}

export type OrderEvent =
  | { kind: 'openOrder'; order: GatewayOpenOrder }
  | {
      kind: 'orderStatus';
      orderId: number;
      permId: number;
      status: string;
      filled: number;
      remaining: number;
      avgFillPrice: number | null;
      lastFillPrice: number | null;
      whyHeld?: string;
    }
  | { kind: 'execution'; execution: GatewayExecution }
  | { kind: 'commission'; commission: GatewayCommission }
  | { kind: 'error'; orderId: number; code: number; message: string };
