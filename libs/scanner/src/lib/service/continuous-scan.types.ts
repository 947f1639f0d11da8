/** The continuous scan's settings, options, events and errors (continuous-scan.service.ts). */
import type { ScanDeltaEvent, ScanErrorEvent, ScanFilters, ScanSnapshotEvent, ScanStatus, SpreadType } from '@ibsc/shared-dto';
import type { CrossedQuotePolicy } from '../chain/prepared-chain';
import type { FieldProblem } from '../scan/request-check';
import type { VisibleLegStreams } from '../acquisition/visible-legs';
import type { FreshRows } from '../acquisition/fresh-rows';
import type { ScoringBackend, ScoringThread } from '../worker/scoring-backend';
import type { ScannerMetrics } from './scanner.metrics';

/** What a scan runs with: the request DTO's plain shape. */
export interface ScanSettings {
  symbols: string[];
  spreadTypes: SpreadType[];
  widths: number[];
  k?: number;
  filters?: ScanFilters;
  maxRows?: number;
  presetId?: string;
}

export interface ContinuousScanOptions {
  /** Risk-free rate, continuously compounded. Default DEFAULT_RISK_FREE_RATE (0.045). */
  rate?: number;
  /** Legs with bid > ask: 'exclude' (default) or 'penalize' (ScanConfig.crossedQuotes). */
  crossedQuotes?: CrossedQuotePolicy;
  /** Pause between full cycles. Default 1 s. */
  cyclePauseMs?: number;
  staleAfterMs?: number;
  /** How the quote source acquires quotes (reported in the status). */
  quoteMode?: string;
  /** Called when the scan stops (release the sources' lines). */
  release?: () => void;
  metrics?: ScannerMetrics;
  /**
   * Warm the scan engine on a seeded chain with the scan's settings when a scan starts (once per process and
   * settings; chunked, alongside the first acquisition), so the first scorings run optimized code (warm-up.ts).
   * Default true.
   */
  warmUp?: boolean;
  /**
   * Quote only the contracts whose spreads could reach the top maxRows, estimated from a few anchor strikes per
   * expiry (ADR 0017). Default true; false quotes every pre-filter candidate. Preview counts never prune.
   */
  prune?: boolean;
  /** Score points of model error the pruning allows for. Default DEFAULT_PRUNE_MARGIN. */
  pruneMargin?: number;
  /** Streaming lines for the legs of the rows a trader sees (setVisible, the top of the table); ADR 0017. */
  visibleLegs?: VisibleLegStreams;
  /** The fresh lane: keeps the top rows' and the named rows' leg quotes young between cycles (ADR 0024). */
  freshRows?: FreshRows;
  /** Publications of the table per second at most while expiry batches arrive (publish-throttle.ts). Default 4. */
  publishesPerSecond?: number;
  /** Contracts per expiry batch at most (expiry-batches.ts). Default 120. */
  batchContracts?: number;
  /**
   * Where the scoring and the pruning estimate run (ADR 0025): 'worker' (default: a worker thread, so the API's
   * event loop stays free) or 'main'. Ignored when `scoring` is given.
   */
  scoringThread?: ScoringThread;
  scoring?: ScoringBackend;
}

export type ScanEvent =
  | { type: 'snapshot'; snapshot: ScanSnapshotEvent }
  | { type: 'delta'; delta: ScanDeltaEvent }
  | { type: 'status'; status: ScanStatus }
  | { type: 'error'; error: ScanErrorEvent };

/** A request the chains cannot serve (unknown symbol, DTE beyond every expiry): the API answers 400. */
export class ScanRequestError extends Error {
  readonly code = 'INVALID_SCAN_REQUEST';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.problems.join('; ')).join('; '));
    this.name = 'ScanRequestError';
  }
}

/** The sources are not there (the API runs without a gateway connection): the API answers 503. */
export class ScannerUnavailableError extends Error {
  readonly code = 'SCANNER_UNAVAILABLE';
}
