/**
 * The fill model's random choices, deterministic for a seed: whether a limit between mid and natural fills on a
 * trial, and how much of an order one fill takes.
 */
import { mulberry32 } from '@ibsc/option-math';
import type { FillModelConfig } from './order-types';

export class FillModel {
  private readonly rand: () => number;

  constructor(private readonly cfg: FillModelConfig) {
    this.rand = mulberry32(cfg.seed);
  }

  /** One trial for a limit resting between mid and natural. */
  midTrialFills(): boolean {
    const p = this.cfg.midFillProbability;
    if (p >= 1) return true;
    if (p <= 0) return false;
    return this.rand() < p;
  }

  /**
   * Quantity of the next fill of an order with `remaining` units left (whole units; a fractional remainder fills
   * at once). With probability `partialFillProbability`, and only when more than one unit is left, the fill is
   * partial: between 1 and remaining − 1 units, uniformly.
   */
  sliceQuantity(remaining: number): number {
    if (remaining <= 1) return remaining;
    const p = this.cfg.partialFillProbability;
    const partial = p >= 1 ? true : p <= 0 ? false : this.rand() < p;
    if (!partial) return remaining;
    const whole = Math.floor(remaining);
    if (whole <= 1) return remaining;
    return 1 + Math.floor(this.rand() * (whole - 1));
  }
}
