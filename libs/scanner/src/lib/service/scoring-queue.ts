/**
 * The continuous scan's scorings, one in flight (ADR 0025): the scoring runs in the backend's thread (a worker by
 * default), and what is asked for meanwhile is merged into the next request (symbols united, null meaning every
 * chain held; the strongest trigger; the learned filter order adopted if any asked for it). `clear()` (the scan
 * stopped and its rows were cleared) drops what is queued, discards a reply still in flight, and has the next
 * scoring reset the backend's rows.
 */
import type { ScoringBackend, ScoreInput } from '../worker/scoring-backend';
import type { ScoreReply } from '../worker/scoring-host';
import { nextTurn } from '@ibsc/clock';

export type ScoreTrigger = 'batch' | 'cycle' | 'settings';
const TRIGGER_RANK: Record<ScoreTrigger, number> = { batch: 0, cycle: 1, settings: 2 };

interface QueuedScore {
  changed: Set<string> | null;
  trigger: ScoreTrigger;
  adopt: boolean;
}

export interface ScoringQueueHooks {
  /** What a scoring is asked with now (null: nothing to score, e.g. no settings). */
  input(): Omit<ScoreInput, 'changed' | 'adoptLearnedOrder' | 'resetRows'> | null;
  /** A reply to apply (the rows that changed), with the `now` it was asked at and its elapsed ms. */
  applied(reply: ScoreReply, now: number, trigger: ScoreTrigger, waitedMs: number): void;
  failed(error: unknown): void;
  /** After each scoring, applied or failed. */
  after(): void;
}

export class ScoringQueue {
  private queued: QueuedScore | null = null;
  private draining: Promise<void> | null = null;
  private generation = 0;
  private rowsReset = false;

  constructor(
    private readonly backend: ScoringBackend,
    private readonly hooks: ScoringQueueHooks,
  ) {}

  /** Asks for a scoring of `changed` (null: every chain held); returns the run that will include it. */
  request(changed: readonly string[] | null, trigger: ScoreTrigger, adopt = false): Promise<void> {
    const q = this.queued;
    if (!q) this.queued = { changed: changed && new Set(changed), trigger, adopt };
    else {
      if (q.changed && changed) for (const s of changed) q.changed.add(s);
      else q.changed = null;
      if (TRIGGER_RANK[trigger] > TRIGGER_RANK[q.trigger]) q.trigger = trigger;
      q.adopt ||= adopt;
    }
    this.draining ??= this.drain();
    return this.draining;
  }

  /** The rows were cleared: nothing queued or in flight is applied, and the next scoring resets the backend's rows. */
  clear(): void {
    this.generation++;
    this.rowsReset = true;
    this.queued = null;
  }

  /** Resolves when no scoring is in flight or queued. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      for (let job = this.queued; job; job = this.queued) {
        this.queued = null;
        const base = this.hooks.input();
        if (!base) return;
        const generation = this.generation;
        const resetRows = this.rowsReset;
        this.rowsReset = false;
        const t0 = performance.now();
        try {
          const reply = await this.backend.score({ ...base, changed: job.changed && [...job.changed], adoptLearnedOrder: job.adopt, resetRows });
          // Receiving a broad scan's reply, applying its rows and what follows (the streams, the status) are a few
          // milliseconds each on the API's thread: each in a turn of its own, so requests that arrived meanwhile are
          // served between them instead of after all three.
          await nextTurn();
          if (generation !== this.generation) continue;
          this.hooks.applied(reply, base.now, job.trigger, performance.now() - t0);
        } catch (e) {
          if (generation !== this.generation) continue;
          this.rowsReset ||= resetRows;
          this.hooks.failed(e);
        }
        await nextTurn();
        if (generation !== this.generation) continue;
        this.hooks.after();
      }
    } finally {
      this.draining = null;
    }
  }
}
