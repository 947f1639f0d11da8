/**
 * The option-chain model the scanner works on: an underlying, its expiries, and per expiry the listed strikes with,
 * for each call and put, the contract and (when quoted) its quote, greeks, volume, open interest and quote time.
 *
 * Greeks follow IB's conventions: per share, theta per calendar day, vega per vol point.
 */
import type { DividendYieldSource, OptionExercise, OptionSettlement } from '@ibsc/shared-dto';
import type { OptionRight } from '../math/black-scholes';

export interface OptionContract {
  /** IB conId when known (from contract details); null in synthetic data. */
  conId: number | null;
  symbol: string;
  /** YYYYMMDD. */
  expiry: string;
  strike: number;
  right: OptionRight;
  multiplier: number;
  /** IB trading class when it is not the symbol (SPXW beside SPX): part of the contract's identity. */
  tradingClass?: string;
}

export interface OptionQuote {
  bid: number | null;
  ask: number | null;
  last: number | null;
  /** Implied vol of this option (decimal), as the gateway computed it. */
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  /** Per calendar day. */
  theta: number | null;
  /** Per vol point. */
  vega: number | null;
  volume: number | null;
  openInterest: number | null;
  /** Epoch ms of the last update of any of these fields. */
  quoteTime: number;
}

export interface ChainOption {
  contract: OptionContract;
  /** null until quoted (the pre-filter decides which contracts are worth quoting). */
  quote: OptionQuote | null;
}

export interface ExpirySlice {
  /** YYYYMMDD. */
  expiry: string;
  /** Epoch ms when the options stop trading (16:00 New York for equity options; the day before for AM-settled). */
  expiresAt: number;
  /** Ascending. */
  strikes: readonly number[];
  /** Parallel to strikes; null where a strike has no listed call (or put). */
  calls: ReadonlyArray<ChainOption | null>;
  puts: ReadonlyArray<ChainOption | null>;
  /** Slice style (absent = the symbol's own class, PM, American, physical): see ExpiryStyle. */
  style?: ExpiryStyle;
}

/**
 * What sets an expiry apart beyond its date: its trading class (SPX and SPXW both list the third Friday), when its
 * settlement value is fixed (T runs to `settlesAt`), exercise style and cash settlement (option-style.ts).
 */
export interface ExpiryStyle {
  tradingClass: string;
  settlement: OptionSettlement;
  settlesAt: number;
  exercise: OptionExercise;
  cashSettled: boolean;
}

export interface UnderlyingSnapshot {
  symbol: string;
  spot: number;
  /** Epoch ms of the spot quote. */
  spotTime: number;
  /** The underlying's 30-day implied vol (IB tick 106), decimal; null when unknown. */
  iv: number | null;
  /** Daily IV closes, oldest first, for IV rank and percentile (252 used). */
  ivHistory: readonly number[];
  /** Continuous dividend yield, decimal. */
  dividendYield: number;
  /** Where dividendYield came from; default 'config' (given with the data). */
  dividendYieldSource?: DividendYieldSource;
  /** The next dividend (IB's dividend tick): its ex-date YYYYMMDD and amount per share; null/absent when unknown. */
  nextDividend?: { exDate: string; amount: number } | null;
  /** Next earnings date, YYYYMMDD, or null. */
  earningsDate: string | null;
}

/**
 * The risk-free rate when none is configured (SCAN_RISK_FREE_RATE): 4.5 % continuously compounded, about the
 * 1-to-3-month US Treasury bill yield when it was chosen (late 2026), and the rate the built-in simulator prices with.
 */
export const DEFAULT_RISK_FREE_RATE = 0.045;

export interface OptionChain {
  underlying: UnderlyingSnapshot;
  /** Risk-free rate, continuously compounded. */
  rate: number;
  expiries: readonly ExpirySlice[];
}

/** Static chain definition (reqSecDefOptParams + contract details), refreshed daily, not per scan. */
export interface ChainDefinition {
  symbol: string;
  multiplier: number;
  /** IB secType of the underlying: IND for an index (its price is `last`, it has no bid/ask). Default STK. */
  underlyingSecType?: 'STK' | 'IND';
  expiries: ReadonlyArray<{
    expiry: string;
    expiresAt: number;
    /** Trading class, settlement, exercise (absent: the symbol's class, PM, American, physical). */
    style?: ExpiryStyle;
    strikes: readonly number[];
    /** conIds parallel to strikes; null entries where the contract is not listed. Omitted when unknown. */
    callConIds?: ReadonlyArray<number | null>;
    putConIds?: ReadonlyArray<number | null>;
  }>;
}

/** The key a quote is stored under: `SYMBOL|YYYYMMDD|C|strike`, then `|CLASS` when the class is not the symbol. */
export function contractKey(c: Pick<OptionContract, 'symbol' | 'expiry' | 'right' | 'strike' | 'tradingClass'>): string {
  const base = `${c.symbol}|${c.expiry}|${c.right}|${formatStrike(c.strike)}`;
  return c.tradingClass && c.tradingClass !== c.symbol ? `${base}|${c.tradingClass}` : base;
}

/** The trading class to carry on a contract: only when it differs from the symbol (keeps equity keys unchanged). */
export function distinctClass(symbol: string, style: ExpiryStyle | undefined): { tradingClass?: string } {
  return style && style.tradingClass !== symbol ? { tradingClass: style.tradingClass } : {};
}

/** A strike as a short canonical string: 450, 452.5, 0.125 (no trailing zeros, at most 4 decimals). */
export function formatStrike(strike: number): string {
  return String(Math.round(strike * 10_000) / 10_000);
}

/** Builds a chain from its definition and whatever quotes are known (missing ones stay null). */
export function chainFromDefinition(
  def: ChainDefinition,
  underlying: UnderlyingSnapshot,
  rate: number,
  quotes: ReadonlyMap<string, OptionQuote>,
): OptionChain {
  return { underlying, rate, expiries: def.expiries.map((e) => expirySliceFromDefinition(def, e, quotes)) };
}

/** One expiry of a definition as a chain's slice, with whatever quotes are known. */
export function expirySliceFromDefinition(def: ChainDefinition, e: ChainDefinition['expiries'][number], quotes: ReadonlyMap<string, OptionQuote>): ExpirySlice {
  const side = (right: 'C' | 'P', conIds: ReadonlyArray<number | null> | undefined): Array<ChainOption | null> =>
    e.strikes.map((strike, i) => {
      if (conIds && conIds[i] === null) return null;
      const contract: OptionContract = {
        conId: conIds ? (conIds[i] ?? null) : null,
        symbol: def.symbol,
        expiry: e.expiry,
        strike,
        right,
        multiplier: def.multiplier,
        ...distinctClass(def.symbol, e.style),
      };
      return { contract, quote: quotes.get(contractKey(contract)) ?? null };
    });
  const slice: ExpirySlice = { expiry: e.expiry, expiresAt: e.expiresAt, strikes: e.strikes, calls: side('C', e.callConIds), puts: side('P', e.putConIds) };
  if (e.style) slice.style = e.style;
  return slice;
}

/** Every listed contract of a definition. */
export function listedContracts(def: ChainDefinition): OptionContract[] {
  const out: OptionContract[] = [];
  for (const e of def.expiries) {
    e.strikes.forEach((strike, i) => {
      for (const right of ['C', 'P'] as const) {
        const ids = right === 'C' ? e.callConIds : e.putConIds;
        if (ids && ids[i] === null) continue;
        out.push({ conId: ids ? (ids[i] ?? null) : null, symbol: def.symbol, expiry: e.expiry, strike, right, multiplier: def.multiplier, ...distinctClass(def.symbol, e.style) });
      }
    });
  }
  return out;
}
