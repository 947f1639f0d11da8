/** IB's limits as the simulator enforces them; every one can be overridden in `startSimulator({ limits })`. */
export interface SimLimits {
  /** Concurrent market-data lines for the account (all clients together); IB's default allowance is 100. */
  marketDataLines: number;
  /** Client→server messages per second per connection (IB: 50). */
  messagesPerSecond: number;
  /** Consecutive one-second windows over the rate after which the connection is closed ("sustained"). */
  rateViolationSecondsBeforeDisconnect: number;
  /** Historical pacing, applied to bar sizes of at most `historicalPacedBarSeconds`. */
  historicalPacedBarSeconds: number;
  historicalIdenticalWindowMs: number;
  historicalSameContractMax: number;
  historicalSameContractWindowMs: number;
  historicalMaxPerWindow: number;
  historicalWindowMs: number;
  /** Simultaneous open historical requests (IB: 50). */
  historicalMaxOpen: number;
  /** A frame longer than this closes the connection. */
  maxFrameBytes: number;
  /** A client that lets this much outbound data pile up unread is disconnected. */
  maxOutboundBytes: number;
}

export const DEFAULT_LIMITS: SimLimits = {
  marketDataLines: 100,
  messagesPerSecond: 50,
  rateViolationSecondsBeforeDisconnect: 3,
  historicalPacedBarSeconds: 30,
  historicalIdenticalWindowMs: 15_000,
  historicalSameContractMax: 5,
  historicalSameContractWindowMs: 2_000,
  historicalMaxPerWindow: 60,
  historicalWindowMs: 10 * 60_000,
  historicalMaxOpen: 50,
  maxFrameBytes: 1 << 20,
  maxOutboundBytes: 16 << 20,
};

export function resolveLimits(overrides: Partial<SimLimits> | undefined): SimLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [k, v] of Object.entries(limits)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`limits.${k} must be a number ≥ 0`);
  }
  return limits;
}
