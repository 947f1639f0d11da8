/** The latest values of one market-data line, assembled from ticks (IB tick types; delayed ones fold in). */
export interface OptionGreeks {
  impliedVolatility?: number;
  delta?: number;
  gamma?: number;
  vega?: number;
  theta?: number;
  optionPrice?: number;
  underlyingPrice?: number;
}

export interface Quote {
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  lastSize?: number;
  volume?: number;
  open?: number;
  high?: number;
  low?: number;
  close?: number;
  /** Option computations by source: model (13/83), bid (10/80), ask (11/81), last (12/82). */
  model?: OptionGreeks;
  bidGreeks?: OptionGreeks;
  askGreeks?: OptionGreeks;
  /** Generic ticks (open interest, volumes, halted …) by tick type. */
  generic: Record<number, number>;
  /** String ticks by tick type (e.g. 59 IB Dividends from generic tick 456, 45 last timestamp); absent before any. */
  strings?: Record<number, string>;
  /** Delayed data (10167 or delayed tick types). */
  delayed: boolean;
  /** Clock time of the last tick, null before any. */
  updatedAt: number | null;
}

export type TickEvent =
  | { kind: 'price'; field: number; value: number }
  | { kind: 'size'; field: number; value: number }
  | { kind: 'generic'; field: number; value: number }
  | { kind: 'string'; field: number; value: string }
  | { kind: 'option'; field: number; greeks: OptionGreeks };

export function emptyQuote(): Quote {
  return { generic: {}, delayed: false, updatedAt: null };
}

const PRICE: Record<number, keyof Quote> = { 1: 'bid', 2: 'ask', 4: 'last', 6: 'high', 7: 'low', 9: 'close', 14: 'open', 66: 'bid', 67: 'ask', 68: 'last', 72: 'high', 73: 'low', 75: 'close', 76: 'open' };
const SIZE: Record<number, keyof Quote> = { 0: 'bidSize', 3: 'askSize', 5: 'lastSize', 8: 'volume', 69: 'bidSize', 70: 'askSize', 71: 'lastSize', 74: 'volume' };
const GREEKS: Record<number, 'model' | 'bidGreeks' | 'askGreeks' | undefined> = { 10: 'bidGreeks', 11: 'askGreeks', 13: 'model', 80: 'bidGreeks', 81: 'askGreeks', 83: 'model' };

/** Applies a tick to a quote (in place). */
export function applyTick(q: Quote, t: TickEvent, at: number): void {
  q.updatedAt = at;
  if (t.field >= 66 && t.field <= 88) q.delayed = true;
  switch (t.kind) {
    case 'price': {
      const k = PRICE[t.field];
      // IB sends -1 for "no bid/ask"
      if (k) (q as unknown as Record<string, number | undefined>)[k] = t.value === -1 ? undefined : t.value;
      break;
    }
    case 'size': {
      const k = SIZE[t.field];
      if (k) (q as unknown as Record<string, number | undefined>)[k] = t.value;
      break;
    }
    case 'generic':
      q.generic[t.field] = t.value;
      break;
    case 'option': {
      const k = GREEKS[t.field];
      if (k) q[k] = { ...q[k], ...t.greeks };
      break;
    }
    case 'string':
      (q.strings ??= {})[t.field] = t.value;
      break;
  }
}

export function copyQuote(q: Quote): Quote {
  return { ...q, generic: { ...q.generic }, strings: q.strings && { ...q.strings }, model: q.model && { ...q.model }, bidGreeks: q.bidGreeks && { ...q.bidGreeks }, askGreeks: q.askGreeks && { ...q.askGreeks } };
}

/** Turns the stoqey tickOptionComputation arguments into greeks (IB's -1/-2 "not computed" become undefined). */
export function greeksFrom(args: readonly unknown[]): OptionGreeks {
  const v = (x: unknown, sentinel: number): number | undefined => (typeof x === 'number' && x !== sentinel && Number.isFinite(x) ? x : undefined);
  return {
    impliedVolatility: v(args[3], -1),
    delta: v(args[4], -2),
    optionPrice: v(args[5], -1),
    gamma: v(args[7], -2),
    vega: v(args[8], -2),
    theta: v(args[9], -2),
    underlyingPrice: v(args[10], -1),
  };
}
