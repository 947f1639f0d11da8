/**
 * The approximate score pass: for every survivor, an interval [lo, hi] that is guaranteed to hold its exact score
 * (scoring/spread-score.ts on the reference row), computed with the interpolation tables of fast-tables.ts instead
 * of five normCdf and two Math.exp calls. Only the spreads whose interval can reach the top maxRows are then
 * computed exactly (spread-kernels.ts computeModel, rank.ts computeScores), so the result is the exact one.
 *
 * The width of the interval propagates each table's error bound through the score's formula: POP by ε_N; the model
 * value of the spread by ε_N·(2·S·e^{−qT} + K_s·e^{−rT} + K_l·e^{−rT}) per share (plus rounding), so EV by that
 * × multiplier × quantity; the edge term by ¼·|ΔEV|/maxLoss/0.05 (the logistic is ¼-Lipschitz) plus its table's
 * error; the liquidity term by 0.7·ε_exp; then the weights. Anything not finite gets an unbounded interval (it is
 * computed exactly). A spread with PRICE_OUTSIDE_BOUNDS scores exactly 0.
 */
import type { ScoreWeights } from '../../scoring/spread-score';
import type { Smile } from '../../chain/smile';
import { EXP_NEG_ERROR, LOGISTIC_ERROR, NORM_CDF_ERROR, expNegFast, fastTables, logisticFast, normCdfFast } from './fast-tables';
import { LEG_OI_NULL, type MarketTable } from './market-table';
import { CROSSED_QUOTE_PENALTY, STALE_QUOTE_PENALTY } from '../../scoring/spread-score';
import { BEAR_CALL, BULL_CALL, BULL_PUT, SP_CROSSED, SP_OUTSIDE_BOUNDS, SP_STALE, type SpreadTable } from './spread-table';

/** Relative slack for floating-point rounding in the approximate arithmetic (far above what it can reach). */
const ROUNDING = 1e-12;

/**
 * `hint` (the previous run's threshold, or −∞) only saves work: a spread whose bound with the edge term at its
 * maximum is below it gets [−∞, that bound] without computing the model. The intervals stay valid whatever the hint,
 * so a stale hint costs time (more exact evaluations), never correctness.
 */
export function approximateScores(m: MarketTable, sp: SpreadTable, w: ScoreWeights, quantity: number, fees: number, hint: number): void {
  const { n: nt, s: st, e: et } = fastTables();
  const { live, short: shortCol, long: longCol, type: typeCol, slice: sliceCol, breakeven, fill, width, maxLoss, natural, mid, bits, lo, hi } = sp;
  const { lnSK, kDr, multiplier, oi, depth: legDepth, bits: legBits, smileHint } = m;
  const slices = m.slices;
  const total = w.edge + w.pop + w.liquidity;
  const absTotal = Math.abs(total);
  const errLiq = Math.abs(w.liquidity) * 0.7 * EXP_NEG_ERROR;
  const edgeMax = Math.max(0, w.edge);
  for (let n = 0; n < sp.liveCount; n++) {
    const i = live[n];
    const flags = bits[i];
    if ((flags & SP_OUTSIDE_BOUNDS) !== 0 || !(total > 0)) {
      lo[i] = 0; // penalty 0 (or no weights): the score is exactly 0
      hi[i] = 0;
      continue;
    }
    const s = shortCol[i];
    const l = longCol[i];
    const type = typeCol[i];
    const sl = slices[sliceCol[i]];
    const be = breakeven[i];
    const sigma = sl.smile.strikes.length > 0 ? smileIvNear(sl.smile, be, smileHint[s]) : sl.fallbackIv;
    const sd = sigma * sl.sqrtT;
    // POP.
    const d2 = (Math.log(sl.spot / be) + (sl.rmq - 0.5 * sigma * sigma) * sl.t) / sd;
    const bullish = type === BULL_CALL || type === BULL_PUT;
    const pop = be > 0 ? normCdfFast(nt, bullish ? d2 : -d2) : bullish ? 1 : 0;
    // Liquidity (exact inputs, table exp).
    const tight = expNegFast(et, Math.abs(natural[i] - mid[i]) / width[i] / 0.05);
    let depth: number;
    if (((legBits[s] | legBits[l]) & LEG_OI_NULL) !== 0) depth = 0;
    else depth = oi[s] <= oi[l] ? legDepth[s] : oi[l] < oi[s] ? legDepth[l] : Number.NaN;
    const liquidity = 0.7 * tight + 0.3 * depth;
    const penalty = ((flags & SP_STALE) !== 0 ? STALE_QUOTE_PENALTY : 1) * ((flags & SP_CROSSED) !== 0 ? CROSSED_QUOTE_PENALTY : 1);
    const popC = Math.min(1, Math.max(0, pop));
    // Stage 1: the edge term at its maximum bounds the score from above.
    const errPopLiq = ((100 * (Math.abs(w.pop) * NORM_CDF_ERROR + errLiq) * penalty) / absTotal) * (1 + 1e-9) + 1e-9;
    // (At least 0: a score that is not finite counts as 0.)
    const upper = Math.max(0, (100 * (edgeMax + w.pop * popC + w.liquidity * liquidity) * penalty) / total + errPopLiq);
    if (upper < hint && sigma > 0 && sl.t > 0) {
      lo[i] = Number.NEGATIVE_INFINITY;
      hi[i] = upper;
      continue;
    }
    // Model value of the spread (short − long) and EV.
    const drift = (sl.rmq + 0.5 * sigma * sigma) * sl.t;
    const d1s = (lnSK[s] + drift) / sd;
    const d1l = (lnSK[l] + drift) / sd;
    const modelNet =
      type === BULL_CALL || type === BEAR_CALL
        ? sl.spotDq * (normCdfFast(nt, d1s) - normCdfFast(nt, d1l)) - (kDr[s] * normCdfFast(nt, d1s - sd) - kDr[l] * normCdfFast(nt, d1l - sd))
        : kDr[s] * normCdfFast(nt, sd - d1s) - kDr[l] * normCdfFast(nt, sd - d1l) - sl.spotDq * (normCdfFast(nt, -d1s) - normCdfFast(nt, -d1l));
    const p = fill[i];
    const scale = multiplier[s] * quantity;
    const ev = (type >= BULL_PUT ? p - modelNet : -modelNet - p) * scale;
    const modelErr = (NORM_CDF_ERROR * (2 * sl.spotDq + kDr[s] + kDr[l]) + ROUNDING * (sl.spotDq + kDr[s] + kDr[l])) * Math.abs(scale);
    const evFees = ev - fees;
    const errEv = modelErr + ROUNDING * (Math.abs(p * scale) + Math.abs(fees) + Math.abs(evFees));
    // Edge.
    const risk = maxLoss[i];
    let edge = 0.5;
    let errEdge = 0;
    if (risk > 0) {
      edge = logisticFast(st, evFees / risk / 0.05);
      errEdge = Math.min(1, (0.25 * errEv) / risk / 0.05) + LOGISTIC_ERROR;
    }
    const score = (100 * (w.edge * edge + w.pop * popC + w.liquidity * liquidity) * penalty) / total;
    const err = ((100 * (Math.abs(w.edge) * errEdge + Math.abs(w.pop) * NORM_CDF_ERROR + errLiq) * penalty) / absTotal) * (1 + 1e-9) + 1e-9;
    if (Number.isFinite(score) && Number.isFinite(err) && sigma > 0 && sl.t > 0) {
      lo[i] = score - err;
      hi[i] = score + err;
    } else {
      lo[i] = Number.NEGATIVE_INFINITY;
      hi[i] = Number.POSITIVE_INFINITY;
    }
  }
}

/**
 * smile.ts smileIvAt for a non-empty smile, searching from a hint (the short leg's bracket: the breakeven is a few
 * strikes away at most). The bracket found is the same unique one the binary search finds (the last point at or
 * below the level), and the interpolation is the same expression, so σ is the same number.
 */
function smileIvNear(smile: Smile, level: number, hint: number): number {
  const ks = smile.strikes;
  const ivs = smile.ivs;
  const n = ks.length;
  if (level <= ks[0]) return ivs[0];
  if (level >= ks[n - 1]) return ivs[n - 1];
  let lo = hint;
  while (lo > 0 && ks[lo] > level) lo--;
  while (lo < n - 2 && ks[lo + 1] <= level) lo++;
  const w = (level - ks[lo]) / (ks[lo + 1] - ks[lo]);
  return ivs[lo] + w * (ivs[lo + 1] - ivs[lo]);
}
