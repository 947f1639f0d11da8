/**
 * The spread score, 0–100, computed from the row's own fields only (so a client can reproduce it):
 *
 *   score = 100 · (w_edge·edge + w_pop·pop + w_liq·liquidity) · penalties
 *
 *   edge      = 1 / (1 + e^(−(EV / maxLoss) / 0.05))  EV per unit of risk at the expected fill, squashed:
 *               0.5 at EV = 0, 0.73 at +5 % of risk, 0.27 at −5 %. EV already charges the fill's slippage.
 *   pop       = risk-neutral POP (POP_METHOD).
 *   liquidity = 0.7 · e^(−(h / width) / 0.05) + 0.3 · min(1, log10(1 + min leg OI) / 3)
 *               h = |natural − mid|, the half-width of the spread's market; a market 5 % of the width wide
 *               scores 0.37 on that part. OI of 1000 or more on both legs scores the full 0.3; missing OI scores 0.
 *   penalties = × 0 with PRICE_OUTSIDE_BOUNDS (nonsense economics), × 0.8 with STALE_QUOTE, × 0.5 with CROSSED_QUOTE
 *               (only reachable under the 'penalize' crossed-quote policy: by default crossed legs are not priced).
 *
 * Default weights: edge 0.45, pop 0.30, liquidity 0.25. POP and return on risk pull against each other
 * (a fair credit spread has POP ≈ 1 − credit/width), so the score does not add return on risk separately:
 * EV per risk is the term that rewards a better price for the same probability.
 */
import type { SpreadRow } from '@ibsc/shared-dto';

export interface ScoreWeights {
  edge: number;
  pop: number;
  liquidity: number;
}

export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = { edge: 0.45, pop: 0.3, liquidity: 0.25 };
export const SCORE_VERSION = 2;
export const STALE_QUOTE_PENALTY = 0.8;
/** A crossed leg (bid > ask) makes the fill and EV fiction: half the score at most. */
export const CROSSED_QUOTE_PENALTY = 0.5;

export interface ScoreParts {
  edge: number;
  pop: number;
  liquidity: number;
  penalty: number;
  score: number;
}

export function scoreParts(row: SpreadRow, w: ScoreWeights = DEFAULT_SCORE_WEIGHTS): ScoreParts {
  const evPerRisk = row.maxLoss > 0 ? row.expectedValue / row.maxLoss : 0;
  const edge = 1 / (1 + Math.exp(-evPerRisk / 0.05));
  const pop = Math.min(1, Math.max(0, row.pop));
  const h = Math.abs(row.netNatural - row.netMid);
  const tight = Math.exp(-h / row.width / 0.05);
  const oi = row.short.openInterest === null || row.long.openInterest === null ? 0 : Math.min(row.short.openInterest, row.long.openInterest);
  const depth = Math.min(1, Math.log10(1 + oi) / 3);
  const liquidity = 0.7 * tight + 0.3 * depth;
  let penalty = 1;
  if (row.flags.includes('PRICE_OUTSIDE_BOUNDS')) penalty = 0;
  else if (row.flags.includes('STALE_QUOTE')) penalty = STALE_QUOTE_PENALTY;
  penalty = penalty * (row.flags.includes('CROSSED_QUOTE') ? CROSSED_QUOTE_PENALTY : 1);
  const total = w.edge + w.pop + w.liquidity;
  const score = total > 0 ? (100 * (w.edge * edge + w.pop * pop + w.liquidity * liquidity) * penalty) / total : 0;
  return { edge, pop, liquidity, penalty, score: Number.isFinite(score) ? score : 0 };
}

export function scoreSpread(row: SpreadRow, w: ScoreWeights = DEFAULT_SCORE_WEIGHTS): number {
  return scoreParts(row, w).score;
}
