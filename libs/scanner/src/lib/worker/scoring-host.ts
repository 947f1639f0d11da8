/**
 * The scan's scoring as a service with its own state (ADR 0025): the chains as last sent, the incremental scorer
 * for the scan's settings and a differ that turns each scoring into the rows that changed. It runs in the scoring
 * worker (scoring-worker.ts, the default) or on the main thread (SCAN_SCORING_THREAD=main); the continuous scan
 * talks to it through a ScoringBackend (scoring-backend.ts) either way, so both run the same code.
 *
 * Also the pruning estimate (planQuotes) and the engine's warm-up: both are the engine's CPU, and the JIT state
 * that the warm-up builds is the thread's.
 */
import type { ScanFunnel, SpreadRow } from '@ibsc/shared-dto';
import { planQuotes, type PruneInputs, type PrunePlan } from '../acquisition/score-pruning';
import type { ScanConfig } from '../scan/scan-engine';
import { ScanDiffer, spreadRowFingerprint } from '../scan/scan-diff';
import { sharedWorkspace } from '../scan/lean/workspace';
import { HeldScoring, warmUpOnce, type HeldChain } from '../service/held-scoring';
import { quoteAgeSummary, type QuoteAgeSummary } from '../service/quote-age';
import { encodeRow, type EncodedRow } from '../service/scan-row';

export interface ScoreRequest {
  /** The symbols whose chains changed (null: every chain held). */
  changed: readonly string[] | null;
  /** The scan's symbols, in request order (the merge order). */
  symbols: readonly string[];
  /** The chains sent since the host last saw them (the others are as last sent). */
  chains: ReadonlyArray<readonly [string, HeldChain]>;
  /** Every symbol the scan holds a chain for: the host forgets the others. */
  held: readonly string[];
  now: number;
  /** Adopt the filter order learned over the cycle first (every chain re-scored when it changed). */
  adoptLearnedOrder?: boolean;
  /** The scan's rows were cleared (stop): the differ starts empty, every row is sent. */
  resetRows?: boolean;
}

export interface ScoreReply {
  /** Rows added or updated since the last reply, as their text and the fields the API's thread reads (ADR 0027). */
  changed: EncodedRow[];
  /** Every row id in rank order when the set or its order changed, else null. */
  order: string[] | null;
  funnel: ScanFunnel;
  /** Scoring plus merge, in the host's thread (ms). */
  ms: number;
  scope: 'symbol' | 'all';
  rows: number;
  /** The rows' quote age (seconds), for the metrics. */
  ages: QuoteAgeSummary | null;
  /** The engine workspace of the host's thread (bytes). */
  workspaceBytes: number;
}

export class ScoringHost {
  private scoring: HeldScoring | null = null;
  private readonly chains = new Map<string, HeldChain>();
  private differ = newDiffer();
  private order: string[] = [];

  /** New settings: a new scorer (the first scoring re-scores every chain held). */
  configure(config: ScanConfig): void {
    this.scoring = new HeldScoring(config);
  }

  score(req: ScoreRequest): ScoreReply {
    const scoring = this.scoring;
    if (!scoring) throw new Error('the scoring host has no settings: configure() first');
    if (req.resetRows) {
      this.differ = newDiffer();
      this.order = [];
    }
    for (const [symbol, held] of req.chains) this.chains.set(symbol, held);
    const keep = new Set(req.held);
    for (const symbol of [...this.chains.keys()]) if (!keep.has(symbol)) this.chains.delete(symbol);
    const changed = req.adoptLearnedOrder && scoring.adoptLearnedOrder() ? null : req.changed;
    const { result, ms, scope } = scoring.score(changed, req.symbols, this.chains, req.now);
    const delta = this.differ.apply(result.rows);
    const ids = delta ? this.differ.current().map((r) => r.id) : null;
    let order: string[] | null = null;
    if (ids && !sameIds(ids, this.order)) {
      order = ids;
      this.order = ids;
    }
    return { changed: delta ? [...delta.added, ...delta.updated].map(encodeRow) : [], order, funnel: result.funnel, ms, scope, rows: result.rows.length, ages: quoteAgeSummary(result.rows), workspaceBytes: sharedWorkspace().bytes() };
  }

  plan(inputs: PruneInputs): Promise<PrunePlan> {
    return planQuotes(inputs);
  }

  warmUp(config: ScanConfig, now: number): Promise<number | null> {
    return warmUpOnce(config, now);
  }
}

function newDiffer(): ScanDiffer<SpreadRow> {
  return new ScanDiffer<SpreadRow>({ fingerprint: (r) => spreadRowFingerprint(r), historySize: 0 });
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
