/**
 * The plan's backpressure tiers on the request queue, as a signal the scanner reads:
 * 0–25 normal, 26–50 elevated, 51–75 high, 76–100 critical (slower each), and above 100 paused until the queue
 * falls below 50 (hysteresis, so the scanner does not flap at the edge).
 */
export type BackpressureLevel = 'normal' | 'elevated' | 'high' | 'critical' | 'paused';

export interface BackpressureSignal {
  level: BackpressureLevel;
  /** 0 (normal) … 4 (paused). */
  tier: 0 | 1 | 2 | 3 | 4;
  queueDepth: number;
  /** True while producers of optional work (the scanner) should not submit. */
  paused: boolean;
  /** Multiply the producer's pause between batches by this (Infinity when paused). */
  slowdown: number;
}

const LEVELS: readonly BackpressureLevel[] = ['normal', 'elevated', 'high', 'critical', 'paused'];
const SLOWDOWN = [1, 1.5, 2, 4, Number.POSITIVE_INFINITY];

export class BackpressureTiers {
  private pausedNow = false;

  constructor(
    private readonly pauseAbove = 100,
    private readonly resumeBelow = 50,
  ) {}

  evaluate(queueDepth: number): BackpressureSignal {
    if (queueDepth > this.pauseAbove) this.pausedNow = true;
    else if (queueDepth < this.resumeBelow) this.pausedNow = false;
    const tier: BackpressureSignal['tier'] = this.pausedNow ? 4 : queueDepth <= 25 ? 0 : queueDepth <= 50 ? 1 : queueDepth <= 75 ? 2 : 3;
    return { level: LEVELS[tier], tier, queueDepth, paused: tier === 4, slowdown: SLOWDOWN[tier] };
  }
}
