/**
 * The continuous scan: one scan for the whole console (the market-data lines and the message rate are the
 * account's, so two scans would only halve each other). Start, stop, status; cycles over the symbols, acquiring
 * each chain through the sources (pre-filter → quotes within the budget, in expiry batches nearest first: ADR 0018;
 * chain-acquisition.ts),
 * re-scoring that symbol alone as each batch of fresh quotes arrives (coalesced: at most a few publications a second) and merging its rows with the other symbols' (`IncrementalScan`: the ranking and the maxRows cut are
 * those of a full re-score; settings, filters or a new learned filter order re-score every chain held once), and
 * publishing the result set as a full snapshot followed by deltas with sequence numbers (`ScanTable`, scan-table.ts). A client that missed a delta calls `resync(lastSeq)`. Status and errors are events too.
 *
 * Transport-free: events go out on `events$` (an RxJS observable); the API relays them to Socket.IO.
 */
import {
  SCAN_DEFAULT_K,
  type ScanFilters,
  type ScanFunnel,
  type ScanHealth,
  type ScanResyncReply,
  type ScanSnapshotEvent,
  type ScanState,
  type ScanStatus,
} from '@ibsc/shared-dto';
import type { Clock } from '@ibsc/ibkr';
import { Observable, Subject } from 'rxjs';
import { DEFAULT_RISK_FREE_RATE } from '../chain/option-chain';
import { DEFAULT_CROSSED_QUOTES } from '../chain/prepared-chain';
import { checkRequestAgainstChains, type FieldProblem } from '../scan/request-check';
import { ScanEngine } from '../scan/scan-engine';
import { DEFAULT_STALE_AFTER_MS } from '../spreads/spread-metrics';
import { UnknownSymbolError, type MarketSources } from '../sources/market-sources';
import { clockDelay } from '../ibkr/ibkr-ports';
import type { HeldChain } from './held-scoring';
import { createScoringBackend, type ScoringBackend } from '../worker/scoring-backend';
import type { ScoreReply } from '../worker/scoring-host';
import { ScoringQueue, type ScoreTrigger } from './scoring-queue';
import { acquisitionCounts, pruneSettingsFor } from './scan-pruning';
import { MAX_VISIBLE_IDS, visibleLegs } from './visible-rows';
import { applyFreshQuotes } from '../acquisition/fresh-overlay';
import { FirstCycleProgress } from './first-cycle-progress';
import { ChainAcquisition } from './chain-acquisition';
import { PublishThrottle } from './publish-throttle';
import type { ScanResultsPage, ScanResultsQuery } from './scan-results';
import { ScanTable } from './scan-table';
import type { PreviewBudget } from './preview-budget';
import { PreviewCounter, type PreviewCountResult } from './preview-count';
import { ScannerUnavailableError, ScanRequestError, type ContinuousScanOptions, type ScanEvent, type ScanSettings } from './continuous-scan.types';

export * from './continuous-scan.types';

interface Run {
  settings: ScanSettings;
  abort: AbortController;
  done: Promise<void>;
  /** The start-up warm-up (never rejects); the first scoring waits for it. */
  warm: Promise<void>;
}


export class ContinuousScanService {
  private readonly subject = new Subject<ScanEvent>();
  /** Every scan event, in order. */
  readonly events$: Observable<ScanEvent> = this.subject.asObservable();
  private readonly table: ScanTable;
  private readonly chains = new Map<string, HeldChain>();
  private run: Run | null = null;
  private readonly scoring: ScoringBackend;
  /** The backend has the settings of the scan (start or setFilters). */
  private configured = false;
  private readonly scores: ScoringQueue;
  private readonly previews: PreviewCounter;
  private settingsNow: ScanSettings | null = null;
  private state: ScanState = 'idle';
  private startedAt: number | null = null;
  /** Set by start(), cleared by the first rescore with rows (the time-to-first-rows metric). */
  private awaitingFirstRows = false;
  private lastScanAt: number | null = null;
  private lastScanMs: number | null = null;
  private lastCycleMs: number | null = null;
  private scans = 0;
  private errors = 0;
  private cycleFailed = false;
  private funnel: ScanFunnel | null = null;
  private message: string | null = null;
  private visibleIds: readonly string[] = [];
  /** Expiry batches re-score and publish through it (coalesced). */
  private readonly throttle: PublishThrottle;
  private readonly acquisition: ChainAcquisition;
  private progress: FirstCycleProgress | null = null;
  private firstRowsMs: number | null = null;

  constructor(
    private readonly sources: MarketSources | null,
    private readonly clock: Clock,
    private readonly options: ContinuousScanOptions = {},
  ) {
    this.table = new ScanTable(() => clock.now());
    this.throttle = new PublishThrottle(clock, (symbols, flushed) => this.publishBatches(symbols, flushed), options.publishesPerSecond);
    this.acquisition = new ChainAcquisition({ sources: () => this.need(), clock, options, chains: this.chains, throttle: this.throttle });
    this.scoring =
      options.scoring ??
      createScoringBackend(options.scoringThread, {
        failed: (reason) => {
          options.metrics?.scoringWorkerRestarted();
          this.fail('SCORING_WORKER_STOPPED', `the scoring worker stopped (${reason}); a new one starts with the next scoring`, null);
        },
      });
    options.metrics?.scoringThread(this.scoring.thread);
    this.previews = new PreviewCounter({
      clock,
      metrics: options.metrics,
      check: async (settings) => {
        const problems = await this.validate(settings);
        if (problems.length) throw new ScanRequestError(problems);
      },
      sources: () => this.need(),
      held: (symbol) => this.chains.get(symbol),
      acquireOptions: (settings) => this.acquisition.options(settings),
      engine: (settings) => this.newEngine(settings),
    });
    this.scores = new ScoringQueue(this.scoring, {
      input: () => (this.settingsNow ? { symbols: this.settingsNow.symbols, chains: this.chains, now: this.clock.now() } : null),
      applied: (reply, now, trigger, waitedMs) => {
        this.applyScore(reply, now, trigger);
        this.options.metrics?.scoringWaited(waitedMs / 1000, this.scoring.thread === 'worker' ? reply.workspaceBytes : undefined);
      },
      failed: (e) => this.fail('SCORING_FAILED', e instanceof Error ? e.message : String(e), null),
      after: () => this.afterScore(),
    });
  }

  // ------------------------------------------------------------------ queries

  status(): ScanStatus {
    const now = this.clock.now();
    const oldest = this.table.oldestQuoteAgeMs(now);
    return {
      state: this.state,
      startedAt: iso(this.startedAt),
      lastScanAt: iso(this.lastScanAt),
      scans: this.scans,
      lastScanMs: this.lastScanMs,
      symbols: this.settingsNow?.symbols ?? [],
      rows: this.table.rows.length,
      seq: this.table.seq,
      funnel: this.funnel,
      message: this.message,
      health: this.health(oldest),
      quoteMode: this.options.quoteMode ?? null,
      lastCycleMs: this.lastCycleMs,
      oldestQuoteAgeMs: oldest,
      errors: this.errors,
      riskFreeRate: this.options.rate ?? DEFAULT_RISK_FREE_RATE,
      crossedQuotes: this.options.crossedQuotes ?? DEFAULT_CROSSED_QUOTES,
      acquisition: acquisitionCounts(this.chains.values(), this.options.visibleLegs?.stats().streaming),
      freshLane: this.options.freshRows?.stats() ?? null,
      firstCycle: this.run ? (this.progress?.snapshot() ?? null) : null,
      firstRowsMs: this.firstRowsMs,
    };
  }

  /** The settings of the running scan (or of the last one). */
  settings(): ScanSettings | null {
    return this.settingsNow;
  }

  snapshot(): ScanSnapshotEvent {
    return this.table.snapshot(this.funnel);
  }

  /** What a client that applied everything up to `lastSeq` needs: the missed deltas while held, else a snapshot. */
  resync(lastSeq: number | null): ScanResyncReply {
    return this.table.resync(lastSeq, this.funnel);
  }

  results(query: ScanResultsQuery): ScanResultsPage {
    return this.table.page(query);
  }

  /** The sequence number of the latest delta: the result set changes only with it (the results ETag). */
  get seq(): number {
    return this.table.seq;
  }

  // ------------------------------------------------------------------ commands

  /**
   * Checks the request against the chains (unknown symbols, a DTE window beyond every expiry); loads the chains it
   * needs (cached for the day). Returns the problems, empty when fine.
   */
  async validate(settings: ScanSettings): Promise<FieldProblem[]> {
    const sources = this.need();
    const defs = new Map<string, Awaited<ReturnType<typeof sources.chains.definition>>>();
    await Promise.all(
      settings.symbols.map((s) =>
        sources.chains.definition(s).then(
          (d) => void defs.set(s, d),
          (e: unknown) => {
            if (!(e instanceof UnknownSymbolError)) throw e;
          },
        ),
      ),
    );
    return checkRequestAgainstChains(settings, defs, this.clock.now());
  }

  /** Starts (or restarts with new settings: the sequence continues, rows no longer matching are removed). */
  async start(settings: ScanSettings): Promise<ScanStatus> {
    const problems = await this.validate(settings);
    if (problems.length) throw new ScanRequestError(problems);
    if (this.run) await this.halt();
    this.settingsNow = settings;
    this.scoring.configure(this.scanConfig(settings));
    this.configured = true;
    for (const s of [...this.chains.keys()]) if (!settings.symbols.includes(s)) this.chains.delete(s);
    this.startedAt = this.clock.now();
    this.awaitingFirstRows = true;
    this.firstRowsMs = null;
    this.progress = new FirstCycleProgress(settings.symbols);
    if (this.sources) this.acquisition.estimate(settings, this.progress, this.sources);
    this.scans = 0;
    this.errors = 0;
    this.message = null;
    this.setState('starting');
    this.options.metrics?.setRunning(true);
    const abort = new AbortController();
    const run: Run = { settings, abort, done: Promise.resolve(), warm: this.warmUp(settings) };
    run.done = this.loop(run).catch((e: unknown) => {
      this.fail('SCAN_FAILED', e instanceof Error ? e.message : String(e), null);
      this.setState('error');
    });
    this.run = run;
    const fresh = this.options.freshRows;
    fresh?.start((quotes) => {
      for (const symbol of applyFreshQuotes(this.chains, quotes)) this.throttle.request(symbol);
      this.options.metrics?.freshLane(fresh.stats());
    });
    return this.status();
  }

  /**
   * The rows a client shows or has selected (row ids, most important first; validated by the API): their legs and
   * the top of the table are kept on streaming lines and quoted first (ADR 0017). Replaces the previous list.
   */
  setVisible(rowIds: readonly string[]): void {
    this.visibleIds = rowIds.slice(0, MAX_VISIBLE_IDS);
    this.syncVisible();
  }

  private syncVisible(): void {
    this.options.visibleLegs?.setWanted(visibleLegs(this.table.rows, this.visibleIds, undefined, (id) => this.table.row(id)));
    this.options.freshRows?.setRows(this.table.rows, this.visibleIds);
  }

  async stop(): Promise<ScanStatus> {
    this.options.visibleLegs?.clear();
    if (this.run) {
      this.setState('stopping');
      await this.halt();
    }
    this.options.release?.();
    this.chains.clear();
    this.scores.clear();
    const delta = this.table.clear();
    if (delta) this.subject.next({ type: 'delta', delta });
    this.options.metrics?.setRunning(false);
    this.setState('idle');
    return this.status();
  }

  /** Replaces the filters of the running scan (re-scored at once on the chains held) or of the next start. */
  async setFilters(filters: ScanFilters): Promise<ScanStatus> {
    const base = this.settingsNow;
    if (!base) {
      this.settingsNow = { symbols: [], spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [5], filters };
      return this.status();
    }
    const next = { ...base, filters };
    if (this.run) {
      const problems = await this.validate(next);
      if (problems.length) throw new ScanRequestError(problems);
      this.run.settings = next;
      this.settingsNow = next;
      this.scoring.configure(this.scanConfig(next));
      // Answered once the table is re-scored on the new filters (a client reading right after sees them applied).
      await this.rescore(null, 'settings');
    } else {
      this.settingsNow = next;
    }
    return this.status();
  }

  /** A preview count is running (one at a time). */
  previewRunning(): boolean {
    return this.previews.running();
  }

  /** How many spreads `settings` matches now (preview-count.ts); publishes nothing. */
  previewCount(settings: ScanSettings, budget: PreviewBudget = {}): Promise<PreviewCountResult> {
    return this.previews.count(settings, budget);
  }

  /** Stops the loop without publishing (module shutdown). */
  async dispose(): Promise<void> {
    this.options.visibleLegs?.clear();
    if (this.run) await this.halt();
    this.scores.clear();
    this.options.release?.();
    await this.scoring.dispose();
    this.subject.complete();
  }

  // ------------------------------------------------------------------ loop

  private async loop(run: Run): Promise<void> {
    this.need(); // without market sources the run fails at once
    const signal = run.abort.signal;
    while (!signal.aborted) {
      const t0 = this.clock.now();
      let ok = 0;
      const prune = pruneSettingsFor(this.scanConfig(run.settings), this.options, this.options.visibleLegs && ((c) => this.options.visibleLegs?.order(c) ?? c), (inputs) => this.scoring.plan(inputs));
      for (const symbol of run.settings.symbols) {
        if (signal.aborted) return;
        try {
          const a = await this.acquisition.symbol(symbol, run.settings, signal, prune, this.scans === 0 ? this.progress : null);
          if (signal.aborted) return;
          this.acquisition.record(symbol, a);
          ok++;
        } catch (e) {
          if (signal.aborted) return;
          this.fail(e instanceof UnknownSymbolError ? e.code : 'ACQUISITION_FAILED', e instanceof Error ? e.message : String(e), symbol);
        }
        if (this.scans === 0) this.progress?.symbolDone();
        await run.warm;
        if (signal.aborted) return;
        // A symbol whose acquisition failed keeps its last chain: re-scored too, so its rows age and turn stale.
        this.throttle.request(symbol);
      }
      this.throttle.flush();
      if (signal.aborted) return;
      // The filter order learned over the cycle, adopted between cycles (every chain held re-scored once in it).
      this.rescore([], 'settings', true);
      this.cycleFailed = ok === 0;
      this.scans++;
      this.progress?.end();
      this.lastCycleMs = this.clock.now() - t0;
      this.options.metrics?.cycle(this.lastCycleMs / 1000);
      if (this.state === 'starting') this.setState(this.cycleFailed ? 'error' : 'running');
      else this.emitStatus();
      await clockDelay(this.clock, this.options.cyclePauseMs ?? 1_000, signal);
    }
  }

  /** The throttle's publication: the symbols whose batches arrived since the last one, re-scored and merged. */
  private publishBatches(symbols: string[], flushed: boolean): Promise<void> | undefined {
    if (!this.run) return undefined;
    return this.rescore(symbols, flushed ? 'cycle' : 'batch');
  }

  /** After a scoring's rows are applied: the streams follow the rows, the status the progress. */
  private afterScore(): void {
    if (!this.run) return;
    this.syncVisible();
    if (this.state === 'starting' && this.chains.size > 0) this.setState('running');
    else if (this.progress?.snapshot()) this.emitStatus();
  }

  /**
   * Re-scores the `changed` symbols' chains alone (null: every chain held; `adopt`: the filter order learned over
   * the cycle first), merges the rows of every symbol held and publishes the delta (if anything changed). The
   * scoring runs in the scoring backend's thread (ADR 0025), one at a time: what is asked for meanwhile is merged
   * into the next. `lastScanMs` is the scoring plus the merge, in that thread.
   */
  private rescore(changed: string[] | null, trigger: ScoreTrigger, adopt = false): Promise<void> | undefined {
    if (!this.configured || !this.settingsNow) return undefined;
    return this.scores.request(changed, trigger, adopt);
  }

  private applyScore(reply: ScoreReply, now: number, trigger: ScoreTrigger): void {
    this.funnel = reply.funnel;
    this.lastScanMs = Math.round(reply.ms * 1000) / 1000;
    this.lastScanAt = now;
    const delta = this.table.apply(reply.changed, reply.order);
    this.options.metrics?.scanned(reply.ms / 1000, reply.rows, reply.ages, reply.funnel, reply.scope);
    if (this.awaitingFirstRows && this.table.rows.length > 0 && this.startedAt !== null) {
      // From the start to the rows published (after the scoring's round trip).
      this.awaitingFirstRows = false;
      this.firstRowsMs = this.clock.now() - this.startedAt;
      this.options.metrics?.firstRows(this.firstRowsMs / 1000);
    }
    if (delta) {
      this.options.metrics?.published(trigger);
      this.subject.next({ type: 'delta', delta });
    }
  }

  /** Resolves when no scoring is in flight or queued (tests, shutdown). */
  async settled(): Promise<void> {
    await this.scores.settled();
  }

  private async halt(): Promise<void> {
    const run = this.run;
    if (!run) return;
    run.abort.abort();
    this.options.freshRows?.stop();
    this.throttle.cancel();
    await run.done;
    this.throttle.cancel();
    this.run = null;
  }

  private newEngine(s: ScanSettings): ScanEngine {
    return new ScanEngine(this.scanConfig(s));
  }

  private async warmUp(s: ScanSettings): Promise<void> {
    if (this.options.warmUp === false) return;
    // A failed warm-up (the worker stopped meanwhile) is only a missed optimization.
    const ms = await this.scoring.warmUp(this.scanConfig(s), this.clock.now()).catch(() => null);
    if (ms !== null) this.options.metrics?.warmedUp(ms / 1000);
  }

  private scanConfig(s: ScanSettings) {
    return { spreadTypes: s.spreadTypes, widths: s.widths, k: s.k ?? SCAN_DEFAULT_K, filters: s.filters, maxRows: s.maxRows, staleAfterMs: this.options.staleAfterMs, crossedQuotes: this.options.crossedQuotes };
  }

  private need(): MarketSources {
    if (!this.sources) throw new ScannerUnavailableError('the scanner has no market sources: the API runs without a gateway connection');
    return this.sources;
  }

  private health(oldestAgeMs: number | null): ScanHealth {
    if (this.state === 'idle' || this.state === 'stopping') return 'idle';
    if (this.state === 'error' || this.cycleFailed) return 'error';
    if (oldestAgeMs !== null && oldestAgeMs > (this.options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS)) return 'stale';
    return 'ok';
  }

  private fail(code: string, message: string, symbol: string | null): void {
    this.errors++;
    this.message = symbol ? `${symbol}: ${message}` : message;
    this.options.metrics?.error(code);
    this.subject.next({ type: 'error', error: { at: new Date(this.clock.now()).toISOString(), code, message, symbol } });
  }

  private setState(state: ScanState): void {
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.subject.next({ type: 'status', status: this.status() });
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
