import type { Clock } from '../clock';
import type { SimLimits } from '../server/sim-limits';

export interface PacedRequest {
  /** Contract + exchange + whatToShow (IB: "same Contract, Exchange and Tick Type"). */
  contractKey: string;
  /** Everything that makes two requests identical. */
  identityKey: string;
  barSeconds: number;
  /** BID_ASK counts twice. */
  weight: number;
}

/**
 * IB's historical-data pacing rules for small bars (historical_limitations page): no identical request within
 * 15 s, no 6 or more requests for one contract/tick type within 2 s, at most 60 requests in 10 minutes.
 * Only accepted requests are counted. Requests for bars larger than the paced size are never refused here.
 */
export class HistoricalPacing {
  private readonly log: { at: number; contractKey: string; identityKey: string; weight: number }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly limits: SimLimits,
  ) {}

  /** Returns true and records the request if it may go ahead. */
  admit(req: PacedRequest): boolean {
    if (req.barSeconds > this.limits.historicalPacedBarSeconds) return true;
    const now = this.clock.now();
    const horizon = Math.max(
      this.limits.historicalWindowMs,
      this.limits.historicalIdenticalWindowMs,
      this.limits.historicalSameContractWindowMs,
    );
    while (this.log.length && now - this.log[0].at >= horizon) this.log.shift();
    let identical = false;
    let sameContract = 0;
    let total = 0;
    for (const e of this.log) {
      const age = now - e.at;
      if (age < this.limits.historicalIdenticalWindowMs && e.identityKey === req.identityKey) identical = true;
      if (age < this.limits.historicalSameContractWindowMs && e.contractKey === req.contractKey) sameContract += e.weight;
      if (age < this.limits.historicalWindowMs) total += e.weight;
    }
    if (identical) return false;
    if (sameContract + req.weight > this.limits.historicalSameContractMax) return false;
    if (total + req.weight > this.limits.historicalMaxPerWindow) return false;
    this.log.push({ at: now, contractKey: req.contractKey, identityKey: req.identityKey, weight: req.weight });
    return true;
  }
}
