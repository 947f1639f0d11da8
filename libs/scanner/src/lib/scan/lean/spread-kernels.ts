/**
 * The per-spread arithmetic of the lean path, over the survivors, in two passes:
 *
 * - `computePrices`: net mid, natural, expected fill, max profit / loss, breakeven, PRICE_OUTSIDE_BOUNDS and
 *   STALE_QUOTE (cheap: a few flops per spread);
 * - `computeModel`: σ read off the smile at the breakeven, POP = N(±d2(BE)) and EV against the Black–Scholes value
 *   of the spread at σ_BE (the costly part: one log and five exps), run only when a row filter or the score needs it.
 *
 * Each expression is written exactly as spread-metrics.ts / probabilities.ts / black-scholes.ts evaluate it (same
 * operands, same order), with the per-leg and per-expiry pieces (ln(S/K), K·e^{−rT}, S·e^{−qT}, √T, r − q) taken
 * from the market table, so the results are bit-identical to the reference while no object is allocated.
 */
import { smileIvAt } from '../../chain/smile';
import { bsPrice } from '../../math/black-scholes';
import { normCdf } from '../../math/normal';
import { probAbove, probBelow } from '../../math/probabilities';
import { priceInsideBounds } from '../../spreads/spread-metrics';
import { LEG_CROSSED, type MarketTable, type SliceInfo } from './market-table';
import { BEAR_CALL, BULL_CALL, BULL_PUT, SP_CROSSED, SP_OUTSIDE_BOUNDS, SP_STALE, type SpreadTable } from './spread-table';

export interface PriceParams {
  k: number;
  quantity: number;
  /** Round-trip fees per spread × quantity. */
  fees: number;
  staleAfterMs: number;
  now: number;
}

export function computePrices(m: MarketTable, sp: SpreadTable, o: PriceParams): void {
  const { live, short: shortCol, long: longCol, type: typeCol, width: widthCol } = sp;
  const { mid: legMid, bid: legBid, ask: legAsk, ba: legBa, strike: legStrike, multiplier, quoteTime, bits: legBits } = m;
  const k = o.k;
  for (let n = 0; n < sp.liveCount; n++) {
    const i = live[n];
    const s = shortCol[i];
    const l = longCol[i];
    const type = typeCol[i];
    const width = widthCol[i];
    const halfSpread = (legBa[s] + legBa[l]) / 2;
    const scale = multiplier[s] * o.quantity;
    let mid: number;
    let p: number;
    let maxProfit: number;
    let maxLoss: number;
    let breakeven: number;
    if (type >= BULL_PUT) {
      mid = legMid[s] - legMid[l];
      sp.natural[i] = legBid[s] - legAsk[l];
      p = mid - k * halfSpread;
      maxProfit = p * scale - o.fees;
      maxLoss = (width - p) * scale + o.fees;
      breakeven = type === BULL_PUT ? legStrike[s] - p : legStrike[s] + p;
    } else {
      mid = legMid[l] - legMid[s];
      sp.natural[i] = legAsk[l] - legBid[s];
      p = mid + k * halfSpread;
      maxProfit = (width - p) * scale - o.fees;
      maxLoss = p * scale + o.fees;
      breakeven = type === BULL_CALL ? legStrike[l] + p : legStrike[l] - p;
    }
    sp.mid[i] = mid;
    sp.fill[i] = p;
    sp.maxProfit[i] = maxProfit;
    sp.maxLoss[i] = maxLoss;
    sp.breakeven[i] = breakeven;
    const quoteAgeMs = Math.max(0, o.now - Math.min(quoteTime[s], quoteTime[l]));
    sp.bits[i] =
      (!priceInsideBounds(p, width) ? SP_OUTSIDE_BOUNDS : 0) | (quoteAgeMs > o.staleAfterMs ? SP_STALE : 0) | (((legBits[s] | legBits[l]) & LEG_CROSSED) !== 0 ? SP_CROSSED : 0);
  }
}

/** Over the spreads idx[0..count). */
export function computeModel(m: MarketTable, sp: SpreadTable, idx: Int32Array, count: number, quantity: number, fees: number): void {
  const { short: shortCol, long: longCol, type: typeCol, slice: sliceCol, breakeven: beCol, fill } = sp;
  const { lnSK, kDr, multiplier } = m;
  const slices = m.slices;
  for (let n = 0; n < count; n++) {
    const i = idx[n];
    const s = shortCol[i];
    const l = longCol[i];
    const type = typeCol[i];
    const sl = slices[sliceCol[i]];
    const be = beCol[i];
    const sigma = sl.smile.strikes.length > 0 ? (smileIvAt(sl.smile, be) as number) : sl.fallbackIv;
    const bullish = type === BULL_CALL || type === BULL_PUT;
    const call = type === BULL_CALL || type === BEAR_CALL;
    const p = fill[i];
    let pop: number;
    let modelNet: number;
    if (sl.t > 0 && sigma > 0) {
      const sd = sigma * sl.sqrtT;
      // probabilities.ts d2At, with the level at the breakeven.
      if (bullish) pop = be > 0 ? normCdf((Math.log(sl.spot / be) + (sl.rmq - 0.5 * sigma * sigma) * sl.t) / sd) : 1;
      else pop = be > 0 ? normCdf(-((Math.log(sl.spot / be) + (sl.rmq - 0.5 * sigma * sigma) * sl.t) / sd)) : 0;
      // black-scholes.ts bsPrice, short − long, sharing the drift term.
      const drift = (sl.rmq + 0.5 * sigma * sigma) * sl.t;
      const d1s = (lnSK[s] + drift) / sd;
      const d1l = (lnSK[l] + drift) / sd;
      modelNet = call
        ? sl.spotDq * normCdf(d1s) - kDr[s] * normCdf(d1s - sd) - (sl.spotDq * normCdf(d1l) - kDr[l] * normCdf(d1l - sd))
        : kDr[s] * normCdf(-(d1s - sd)) - sl.spotDq * normCdf(-d1s) - (kDr[l] * normCdf(-(d1l - sd)) - sl.spotDq * normCdf(-d1l));
    } else {
      const ln = { spot: sl.spot, t: sl.t, rate: sl.u.rate, dividendYield: sl.u.dividendYield, vol: sigma };
      pop = bullish ? probAbove(be, ln) : probBelow(be, ln);
      modelNet = degenerateModelNet(m, sl, s, l, call, sigma);
    }
    sp.pop[i] = pop;
    const evPerShare = type >= BULL_PUT ? p - modelNet : -modelNet - p;
    sp.ev[i] = evPerShare * (multiplier[s] * quantity) - fees;
  }
}

/** t = 0 or σ = 0 (not reachable with the prepared chains' T floor and usable IVs): the reference functions. */
function degenerateModelNet(m: MarketTable, sl: SliceInfo, s: number, l: number, call: boolean, sigma: number): number {
  const base = { right: call ? ('C' as const) : ('P' as const), spot: sl.spot, t: sl.t, rate: sl.u.rate, dividendYield: sl.u.dividendYield, vol: sigma };
  return bsPrice({ ...base, strike: m.strike[s] }) - bsPrice({ ...base, strike: m.strike[l] });
}
