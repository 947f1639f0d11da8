import { mulberry32 } from '@ibsc/option-math';
import type { ContractDef, DailyBar, HistoryKind, MarketModel } from '../market/market-types';
import { DAY_SECONDS, nyDate, nyDateTime } from './bar-request';

export interface OutBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  wap: number;
  count: number;
}

export const WHAT_TO_SHOW = [
  'TRADES',
  'MIDPOINT',
  'BID',
  'ASK',
  'BID_ASK',
  'ADJUSTED_LAST',
  'OPTION_IMPLIED_VOLATILITY',
  'HISTORICAL_VOLATILITY',
] as const;
export type WhatToShow = (typeof WHAT_TO_SHOW)[number];

export function historyKind(w: WhatToShow): HistoryKind {
  if (w === 'OPTION_IMPLIED_VOLATILITY' || w === 'HISTORICAL_VOLATILITY') return w;
  return 'TRADES';
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;
const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Daily bars from the model, ending on or before `endMs` (New York date), at most `tradingDays` of them. */
export function dailyBars(
  market: MarketModel,
  contract: ContractDef,
  what: WhatToShow,
  tradingDays: number,
  endMs: number,
  nowMs: number,
): OutBar[] {
  const kind = historyKind(what);
  const backDays = Math.max(0, Math.ceil(((nowMs - endMs) / (DAY_SECONDS * 1000)) * (5 / 7)) + 5);
  const all: DailyBar[] = market.history(contract.conId, kind, tradingDays + backDays);
  const endDate = nyDate(endMs);
  const bars = all.filter((b) => b.date <= endDate).slice(-tradingDays);
  const isVol = kind !== 'TRADES';
  return bars.map((b) => ({
    date: b.date,
    open: isVol ? r6(b.open) : r4(b.open),
    high: isVol ? r6(b.high) : r4(b.high),
    low: isVol ? r6(b.low) : r4(b.low),
    close: isVol ? r6(b.close) : r4(b.close),
    volume: isVol ? 0 : b.volume,
    wap: isVol ? r6(b.close) : r4((b.high + b.low + b.close) / 3),
    count: isVol ? 0 : Math.max(1, Math.round(b.volume / 250)),
  }));
}

/** Mulberry32 keyed by integers: the same bar always gets the same noise. */
function noise(...keys: number[]): () => number {
  let a = 0x9e3779b9;
  for (const k of keys) a = Math.imul(a ^ (k | 0), 0x85ebca6b) ^ Math.floor(k / 4294967296);
  return mulberry32(a);
}

/** The value an intraday series ends on now. */
export function currentValue(market: MarketModel, contract: ContractDef, what: WhatToShow): number {
  const q = market.quote(contract.conId);
  const mid = q.bid > 0 && q.ask > 0 ? (q.bid + q.ask) / 2 : q.last;
  switch (what) {
    case 'BID':
      return q.bid;
    case 'ASK':
      return q.ask;
    case 'MIDPOINT':
    case 'BID_ASK':
      return mid;
    case 'OPTION_IMPLIED_VOLATILITY':
      return contract.secType === 'OPT' ? market.greeks(contract.conId, 'model').impliedVol : (q.impliedVol ?? 0.2);
    case 'HISTORICAL_VOLATILITY':
      return q.historicalVol ?? 0.2;
    default:
      return q.last > 0 ? q.last : mid;
  }
}

/**
 * Intraday bars are synthesised (the model keeps daily history only): a seeded random walk, walked back in time
 * from the current value, so a series ends where the live quote is and repeats exactly for the same bars.
 */
export function intradayBars(
  market: MarketModel,
  contract: ContractDef,
  what: WhatToShow,
  barSeconds: number,
  durationSeconds: number,
  endMs: number,
  formatDate: number,
): OutBar[] {
  const endBar = Math.floor(endMs / 1000 / barSeconds) * barSeconds;
  const n = Math.max(1, Math.floor(durationSeconds / barSeconds));
  const isVol = what === 'OPTION_IMPLIED_VOLATILITY' || what === 'HISTORICAL_VOLATILITY';
  const annualVol = isVol ? 0.5 : (market.quote(contract.conId).impliedVol ?? 0.25);
  const step = annualVol * Math.sqrt(barSeconds / (252 * 6.5 * 3600));
  let close = currentValue(market, contract, what);
  const out: OutBar[] = [];
  for (let i = 0; i < n; i++) {
    const start = endBar - (i + 1) * barSeconds;
    const rnd = noise(contract.conId, start, barSeconds);
    const ret = (rnd() - 0.5) * 2 * step * 1.7;
    const open = close / (1 + ret);
    const high = Math.max(open, close) * (1 + rnd() * step * 0.5);
    const low = Math.min(open, close) * (1 - rnd() * step * 0.5);
    const volume = isVol ? 0 : Math.round(100 + rnd() * 5000 * Math.sqrt(barSeconds));
    const rd = isVol ? r6 : r4;
    out.push({
      date: formatDate === 2 ? String(start) : nyDateTime(start * 1000),
      open: rd(open),
      high: rd(high),
      low: rd(low),
      close: rd(close),
      volume,
      wap: rd((open + high + low + close) / 4),
      count: isVol ? 0 : Math.max(1, Math.round(volume / 100)),
    });
    close = open;
  }
  return out.reverse();
}
