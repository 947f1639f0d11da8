/**
 * Every number of a vertical spread, each by a stated method (docs/scanner.md has the formulas).
 *
 * Prices are per share. With the short leg S and the long leg L:
 *   credit: mid = S.mid − L.mid, natural = S.bid − L.ask, expected fill = mid − k·h
 *   debit:  mid = L.mid − S.mid, natural = L.ask − S.bid, expected fill = mid + k·h
 * where h = ((S.ask − S.bid) + (L.ask − L.bid))/2 is the spread's half-width, so k = 0 is mid and k = 1 natural.
 * All economics (max profit/loss, breakeven, RoR, credit/width, EV) are at the expected fill, per spread
 * (× multiplier × quantity), after fees.
 */
import {
  EV_METHOD,
  FILL_METHOD,
  POP_DELTA_METHOD,
  POP_METHOD,
  TOUCH_METHOD,
  type SpreadFlag,
  type SpreadLegView,
  type SpreadRow,
} from '@ibsc/shared-dto';
import type { PreparedLeg, PreparedSlice, PreparedUnderlying } from '../chain/prepared-chain';
import { smileIvAt, usableIv } from '../chain/smile';
import { bsPrice } from '../math/black-scholes';
import { probAbove, probBelow, probTouch, type LognormalInputs } from '../math/probabilities';
import { spreadId } from './spread-id';
import type { VerticalCandidate } from './vertical-builder';

export interface SpreadMetricsOptions {
  /** Expected-fill slippage toward natural: 0 = mid, 1 = natural. */
  k: number;
  /** Spreads per row. Default 1. */
  quantity?: number;
  /** Round-trip fees per spread (money). Default 0. */
  feesPerSpread?: number;
  /** A leg quote older than this flags STALE_QUOTE. Default 60 000 ms. */
  staleAfterMs?: number;
}

export const DEFAULT_STALE_AFTER_MS = 60_000;

/**
 * Half a cent: a fill is inside the price bounds when, rounded to the cent, it is strictly between 0 and the width
 * (p > 0.005 and p < width − 0.005). Exact comparisons let floating-point noise through: a debit of
 * 9.999999999999998 on a 10-wide spread or a credit of 1.7e-18 is no price at all.
 */
export const PRICE_BOUNDS_TOLERANCE = 0.005;

/** True when the expected fill leaves both a profit and a risk of at least a cent per share. */
export function priceInsideBounds(p: number, width: number): boolean {
  return p > PRICE_BOUNDS_TOLERANCE && p < width - PRICE_BOUNDS_TOLERANCE;
}

/** The net price of a spread per share: at mid, natural, and the expected fill. */
export function netPrices(side: 'credit' | 'debit', short: { bid: number; ask: number }, long: { bid: number; ask: number }, k: number): { mid: number; natural: number; expectedFill: number; halfSpread: number } {
  const sMid = (short.bid + short.ask) / 2;
  const lMid = (long.bid + long.ask) / 2;
  const halfSpread = (short.ask - short.bid + (long.ask - long.bid)) / 2;
  if (side === 'credit') {
    const mid = sMid - lMid;
    return { mid, natural: short.bid - long.ask, expectedFill: mid - k * halfSpread, halfSpread };
  }
  const mid = lMid - sMid;
  return { mid, natural: long.ask - short.bid, expectedFill: mid + k * halfSpread, halfSpread };
}

function legView(l: PreparedLeg): SpreadLegView {
  const q = l.quote;
  return {
    conId: l.option.contract.conId,
    right: l.option.contract.right,
    strike: l.strike,
    bid: q.bid ?? Number.NaN,
    ask: q.ask ?? Number.NaN,
    mid: l.mid,
    delta: q.delta,
    iv: q.iv,
    volume: q.volume,
    openInterest: q.openInterest,
    quoteTime: q.quoteTime,
  };
}

/**
 * A short American call in the money whose time value (mid − intrinsic) is below the next dividend, with the
 * ex-dividend date after today (the holder exercises the day before it) and on or before expiry: the spread may be
 * assigned early (every listed equity and ETF option is American; European index options never are).
 */
export function earlyAssignmentRisk(u: PreparedUnderlying, s: PreparedSlice, short: PreparedLeg): boolean {
  if (s.slice.style?.exercise === 'european') return false;
  if (short.option.contract.right !== 'C' || u.exDividendDay === null) return false;
  if (u.exDividendDay <= u.todayNy || u.exDividendDay > s.expiryDay) return false;
  const intrinsic = u.spot - short.strike;
  return intrinsic > 0 && short.mid - intrinsic < u.nextDividendAmount;
}

/** Computes the row for a candidate whose legs are two-sided. Returns null when no IV at all is available. */
export function computeSpreadMetrics(c: VerticalCandidate, o: SpreadMetricsOptions): SpreadRow | null {
  const { u, s, short, long, type, side, width } = c;
  const sq = short.quote;
  const lq = long.quote;
  const m = short.option.contract.multiplier;
  const qty = o.quantity ?? 1;
  const fees = (o.feesPerSpread ?? 0) * qty;
  const scale = m * qty;
  const flags: SpreadFlag[] = [];

  const px = netPrices(side, { bid: sq.bid as number, ask: sq.ask as number }, { bid: lq.bid as number, ask: lq.ask as number }, o.k);
  const p = px.expectedFill;
  const ks = short.strike;
  const kl = long.strike;
  let maxProfit: number;
  let maxLoss: number;
  let breakeven: number;
  if (side === 'credit') {
    maxProfit = p * scale - fees;
    maxLoss = (width - p) * scale + fees;
    breakeven = type === 'bull-put' ? ks - p : ks + p;
  } else {
    maxProfit = (width - p) * scale - fees;
    maxLoss = p * scale + fees;
    breakeven = type === 'bull-call' ? kl + p : kl - p;
  }
  if (!priceInsideBounds(p, width)) flags.push('PRICE_OUTSIDE_BOUNDS');

  // σ at the breakeven, read off this expiry's smile.
  let ivSource: SpreadRow['ivSource'] = 'smile';
  let sigma = smileIvAt(s.smile, breakeven);
  if (sigma === null) {
    flags.push('MISSING_IV');
    ivSource = 'underlying';
    sigma = u.iv;
    if (sigma === null) return null;
  }
  const ln: LognormalInputs = { spot: u.spot, t: s.t, rate: u.rate, dividendYield: u.dividendYield, vol: sigma };
  const bullish = type === 'bull-put' || type === 'bull-call';
  const pop = bullish ? probAbove(breakeven, ln) : probBelow(breakeven, ln);

  // Delta shortcut: |Δ| interpolated in strike at the breakeven, read as P(ITM) there.
  let popDelta: number | null = null;
  if (Number.isFinite(short.delta) && Number.isFinite(long.delta)) {
    const [lo, hi] = ks < kl ? [short, long] : [long, short];
    const x = Math.min(1, Math.max(0, (breakeven - lo.strike) / (hi.strike - lo.strike)));
    const pItm = Math.abs(lo.delta + x * (hi.delta - lo.delta));
    const call = type === 'bull-call' || type === 'bear-call';
    // Calls: |Δ| ≈ P(S_T > K); puts: |Δ| ≈ P(S_T < K).
    popDelta = call ? (type === 'bull-call' ? pItm : 1 - pItm) : type === 'bear-put' ? pItm : 1 - pItm;
  }

  const touchVol = usableIv(sq.iv) ? sq.iv : (smileIvAt(s.smile, ks) ?? sigma);
  const touch = probTouch(ks, { spot: u.spot, t: s.t, rate: u.rate, dividendYield: u.dividendYield, vol: touchVol });

  // EV at the expected fill: discounted risk-neutral expected payoff with σ_BE on both legs, minus the fill.
  const right = short.option.contract.right;
  const modelNet =
    bsPrice({ right, spot: u.spot, strike: ks, t: s.t, rate: u.rate, dividendYield: u.dividendYield, vol: sigma }) -
    bsPrice({ right, spot: u.spot, strike: kl, t: s.t, rate: u.rate, dividendYield: u.dividendYield, vol: sigma }); // short − long
  const evPerShare = side === 'credit' ? p - modelNet : -modelNet - p;
  const expectedValue = evPerShare * scale - fees;

  // Net greeks per spread: long minus short, × multiplier × quantity.
  let greeks: SpreadRow['greeks'] = null;
  let greeksSource: SpreadRow['greeksSource'] = 'none';
  if (short.greeks !== 'none' && long.greeks !== 'none') {
    greeks = {
      delta: (long.delta - short.delta) * scale,
      gamma: (long.gamma - short.gamma) * scale,
      theta: (long.theta - short.theta) * scale,
      vega: (long.vega - short.vega) * scale,
    };
    greeksSource = short.greeks === 'gateway' && long.greeks === 'gateway' ? 'gateway' : 'local-bs';
  }
  if (short.greeks !== 'gateway' || long.greeks !== 'gateway') flags.push('MISSING_GREEKS');
  if (sq.openInterest === null || lq.openInterest === null) flags.push('MISSING_OPEN_INTEREST');
  if (sq.volume === null || lq.volume === null) flags.push('MISSING_VOLUME');
  const quoteTime = Math.min(sq.quoteTime, lq.quoteTime);
  const quoteAgeMs = Math.max(0, u.now - quoteTime);
  if (quoteAgeMs > (o.staleAfterMs ?? DEFAULT_STALE_AFTER_MS)) flags.push('STALE_QUOTE');
  const earnings = u.earningsDay !== null && u.earningsDay >= u.todayNy && u.earningsDay <= s.expiryDay;
  if (earnings) flags.push('EARNINGS_IN_WINDOW');
  if ((sq.bid as number) > (sq.ask as number) || (lq.bid as number) > (lq.ask as number)) flags.push('CROSSED_QUOTE');
  if (sq.bid === 0) flags.push('NO_BID');
  if (earlyAssignmentRisk(u, s, short)) flags.push('EARLY_ASSIGNMENT_RISK');

  return {
    id: spreadId(u.symbol, s.slice.expiry, type, ks, kl, s.slice.style?.tradingClass),
    symbol: u.symbol,
    type,
    side,
    expiry: s.slice.expiry,
    dte: s.dte,
    expiresAt: s.slice.expiresAt,
    yearsToExpiry: s.t,
    rate: u.rate,
    dividendYield: u.dividendYield,
    dividendYieldSource: u.dividendYieldSource,
    spot: u.spot,
    width,
    multiplier: m,
    quantity: qty,
    short: legView(short),
    long: legView(long),
    netMid: px.mid,
    netNatural: px.natural,
    expectedFill: p,
    k: o.k,
    fillMethod: FILL_METHOD,
    maxProfit,
    maxLoss,
    breakeven,
    returnOnRisk: maxLoss > 0 ? maxProfit / maxLoss : null,
    creditToWidth: side === 'credit' ? p / width : null,
    pop,
    popMethod: POP_METHOD,
    popDelta,
    popDeltaMethod: POP_DELTA_METHOD,
    ivAtBreakeven: sigma,
    ivSource,
    touch,
    touchMethod: TOUCH_METHOD,
    expectedValue,
    evMethod: EV_METHOD,
    greeks,
    greeksSource,
    ivRank: u.ivRank,
    ivPercentile: u.ivPercentile,
    earningsDate: u.earningsDate,
    quoteTime,
    quoteAgeMs,
    flags,
    score: 0,
    ...rowStyle(u.symbol, s.slice),
  };
}

/** The row's trading class, settlement and exercise: the slice's style, else the symbol's own class (PM, American). */
export function rowStyle(symbol: string, slice: PreparedSlice['slice']): Pick<SpreadRow, 'tradingClass' | 'settlement' | 'exercise' | 'cashSettled' | 'settlesAt'> {
  const st = slice.style;
  if (!st) return { tradingClass: symbol, settlement: 'PM', exercise: 'american', cashSettled: false, settlesAt: slice.expiresAt };
  return { tradingClass: st.tradingClass, settlement: st.settlement, exercise: st.exercise, cashSettled: st.cashSettled, settlesAt: st.settlesAt };
}
