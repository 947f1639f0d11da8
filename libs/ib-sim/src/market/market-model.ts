/**
 * The simulated market: eight underlyings, their option chains, quotes, greeks and history, advanced by the
 * injected clock every `stepMs`. Deterministic for a given seed and sequence of clock advances.
 */
import { bsm, impliedVol } from './black-scholes';
import { nyDay, nyTime, tradingDayOnOrBefore } from './calendar';
import { ContractIndex } from './contract-index';
import { HV_WINDOW, hvBars } from './history';
import type { Clock, TimerHandle } from '../clock';
import type { DailyBar, Greeks, HistoryKind, MarketModel, Quote } from './market-types';
import { buildExpiries, buildOptions, type OptionEntry } from './option-chain';
import {
  minTick as optionMinTick,
  optionDay,
  optionQuote,
  optionStatics,
  optionTheo,
  underlyingQuote,
  type OptionDay,
  type OptionStatics,
  type OptionTheo,
} from './quote-model';
import { UnderlyingState } from './underlying-state';
import { RISK_FREE_RATE, UNDERLYINGS, type UnderlyingSpec } from './universe';

export interface MarketModelOptions {
  /** Seed of every random path and quote detail. Default 1. */
  seed?: number;
  clock: Clock;
  /** Milliseconds between price steps. Default 250. */
  stepMs?: number;
  /** Random intraday jumps per underlying per trading day of simulated time. Default 0.5. */
  jumpsPerDay?: number;
  /**
   * The underlyings to list, a subset of the universe (universe.ts), in the universe's order; unknown ones throw.
   * Default: all 30. Test markets default to the core eight (CORE_SYMBOLS) to keep the suite fast.
   */
  symbols?: readonly string[];
}

export type GreeksKind = 'bid' | 'ask' | 'last' | 'model';

/** IB's "not computed" values in tickOptionComputation. */
export const NOT_COMPUTED_PRICE = -1;
export const NOT_COMPUTED_GREEK = -2;

/** The MarketModel plus what the simulator itself (and its benchmarks and tests) may use. */
export interface SimMarketModel extends MarketModel {
  /** Stops the step timer. */
  dispose(): void;
  /** Number of clock steps taken so far. */
  steps(): number;
  /** The minimum price increment of a contract at a price (options: $0.01, or $0.05 from $3 for stocks). */
  minTick(conId: number, price: number): number;
  /** Option conIds of one underlying symbol. */
  optionConIds(symbol: string): number[];
}

const TRADING_YEAR_MS = 252 * 6.5 * 3_600_000;

interface CacheEntry {
  ver: number;
  theo: OptionTheo | undefined;
  quote: Quote | undefined;
  greeks: Record<GreeksKind, Greeks | undefined>;
}

function universeOf(symbols: readonly string[] | undefined): readonly UnderlyingSpec[] {
  if (!symbols) return UNDERLYINGS;
  const want = new Set(symbols.map((s) => s.toUpperCase()));
  const unknown = [...want].filter((s) => !UNDERLYINGS.some((u) => u.def.symbol === s));
  if (unknown.length) throw new Error(`Unknown simulator symbols: ${unknown.join(', ')}`);
  return UNDERLYINGS.filter((u) => want.has(u.def.symbol));
}

export function createMarketModel(opts: MarketModelOptions): SimMarketModel {
  const clock = opts.clock;
  const seed = (opts.seed ?? 1) >>> 0;
  const stepMs = opts.stepMs ?? 250;
  if (!(stepMs > 0)) throw new Error(`stepMs must be positive, got ${stepMs}`);
  const jumpsPerDay = opts.jumpsPerDay ?? 0.5;
  const r = RISK_FREE_RATE;
  const startedAt = clock.now();

  const unders = universeOf(opts.symbols).map((spec) => new UnderlyingState(spec, seed, startedAt));
  const underByConId = new Map(unders.map((u, i) => [u.conId, i]));
  const underBySymbol = new Map(unders.map((u, i) => [u.def.symbol, i]));
  const groups = unders.map((u) => buildExpiries(startedAt, u.spec, u.baseIv));
  const entries = buildOptions(
    unders.map((u) => u.spec),
    groups,
    new Set(unders.map((u) => u.conId)),
  );
  const entryByConId = new Map<number, OptionEntry>(entries.map((e) => [e.def.conId, e]));
  const index = new ContractIndex(
    () => unders.map((u) => u.def),
    entries.map((e) => e.def),
  );
  const statics = new Map<number, OptionStatics>();
  const days = new Map<number, OptionDay>();
  const cache = new Map<number, CacheEntry>();
  const listeners = new Set<(conIds: number[]) => void>();

  let steps = 0;
  let sessionDay = tradingDayOnOrBefore(nyDay(startedAt));
  let nextMidnight = nyTime(nyDay(startedAt) + 1, 0);

  const emit = (conIds: number[]): void => {
    if (conIds.length === 0) return;
    for (const l of [...listeners]) l(conIds.slice());
  };

  const step = (): void => {
    const now = clock.now();
    if (now >= nextMidnight) {
      const today = nyDay(now);
      sessionDay = tradingDayOnOrBefore(today);
      nextMidnight = nyTime(today + 1, 0);
    }
    steps++;
    const dt = stepMs / TRADING_YEAR_MS;
    const moved: number[] = [];
    for (const u of unders) if (u.advance(now, sessionDay, dt, steps, jumpsPerDay)) moved.push(u.conId);
    emit(moved);
  };
  const timer: TimerHandle = clock.setInterval(step, stepMs);

  const underlyingOf = (symbol: string): UnderlyingState => {
    const i = underBySymbol.get(symbol.toUpperCase());
    if (i === undefined) throw new Error(`Unknown symbol ${symbol}`);
    return unders[i];
  };

  const entryOf = (conId: number): OptionEntry => {
    const e = entryByConId.get(conId);
    if (!e) throw new Error(`No option with conId ${conId}`);
    return e;
  };

  const cached = (conId: number, ver: number): CacheEntry => {
    let c = cache.get(conId);
    if (!c) {
      const greeks = { bid: undefined, ask: undefined, last: undefined, model: undefined };
      c = { ver, theo: undefined, quote: undefined, greeks };
      cache.set(conId, c);
    } else if (c.ver !== ver) {
      c.ver = ver;
      c.theo = undefined;
      c.quote = undefined;
      c.greeks.bid = c.greeks.ask = c.greeks.last = c.greeks.model = undefined;
    }
    return c;
  };

  const theoOf = (e: OptionEntry): { u: UnderlyingState; c: CacheEntry; th: OptionTheo } => {
    const u = unders[e.under];
    const c = cached(e.def.conId, u.version);
    if (!c.theo) c.theo = optionTheo(u, e, r);
    return { u, c, th: c.theo };
  };

  const quote = (conId: number): Quote => {
    const ui = underByConId.get(conId);
    if (ui !== undefined) {
      const u = unders[ui];
      const c = cached(conId, u.version);
      if (!c.quote) c.quote = underlyingQuote(u, seed);
      return c.quote;
    }
    const e = entryOf(conId);
    const { u, c, th } = theoOf(e);
    if (!c.quote) {
      let st = statics.get(conId);
      if (!st) statics.set(conId, (st = optionStatics(u, e, r, seed, startedAt)));
      const day = optionDay(u, e, r, days.get(conId));
      days.set(conId, day);
      c.quote = optionQuote(u, e, th, st, day, seed);
    }
    return c.quote;
  };

  const greeksAt = (u: UnderlyingState, th: OptionTheo, price: number, e: OptionEntry): Greeks => {
    const inp = { spot: u.spot, strike: e.def.strike, t: th.t, r, q: u.spec.q, sigma: 0, right: e.def.right };
    const iv = price > 0 ? impliedVol(price, inp) : Number.NaN;
    if (Number.isNaN(iv)) {
      return {
        impliedVol: NOT_COMPUTED_PRICE,
        delta: NOT_COMPUTED_GREEK,
        optPrice: price > 0 ? price : NOT_COMPUTED_PRICE,
        pvDividend: th.res.pvDividend,
        gamma: NOT_COMPUTED_GREEK,
        vega: NOT_COMPUTED_GREEK,
        theta: NOT_COMPUTED_GREEK,
        undPrice: u.spot,
      };
    }
    inp.sigma = iv;
    const res = bsm(inp);
    return {
      impliedVol: iv,
      delta: res.delta,
      optPrice: price,
      pvDividend: res.pvDividend,
      gamma: res.gamma,
      vega: res.vega,
      theta: res.theta,
      undPrice: u.spot,
    };
  };

  const greeks = (conId: number, kind: GreeksKind): Greeks => {
    const e = entryOf(conId);
    const { u, c, th } = theoOf(e);
    const g = c.greeks;
    switch (kind) {
      case 'model':
        return (g.model ??= {
          impliedVol: th.sigma,
          delta: th.res.delta,
          optPrice: th.res.price,
          pvDividend: th.res.pvDividend,
          gamma: th.res.gamma,
          vega: th.res.vega,
          theta: th.res.theta,
          undPrice: u.spot,
        });
      case 'bid':
        return (g.bid ??= greeksAt(u, th, quote(conId).bid, e));
      case 'ask':
        return (g.ask ??= greeksAt(u, th, quote(conId).ask, e));
      case 'last':
        return (g.last ??= greeksAt(u, th, quote(conId).last, e));
      default:
        throw new Error(`Unknown greeks kind ${String(kind)}`);
    }
  };

  const history = (conId: number, kind: HistoryKind, nDays: number): DailyBar[] => {
    const ui = underByConId.get(conId);
    if (ui === undefined) {
      throw new Error(
        entryByConId.has(conId)
          ? `Historical data is only simulated for underlyings, not options (conId ${conId})`
          : `No contract with conId ${conId}`,
      );
    }
    const u = unders[ui];
    const trades = [...u.bars, u.todayBar()];
    // The first HV_WINDOW bars are the warm-up of the realised-vol window.
    const n = Math.min(Math.floor(nDays), trades.length - HV_WINDOW);
    if (!(n >= 1)) return [];
    switch (kind) {
      case 'TRADES':
        return trades.slice(-n);
      case 'OPTION_IMPLIED_VOLATILITY':
        return [...u.ivBars, u.todayIvBar()].slice(-n);
      case 'HISTORICAL_VOLATILITY':
        return hvBars(trades.slice(-(n + HV_WINDOW))).slice(-n);
      default:
        throw new Error(`Unsupported history kind ${String(kind)}`);
    }
  };

  const model: SimMarketModel = {
    underlyings: () => unders.map((u) => ({ ...u.def })),
    contract: (conId) => index.contract(conId),
    findContracts: (q) => index.find(q),
    chainParams: (underConId) => index.chainParams(underConId),
    optionCount: () => entries.length,
    quote,
    greeks,
    history,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setHalted(symbol, halted) {
      const u = underlyingOf(symbol);
      if (u.halted === halted) return;
      u.halted = halted;
      u.version++;
      emit([u.conId]);
    },
    setFrozen(symbol, frozen) {
      underlyingOf(symbol).frozen = frozen;
    },
    spot: (symbol) => underlyingOf(symbol).spot,
    jump(symbol, fraction) {
      if (!(fraction > -1)) throw new Error(`A jump must be above -100 %, got ${fraction}`);
      const u = underlyingOf(symbol);
      u.spot *= 1 + fraction;
      u.touch(clock.now(), u.stepAt);
      emit([u.conId]);
    },
    dispose: () => clock.clearInterval(timer),
    steps: () => steps,
    minTick(conId, price) {
      const e = entryByConId.get(conId);
      if (!e) return 0.01;
      return optionMinTick(unders[e.under].spec, price);
    },
    optionConIds: (symbol) => index.optionsOf(symbol).map((o) => o.conId),
  };
  return model;
}

