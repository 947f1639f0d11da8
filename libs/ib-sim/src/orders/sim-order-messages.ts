/**
 * What the order engine sends and keeps about a SimOrder: its openOrder and orderStatus fields, and the record of
 * one execution (execDetails, reqExecutions and commissionReport are built from it).
 */
import type { OutField } from '../protocol/fields';
import { openOrderMessage, orderStatusMessage, type WireContract } from './order-messages';
import type { ExecutionRecord } from './order-types';
import type { SimOrder } from './sim-order';

export function openOrderFields(o: SimOrder, accountId: string): OutField[] {
  return openOrderMessage({
    orderId: o.orderId,
    clientId: o.clientId,
    permId: o.permId,
    account: accountId,
    req: o.req,
    contract: o.wire,
    status: o.status,
    whatIf: false,
  });
}

export function statusFields(o: SimOrder): OutField[] {
  return orderStatusMessage({
    orderId: o.orderId,
    status: o.status,
    filled: o.filled,
    remaining: o.status === 'Cancelled' ? 0 : o.remaining,
    avgFillPrice: o.avgFillPrice,
    permId: o.permId,
    parentId: o.req.parentId,
    lastFillPrice: o.lastFillPrice,
    clientId: o.clientId,
  });
}

export interface ExecutionFill {
  time: number;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  lastLiquidity: 1 | 2;
  commission: number;
  realizedPnl: number | undefined;
}

/** The execution record of one fill of `o` on `wire` (a leg, or the combo itself); `seq` makes the execId unique. */
export function executionRecord(seq: number, o: SimOrder, wire: WireContract, f: ExecutionFill): ExecutionRecord {
  return {
    execId: `0000e215.${(0x66a00000 + seq).toString(16).padStart(8, '0')}.01.01`,
    time: f.time,
    clientId: o.clientId,
    orderId: o.orderId,
    permId: o.permId,
    orderRef: o.req.orderRef,
    contract: {
      conId: wire.conId,
      symbol: wire.symbol,
      secType: wire.secType,
      lastTradeDateOrContractMonth: wire.lastTradeDateOrContractMonth,
      strike: wire.strike,
      right: wire.right,
      multiplier: wire.multiplier,
      currency: wire.currency,
      localSymbol: wire.localSymbol,
      tradingClass: wire.tradingClass,
    },
    exchange: wire.exchange,
    side: f.side,
    shares: f.shares,
    price: f.price,
    cumQty: f.cumQty,
    avgPrice: f.avgPrice,
    lastLiquidity: f.lastLiquidity,
    commission: f.commission,
    realizedPnl: f.realizedPnl,
  };
}
