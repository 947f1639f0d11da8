/**
 * IBKR Pro "fixed"-style commissions: options $0.65 per contract, stock $0.005 per share, with a per-order minimum
 * ($1.00) charged cumulatively, so the minimum applies to the order as a whole and not to each partial execution.
 * Exchange, regulatory and clearing fees are not modelled.
 */
import type { CommissionConfig } from './order-types';

export interface CommissionLeg {
  secType: 'STK' | 'OPT';
  /** Contracts or shares in this execution. */
  quantity: number;
}

/** Commission of the whole order for a cumulative quantity traded per leg (one element per leg). */
export function orderCommission(cfg: CommissionConfig, legs: CommissionLeg[]): number {
  let raw = 0;
  for (const l of legs) raw += l.quantity * (l.secType === 'OPT' ? cfg.perContract : cfg.perShare);
  if (raw === 0) return 0;
  return Math.max(raw, cfg.minPerOrder);
}

/**
 * Commission of one fill slice, split over its leg executions. `before` is what the order was charged so far;
 * the slice pays what brings the total to `orderCommission` of the cumulative quantities. The split is
 * proportional to each leg's raw commission; the last leg takes the rounding remainder.
 */
export function sliceCommissions(
  cfg: CommissionConfig,
  cumulative: CommissionLeg[],
  slice: CommissionLeg[],
  before: number,
): number[] {
  const total = round4(Math.max(0, orderCommission(cfg, cumulative) - before));
  const raws = slice.map((l) => l.quantity * (l.secType === 'OPT' ? cfg.perContract : cfg.perShare));
  const rawSum = raws.reduce((a, b) => a + b, 0);
  if (slice.length === 0) return [];
  const out: number[] = [];
  let assigned = 0;
  slice.forEach((_, i) => {
    if (i === slice.length - 1) {
      out.push(round4(total - assigned));
    } else {
      const part = rawSum > 0 ? round4((total * raws[i]) / rawSum) : 0;
      out.push(part);
      assigned += part;
    }
  });
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
