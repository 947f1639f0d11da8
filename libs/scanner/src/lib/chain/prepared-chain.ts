/**
 * A chain made ready for one scan: everything per contract and per expiry that the spreads share is computed
 * once here (mid, bid-ask width, effective greeks, the smile, DTE, T), so the per-spread work stays small.
 */
import type { DividendYieldSource } from '@ibsc/shared-dto';
import { bsGreeks, THETA_PER_DAY, VEGA_PER_POINT } from '../math/black-scholes';
import { ivPercentile, ivRank } from '../iv-stats';
import { dayNumberOf, dteFrom, newYorkDayNumber, yearsTo } from './calendar';
import type { ChainOption, ExpirySlice, OptionChain, OptionQuote } from './option-chain';
import { buildSmile, smileIvAt, usableIv, type Smile } from './smile';

export interface PreparedLeg {
  option: ChainOption;
  quote: OptionQuote;
  strike: number;
  /** Both bid and ask present, ask > 0, bid ≥ 0 (and bid ≤ ask unless crossed quotes are kept). */
  twoSided: boolean;
  mid: number;
  /** ask − bid, and (ask − bid)/mid in percent; NaN unless two-sided. */
  bidAsk: number;
  bidAskPct: number;
  /** Gateway greeks when all four came; otherwise local Black–Scholes from the leg's IV (or the smile's). */
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  greeks: 'gateway' | 'local-bs' | 'none';
  /** The leg's IV, else the smile at its strike, else the underlying's; NaN if none. */
  iv: number;
}

export interface PreparedSlice {
  slice: ExpirySlice;
  dte: number;
  expiryDay: number;
  /** Years to expiry. */
  t: number;
  smile: Smile;
  /** Strike (× 10⁴, rounded) → index. */
  strikeIndex: ReadonlyMap<number, number>;
  calls: Array<PreparedLeg | null>;
  puts: Array<PreparedLeg | null>;
}

/**
 * What to do with a leg whose bid is above its ask (a crossed market: stale or broken, never a real price):
 * 'exclude' (default) treats it as not priced, so no spread uses it; 'penalize' keeps it, flagged CROSSED_QUOTE, and
 * the score multiplies by CROSSED_QUOTE_PENALTY.
 */
export type CrossedQuotePolicy = 'exclude' | 'penalize';
export const CROSSED_QUOTE_POLICIES: readonly CrossedQuotePolicy[] = ['exclude', 'penalize'];
export const DEFAULT_CROSSED_QUOTES: CrossedQuotePolicy = 'exclude';

export interface ChainPrepOptions {
  crossedQuotes?: CrossedQuotePolicy;
}

export interface PreparedUnderlying {
  chain: OptionChain;
  /** Crossed legs are not priced (CrossedQuotePolicy 'exclude'). */
  excludeCrossed: boolean;
  symbol: string;
  spot: number;
  rate: number;
  dividendYield: number;
  dividendYieldSource: DividendYieldSource;
  iv: number | null;
  ivRank: number | null;
  ivPercentile: number | null;
  earningsDay: number | null;
  /** The next ex-dividend day (day number) and amount per share, from the gateway's dividend tick; null when unknown. */
  exDividendDay: number | null;
  nextDividendAmount: number;
  /** YYYYMMDD of earningsDay, or null. */
  earningsDate: string | null;
  todayNy: number;
  now: number;
  slices: PreparedSlice[];
}

export function strikeKey(strike: number): number {
  return Math.round(strike * 10_000);
}

function num(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** What a leg's preparation needs from its underlying. */
export interface LegContext {
  spot: number;
  rate: number;
  q: number;
  /** The underlying's IV, or null. */
  fallbackIv: number | null;
  excludeCrossed: boolean;
}

/** One leg ready for the scan (null when not quoted). */
export function prepareLeg(option: ChainOption | null, u: LegContext, t: number, smile: Smile): PreparedLeg | null {
  if (!option || !option.quote) return null;
  const q = option.quote;
  const strike = option.contract.strike;
  const twoSided = num(q.bid) && num(q.ask) && q.ask > 0 && q.bid >= 0 && !(u.excludeCrossed && q.bid > q.ask);
  const mid = twoSided ? ((q.bid as number) + (q.ask as number)) / 2 : Number.NaN;
  const bidAsk = twoSided ? (q.ask as number) - (q.bid as number) : Number.NaN;
  const bidAskPct = twoSided && mid > 0 ? (100 * bidAsk) / mid : Number.NaN;
  const iv = usableIv(q.iv) ? q.iv : (smileIvAt(smile, strike) ?? u.fallbackIv ?? Number.NaN);
  let delta = Number.NaN;
  let gamma = Number.NaN;
  let theta = Number.NaN;
  let vega = Number.NaN;
  let greeks: PreparedLeg['greeks'] = 'none';
  if (num(q.delta) && num(q.gamma) && num(q.theta) && num(q.vega)) {
    delta = q.delta;
    gamma = q.gamma;
    theta = q.theta;
    vega = q.vega;
    greeks = 'gateway';
  } else if (iv > 0) {
    const g = bsGreeks({ right: option.contract.right, spot: u.spot, strike, t, rate: u.rate, dividendYield: u.q, vol: iv });
    delta = num(q.delta) ? q.delta : g.delta;
    gamma = num(q.gamma) ? q.gamma : g.gamma;
    theta = num(q.theta) ? q.theta : g.theta * THETA_PER_DAY;
    vega = num(q.vega) ? q.vega : g.vega * VEGA_PER_POINT;
    greeks = 'local-bs';
  }
  return { option, quote: q, strike, twoSided, mid, bidAsk, bidAskPct, delta, gamma, theta, vega, greeks, iv };
}

/** An underlying's scan-wide fields (`slices` left empty: see prepareSliceShared and prepareLeg). */
export function prepareUnderlyingShared(chain: OptionChain, now: number, todayNy: number = newYorkDayNumber(now), opts: ChainPrepOptions = {}): PreparedUnderlying {
  const und = chain.underlying;
  const iv = usableIv(und.iv) ? und.iv : null;
  return {
    chain,
    excludeCrossed: (opts.crossedQuotes ?? DEFAULT_CROSSED_QUOTES) === 'exclude',
    symbol: und.symbol,
    spot: und.spot,
    rate: chain.rate,
    dividendYield: und.dividendYield,
    dividendYieldSource: und.dividendYieldSource ?? 'config',
    iv,
    ivRank: iv === null ? null : ivRank(und.ivHistory, iv),
    ivPercentile: iv === null ? null : ivPercentile(und.ivHistory, iv),
    earningsDay: und.earningsDate ? dayNumberOf(und.earningsDate) : null,
    exDividendDay: und.nextDividend ? dayNumberOf(und.nextDividend.exDate) : null,
    nextDividendAmount: und.nextDividend?.amount ?? 0,
    earningsDate: und.earningsDate ?? null,
    todayNy,
    now,
    slices: [],
  };
}

/** The leg context of a prepared underlying. */
export function legContext(u: PreparedUnderlying): LegContext {
  return { spot: u.spot, rate: u.rate, q: u.dividendYield, fallbackIv: u.iv, excludeCrossed: u.excludeCrossed };
}

/**
 * An expiry's shared fields (DTE, T, smile, strike index) with `calls`/`puts` empty; null once expired, i.e. from
 * its close (`expiresAt`, 16:00 New York for equity options) on: an expired spread is never scanned. T is the
 * honest time left, (expiresAt − now) / 365 days, with no floor (at 15:59 on expiry day it is one minute).
 */
export function prepareSliceShared(slice: ExpirySlice, u: PreparedUnderlying): PreparedSlice | null {
  const dte = dteFrom(u.todayNy, slice.expiry);
  if (dte < 0 || !(slice.expiresAt > u.now)) return null;
  // AM-settled: trading stops at expiresAt (the day before), the settlement value is fixed at settlesAt (the open).
  const t = yearsTo(slice.style?.settlesAt ?? slice.expiresAt, u.now);
  return { slice, dte, expiryDay: dayNumberOf(slice.expiry), t, smile: buildSmile(slice, u.spot), strikeIndex: strikeIndexOf(slice.strikes), calls: [], puts: [] };
}

/**
 * Strike → index of a strikes array, built once per array: chains are rebuilt every scan from the daily definition,
 * which hands over the same (never mutated) strikes array each time.
 */
const STRIKE_INDEXES = new WeakMap<readonly number[], ReadonlyMap<number, number>>();

function strikeIndexOf(strikes: readonly number[]): ReadonlyMap<number, number> {
  let index = STRIKE_INDEXES.get(strikes);
  if (!index) {
    const m = new Map<number, number>();
    strikes.forEach((k, i) => m.set(strikeKey(k), i));
    STRIKE_INDEXES.set(strikes, (index = m));
  }
  return index;
}

export function prepareChain(chain: OptionChain, now: number, todayNy: number = newYorkDayNumber(now), opts: ChainPrepOptions = {}): PreparedUnderlying {
  const u = prepareUnderlyingShared(chain, now, todayNy, opts);
  const ctx = legContext(u);
  for (const slice of chain.expiries) {
    const s = prepareSliceShared(slice, u);
    if (!s) continue;
    s.calls = slice.calls.map((o) => prepareLeg(o, ctx, s.t, s.smile));
    s.puts = slice.puts.map((o) => prepareLeg(o, ctx, s.t, s.smile));
    u.slices.push(s);
  }
  return u;
}
