import type { BarSizeSetting, Contract, ContractDetails, Order, WhatToShow } from '@stoqey/ib';
import type { HistoricalPacingKey } from './historical-pacer';
import type { RequestLane, RequestSpec, ResponseCollector } from './request-spec';

/** Ready-made requests for the coordinator (`coordinator.submit(contractDetailsRequest(c))`). */

const CONTRACT_KEYS = ['conId', 'symbol', 'secType', 'lastTradeDateOrContractMonth', 'strike', 'right', 'multiplier', 'exchange', 'primaryExch', 'currency', 'localSymbol', 'tradingClass'] as const;

/** A stable identity of a contract: the fields IB matches on, in a fixed order. */
export function contractKey(c: Contract): string {
  if (c.conId) return `conId:${c.conId}${c.exchange ? '@' + c.exchange : ''}`;
  return CONTRACT_KEYS.map((k) => String(c[k] ?? '')).join('|');
}

function listCollector<T>(item: string, end: string, map: (args: readonly unknown[]) => T): () => ResponseCollector<T[]> {
  return () => {
    const items: T[] = [];
    return {
      events: [item, end],
      match: 'reqId',
      accept(event, args) {
        if (event === item) {
          items.push(map(args));
          return undefined;
        }
        return { value: items };
      },
    };
  };
}

/** `lane: 'order-data'` for an order's legs (they overtake the scan's contract queries). */
export function contractDetailsRequest(contract: Contract, opts: { timeoutMs?: number; lane?: RequestLane } = {}): RequestSpec<ContractDetails[]> {
  return {
    kind: 'contractDetails',
    lane: opts.lane ?? 'contract',
    idempotent: true,
    dedupKey: `cd:${contractKey(contract)}`,
    timeoutMs: opts.timeoutMs,
    send: (api, reqId) => api.reqContractDetails(reqId, contract),
    collector: listCollector('contractDetails', 'contractDetailsEnd', (a) => a[1] as ContractDetails),
  };
}

export interface SecDefOptParams {
  exchange: string;
  underlyingConId: number;
  tradingClass: string;
  multiplier: string;
  expirations: string[];
  strikes: number[];
}

export function secDefOptParamsRequest(p: { symbol: string; conId: number; secType?: string; futFopExchange?: string; timeoutMs?: number }): RequestSpec<SecDefOptParams[]> {
  const secType = p.secType ?? 'STK';
  const exch = p.futFopExchange ?? '';
  return {
    kind: 'secDefOptParams',
    lane: 'contract',
    idempotent: true,
    dedupKey: `sd:${p.symbol}|${exch}|${secType}|${p.conId}`,
    timeoutMs: p.timeoutMs,
    send: (api, reqId) => api.reqSecDefOptParams(reqId, p.symbol, exch, secType, p.conId),
    collector: listCollector('securityDefinitionOptionParameter', 'securityDefinitionOptionParameterEnd', (a) => ({
      exchange: a[1] as string,
      underlyingConId: a[2] as number,
      tradingClass: a[3] as string,
      multiplier: a[4] as string,
      expirations: a[5] as string[],
      strikes: a[6] as number[],
    })),
  };
}

export interface HistoricalBar {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  count: number | undefined;
  wap: number;
}

export interface HistoricalDataParams {
  contract: Contract;
  /** '' for now, else 'yyyyMMdd HH:mm:ss zone'. */
  endDateTime?: string;
  /** e.g. '1 D', '3600 S'. */
  duration: string;
  /** e.g. '5 secs', '1 min', '1 day'. */
  barSize: BarSizeSetting | string;
  whatToShow: WhatToShow | string;
  useRTH?: boolean;
  timeoutMs?: number;
}

const BAR_SECONDS: Record<string, number> = { sec: 1, secs: 1, min: 60, mins: 60, hour: 3600, hours: 3600, day: 86400, days: 86400, week: 604800, weeks: 604800, month: 2592000, months: 2592000 };

export function barSizeSeconds(barSize: string): number {
  const m = /^(\d+)\s+([a-z]+)$/i.exec(barSize.trim());
  if (!m) return 86400;
  return Number(m[1]) * (BAR_SECONDS[m[2].toLowerCase()] ?? 86400);
}

export function historicalPacingKey(p: HistoricalDataParams): HistoricalPacingKey {
  const what = String(p.whatToShow).toUpperCase();
  const ck = `${contractKey(p.contract)}|${p.contract.exchange ?? ''}|${what}`;
  return {
    contractKey: ck,
    identityKey: `${ck}|${p.endDateTime ?? ''}|${p.duration}|${p.barSize}|${p.useRTH ? 1 : 0}`,
    barSeconds: barSizeSeconds(String(p.barSize)),
    weight: what === 'BID_ASK' ? 2 : 1,
  };
}

export function historicalDataRequest(p: HistoricalDataParams): RequestSpec<HistoricalBar[]> {
  const key = historicalPacingKey(p);
  return {
    kind: 'historicalData',
    lane: 'historical',
    idempotent: true,
    dedupKey: `hd:${key.identityKey}`,
    timeoutMs: p.timeoutMs,
    historical: key,
    send: (api, reqId) =>
      api.reqHistoricalData(reqId, p.contract, p.endDateTime ?? '', p.duration, p.barSize as BarSizeSetting, p.whatToShow as WhatToShow, p.useRTH ? 1 : 0, 1, false),
    cancel: (api, reqId) => api.cancelHistoricalData(reqId),
    collector: () => {
      const bars: HistoricalBar[] = [];
      return {
        events: ['historicalData'],
        match: 'reqId',
        accept(_event, a) {
          const time = String(a[1]);
          if (time.startsWith('finished')) return { value: bars };
          bars.push({ time, open: a[2] as number, high: a[3] as number, low: a[4] as number, close: a[5] as number, volume: a[6] as number, count: a[7] as number | undefined, wap: a[8] as number });
          return undefined;
        },
      };
    },
  };
}

/** reqCurrentTime: the watchdog's probe (system lane, allowed while degraded). Resolves with epoch seconds. */
export function currentTimeRequest(timeoutMs?: number): RequestSpec<number> {
  return {
    kind: 'currentTime',
    lane: 'system',
    idempotent: false,
    dedupKey: 'currentTime',
    timeoutMs,
    send: (api) => api.reqCurrentTime(),
    collector: () => ({ events: ['currentTime'], match: 'first', accept: (_e, a) => ({ value: a[0] as number }) }),
  };
}

/** placeOrder, order lane, resolves when written. Order state arrives as openOrder/orderStatus events. */
export function placeOrderRequest(orderId: number, contract: Contract, order: Order): RequestSpec<void> {
  return { kind: 'placeOrder', lane: 'order', idempotent: false, send: (api) => api.placeOrder(orderId, contract, order) };
}

export function cancelOrderRequest(orderId: number): RequestSpec<void> {
  return { kind: 'cancelOrder', lane: 'order', idempotent: false, send: (api) => api.cancelOrder(orderId) };
}
