/**
 * The scanner's Prometheus metrics, on the given registry (prom-client's global one in the API, served at
 * /metrics). An earlier instance's metrics of the same names are replaced (tests build several apps per process).
 */
import type { ScanFreshLaneCounts, ScanFunnel } from '@ibsc/shared-dto';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { sharedWorkspace } from '../scan/lean/workspace';
import type { QuoteAgeSummary } from './quote-age';

export const SCANNER_METRIC_NAMES = [
  'scanner_scan_duration_seconds',
  'scanner_cycle_duration_seconds',
  'scanner_rows',
  'scanner_quotes_age_seconds',
  'scanner_funnel_rows',
  'scanner_quotes_total',
  'scanner_errors_total',
  'scanner_running',
  'scanner_time_to_first_rows_seconds',
  'scanner_warmup_seconds',
  'scanner_engine_workspace_bytes',
  'scanner_previews_total',
  'scanner_publishes_total',
  'scanner_quote_batches_total',
  'scanner_fresh_lane_quotes_total',
  'scanner_fresh_lane_messages_total',
  'scanner_scoring_thread',
  'scanner_scoring_worker_restarts_total',
  'scanner_scoring_wait_seconds',
] as const;


export class ScannerMetrics {
  private readonly scanDuration: Histogram;
  private readonly cycleDuration: Histogram;
  private readonly rows: Gauge;
  private readonly quoteAge: Gauge;
  private readonly funnel: Gauge;
  private readonly quotes: Counter;
  private readonly errors: Counter;
  private readonly running: Gauge;
  private readonly firstRowsAfter: Histogram;
  private readonly warmUp: Gauge;
  private readonly previews: Counter;
  private readonly publishes: Counter;
  private readonly batches: Counter;
  private readonly freshQuotes: Counter;
  private readonly freshMessages: Counter;
  private readonly scoringThreadGauge: Gauge;
  private readonly workerRestarts: Counter;
  private readonly scoringWait: Histogram;
  private freshSeen: ScanFreshLaneCounts | null = null;
  /** The scoring worker's engine workspace, as its last scoring reported (ADR 0025). */
  private workerWorkspaceBytes = 0;

  constructor(private readonly registry: Registry) {
    for (const name of SCANNER_METRIC_NAMES) registry.removeSingleMetric(name);
    const registers = [registry];
    this.scanDuration = new Histogram({
      name: 'scanner_scan_duration_seconds',
      help: 'Time of one scoring pass (enumerate, filter, score, rank the verticals) plus the merge into the table; scope: symbol (one symbol re-scored) or all (every chain held: new settings, filters or filter order)',
      labelNames: ['scope'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.cycleDuration = new Histogram({
      name: 'scanner_cycle_duration_seconds',
      help: 'Time of one acquisition cycle: chains, underlyings and option quotes of every symbol, within the line and rate budget',
      buckets: [1, 2.5, 5, 10, 20, 30, 60, 120, 300],
      registers,
    });
    this.rows = new Gauge({ name: 'scanner_rows', help: 'Rows in the current result set (after maxRows)', registers });
    this.quoteAge = new Gauge({ name: 'scanner_quotes_age_seconds', help: 'Age of the leg quotes behind the current rows: oldest and median', labelNames: ['stat'], registers });
    this.funnel = new Gauge({ name: 'scanner_funnel_rows', help: 'Rows left after each step of the last scan (the funnel), by step id', labelNames: ['step'], registers });
    this.quotes = new Counter({ name: 'scanner_quotes_total', help: 'Option quotes asked for, by outcome (quoted, no-market, not-quoted, error, aborted)', labelNames: ['outcome'], registers });
    this.errors = new Counter({ name: 'scanner_errors_total', help: 'Scan errors (per symbol and cycle), by code', labelNames: ['code'], registers });
    this.running = new Gauge({ name: 'scanner_running', help: '1 while a continuous scan runs', registers });
    this.firstRowsAfter = new Histogram({
      name: 'scanner_time_to_first_rows_seconds',
      help: 'Time from starting a continuous scan to its first rows',
      buckets: [0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120],
      registers,
    });
    this.publishes = new Counter({
      name: 'scanner_publishes_total',
      help: 'Result-table deltas published, by trigger: batch (an expiry batch of quotes, coalesced to at most N per second), cycle (the end of an acquisition cycle), settings (new filters or filter order)',
      labelNames: ['trigger'],
      registers,
    });
    this.batches = new Counter({ name: 'scanner_quote_batches_total', help: 'Expiry batches of option quotes completed (progressive acquisition)', registers });
    this.freshQuotes = new Counter({ name: 'scanner_fresh_lane_quotes_total', help: 'Leg quotes of the named and top rows refreshed between cycles by the fresh lane (ADR 0024), by source: stream (read from a streaming line, no message), rotation (a short stream, 2 messages), missed (a rotation without a bid/ask in time)', labelNames: ['source'], registers });
    this.freshMessages = new Counter({ name: 'scanner_fresh_lane_messages_total', help: 'Messages the fresh lane sent to the gateway (2 per held line or rotation), within its share of the request rate', registers });
    this.running.set(0);
    this.warmUp = new Gauge({ name: 'scanner_warmup_seconds', help: 'Scoring time of the last start-up warm-up of the scan engine (seeded chains, the scan\'s settings; once per process and settings)', registers });
    const worker = () => this.workerWorkspaceBytes;
    new Gauge({
      name: 'scanner_engine_workspace_bytes',
      help: "Memory held by the scan engines' shared typed columns, in the API's thread (previews) and the scoring worker's (reserved by the start-up warm-up, grown to the largest scoring; never shrunk)",
      registers,
      collect() {
        this.set(sharedWorkspace().bytes() + worker());
      },
    });
    this.scoringThreadGauge = new Gauge({ name: 'scanner_scoring_thread', help: "Where the scan's scoring runs (ADR 0025): 1 for the thread in use, worker (default) or main (SCAN_SCORING_THREAD=main)", labelNames: ['thread'], registers });
    this.workerRestarts = new Counter({ name: 'scanner_scoring_worker_restarts_total', help: 'Scoring worker threads that stopped unexpectedly (a new one starts with the next scoring, with every chain held)', registers });
    this.scoringWait = new Histogram({
      name: 'scanner_scoring_wait_seconds',
      help: "Time from asking for a scoring to its rows applied on the API's thread (the scoring in its thread, the transfers, the queue)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.previews = new Counter({ name: 'scanner_previews_total', help: 'Preview counts by outcome: ok, busy (429, another running), time / contracts (over budget), cancelled (caller went away), error', labelNames: ['outcome'], registers });
  }

  previewEnded(outcome: string): void {
    this.previews.inc({ outcome });
  }

  warmedUp(seconds: number): void {
    this.warmUp.set(seconds);
  }

  scanned(seconds: number, rows: number, ages: QuoteAgeSummary | null, funnel: ScanFunnel, scope: 'symbol' | 'all' = 'all'): void {
    this.scanDuration.observe({ scope }, seconds);
    this.rows.set(rows);
    if (ages) {
      this.quoteAge.set({ stat: 'oldest' }, ages.oldest);
      this.quoteAge.set({ stat: 'median' }, ages.median);
    }
    this.funnel.reset();
    this.funnel.set({ step: 'contracts_listed' }, funnel.contractsListed);
    this.funnel.set({ step: 'contracts_quoted' }, funnel.contractsQuoted);
    this.funnel.set({ step: 'candidates' }, funnel.candidates);
    for (const s of funnel.steps) this.funnel.set({ step: s.id }, s.after);
    this.funnel.set({ step: 'matched' }, funnel.matched);
    this.funnel.set({ step: 'returned' }, funnel.returned);
  }

  scoringThread(thread: 'worker' | 'main'): void {
    this.scoringThreadGauge.reset();
    this.scoringThreadGauge.set({ thread }, 1);
  }

  scoringWorkerRestarted(): void {
    this.workerRestarts.inc();
  }

  scoringWaited(seconds: number, workerWorkspaceBytes?: number): void {
    this.scoringWait.observe(seconds);
    if (workerWorkspaceBytes !== undefined) this.workerWorkspaceBytes = workerWorkspaceBytes;
  }

  published(trigger: 'batch' | 'cycle' | 'settings'): void {
    this.publishes.inc({ trigger });
  }

  quoteBatch(): void {
    this.batches.inc();
  }

  /** The fresh lane's cumulative counts (its scan's): the counters advance by what changed since the last call. */
  freshLane(now: ScanFreshLaneCounts): void {
    const was = this.freshSeen && this.freshSeen.messages <= now.messages ? this.freshSeen : { fromStreams: 0, fromRotation: 0, missed: 0, messages: 0 };
    const inc = (source: string, n: number) => n > 0 && this.freshQuotes.inc({ source }, n);
    inc('stream', now.fromStreams - was.fromStreams);
    inc('rotation', now.fromRotation - was.fromRotation);
    inc('missed', now.missed - was.missed);
    if (now.messages > was.messages) this.freshMessages.inc(now.messages - was.messages);
    this.freshSeen = { ...now };
  }

  firstRows(seconds: number): void {
    this.firstRowsAfter.observe(seconds);
  }

  cycle(seconds: number): void {
    this.cycleDuration.observe(seconds);
  }

  quoted(outcome: string, n: number): void {
    if (n > 0) this.quotes.inc({ outcome }, n);
  }

  error(code: string): void {
    this.errors.inc({ code });
  }

  setRunning(on: boolean): void {
    this.running.set(on ? 1 : 0);
  }

  dispose(): void {
    for (const name of SCANNER_METRIC_NAMES) this.registry.removeSingleMetric(name);
  }
}
