/**
 * The budget of a preview count (`POST /scan/preview-count`, viewer role): it quotes chains the scan does not hold,
 * so it is bounded in time and in contracts, stops when its caller goes away, and runs one at a time (ADR 0012).
 */
export interface PreviewBudget {
  /** Wall time allowed for one preview. Default 10 s. */
  timeoutMs?: number;
  /** Contracts it may quote (over the symbols the scan does not hold). Default 2,000. */
  maxContracts?: number;
  /** Aborted when the caller goes away (the HTTP request closed). */
  signal?: AbortSignal;
}

export const PREVIEW_DEFAULT_TIMEOUT_MS = 10_000;
export const PREVIEW_DEFAULT_MAX_CONTRACTS = 2_000;

/** Another preview is running: the API answers 429 with Retry-After. */
export class PreviewBusyError extends Error {
  readonly code = 'PREVIEW_BUSY';
  constructor() {
    super('another preview count is running; try again in a moment');
    this.name = 'PreviewBusyError';
  }
}

/** The preview went over its time or contract budget, or its caller went away: nothing more is quoted. */
export class PreviewBudgetError extends Error {
  readonly code = 'PREVIEW_BUDGET_EXCEEDED';
  constructor(
    readonly reason: 'time' | 'contracts' | 'cancelled',
    message: string,
  ) {
    super(message);
    this.name = 'PreviewBudgetError';
  }
}
