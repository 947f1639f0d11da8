/**
 * How the continuous scan reaches its scoring (ADR 0025): `WorkerScoring` (the default) runs a ScoringHost in a
 * worker thread; `MainThreadScoring` (SCAN_SCORING_THREAD=main) runs the same host on the main thread. Both send a
 * chain only when the scan holds a new one for its symbol (ChainSync), and both are asynchronous, so the scan's code
 * is the same either way.
 *
 * The worker: one request at a time per kind is the caller's business (the scan keeps one scoring in flight); replies
 * are matched by id. If the worker dies, its pending requests fail, and the next request starts a new one, sends the
 * settings again and every chain, and resets the rows (its differ starts empty; the scan's own differ keeps the
 * sequence).
 */
import { Worker } from 'node:worker_threads';
import type { PruneInputs, PrunePlan } from '../acquisition/score-pruning';
import type { ScanConfig } from '../scan/scan-engine';
import type { HeldChain } from '../service/held-scoring';
import { encodeChain } from './chain-codec';
import { decodePlanReply, encodePlanRequest, type EncodedPlanReply } from './plan-codec';
import { ScoringHost, type ScoreReply, type ScoreRequest } from './scoring-host';
import type { EncodedHeldChain, WorkerReply, WorkerReplyValue, WorkerRequest } from './scoring-protocol';
import { scoringWorkerScript } from './scoring-worker-script';

export type ScoringThread = 'worker' | 'main';
export const SCORING_THREADS: readonly ScoringThread[] = ['worker', 'main'];

/** A scoring as the scan asks for it: every chain it holds (the backend sends the new ones). */
export type ScoreInput = Omit<ScoreRequest, 'chains' | 'held'> & { chains: ReadonlyMap<string, HeldChain> };

export interface ScoringEvents {
  /** The worker started (again: `restart` true). */
  started?(restart: boolean): void;
  /** The worker stopped unexpectedly. */
  failed?(reason: string): void;
}

export interface ScoringBackend {
  readonly thread: ScoringThread;
  configure(config: ScanConfig): void;
  score(input: ScoreInput): Promise<ScoreReply>;
  plan(inputs: PruneInputs): Promise<PrunePlan>;
  warmUp(config: ScanConfig, now: number): Promise<number | null>;
  dispose(): Promise<void>;
}

export function createScoringBackend(thread: ScoringThread = 'worker', events: ScoringEvents = {}): ScoringBackend {
  return thread === 'main' ? new MainThreadScoring() : new WorkerScoring(events);
}

/** The chains last sent, by identity: a held chain is immutable, a new one replaces it. */
class ChainSync {
  private sent = new Map<string, HeldChain>();

  /** The chains to send (new since the last call), and every symbol held. */
  take(chains: ReadonlyMap<string, HeldChain>): { fresh: Array<[string, HeldChain]>; held: string[] } {
    const fresh: Array<[string, HeldChain]> = [];
    for (const [symbol, h] of chains) if (this.sent.get(symbol) !== h) fresh.push([symbol, h]);
    this.sent = new Map(chains);
    return { fresh, held: [...chains.keys()] };
  }

  forget(): void {
    this.sent.clear();
  }
}

export class MainThreadScoring implements ScoringBackend {
  readonly thread = 'main' as const;
  private readonly host = new ScoringHost();
  private readonly sync = new ChainSync();

  configure(config: ScanConfig): void {
    this.host.configure(config);
  }

  async score(input: ScoreInput): Promise<ScoreReply> {
    const { fresh, held } = this.sync.take(input.chains);
    return this.host.score({ ...input, chains: fresh, held });
  }

  plan(inputs: PruneInputs): Promise<PrunePlan> {
    return this.host.plan(inputs);
  }

  warmUp(config: ScanConfig, now: number): Promise<number | null> {
    return this.host.warmUp(config, now);
  }

  async dispose(): Promise<void> {
    // Nothing held outside the host.
  }
}

interface Pending {
  resolve: (v: WorkerReplyValue) => void;
  reject: (e: Error) => void;
}

export class WorkerScoring implements ScoringBackend {
  readonly thread = 'worker' as const;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly sync = new ChainSync();
  private nextId = 1;
  private config: ScanConfig | null = null;
  private starts = 0;
  /** The next scoring must reset the rows: a new worker's differ is empty. */
  private fresh = true;
  private disposed = false;

  constructor(private readonly events: ScoringEvents = {}) {}

  configure(config: ScanConfig): void {
    this.config = config;
    if (this.worker) void this.call({ kind: 'configure', config }).catch(() => undefined);
  }

  async score(input: ScoreInput): Promise<ScoreReply> {
    this.ensure();
    const { fresh, held } = this.sync.take(input.chains);
    const transfer: ArrayBuffer[] = [];
    const chains = fresh.map(([symbol, h]): [string, EncodedHeldChain] => {
      const { encoded, transfer: t } = encodeChain(h.chain);
      transfer.push(...t);
      const out: EncodedHeldChain = { chain: encoded, listed: h.listed, quoted: h.quoted };
      if (h.pruned !== undefined) out.pruned = h.pruned;
      return [symbol, out];
    });
    const resetRows = this.fresh || input.resetRows === true;
    this.fresh = false;
    const request = { changed: input.changed, symbols: input.symbols, now: input.now, adoptLearnedOrder: input.adoptLearnedOrder, chains, held, resetRows };
    return (await this.call({ kind: 'score', request }, transfer)) as ScoreReply;
  }

  async plan(inputs: PruneInputs): Promise<PrunePlan> {
    this.ensure();
    const { request, transfer } = encodePlanRequest(inputs);
    const reply = (await this.call({ kind: 'plan', request }, transfer)) as EncodedPlanReply;
    return decodePlanReply(reply, inputs);
  }

  async warmUp(config: ScanConfig, now: number): Promise<number | null> {
    this.ensure();
    return (await this.call({ kind: 'warm', config, now })) as number | null;
  }

  /** Stops the running worker as if it had died (its pending requests fail); the next request starts a new one. */
  async stopWorker(): Promise<void> {
    const w = this.worker;
    if (w) await w.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const w = this.worker;
    this.worker = null;
    this.failPending('the scoring worker was stopped');
    if (w) await w.terminate();
  }

  /** The worker, started (again) when needed: a new one gets the settings and, with the next scoring, every chain. */
  private ensure(): Worker {
    if (this.disposed) throw new Error('the scoring worker was stopped');
    if (this.worker) return this.worker;
    const w = new Worker(scoringWorkerScript());
    this.worker = w;
    this.sync.forget();
    this.fresh = true;
    this.events.started?.(this.starts++ > 0);
    w.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`scoring worker: ${m.error}`));
    });
    const down = (reason: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.events.failed?.(reason);
      this.failPending(`the scoring worker stopped: ${reason}`);
    };
    w.on('error', (e) => down(e instanceof Error ? e.message : String(e)));
    w.on('exit', (code) => down(`exit code ${code}`));
    // An idle worker does not keep the process alive (unref after the listeners: a 'message' listener refs the port);
    // one with requests pending does (call() refs it).
    w.unref();
    if (this.config) void this.call({ kind: 'configure', config: this.config }).catch(() => undefined);
    return w;
  }

  private call(msg: DistributiveOmit<WorkerRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<WorkerReplyValue> {
    const w = this.worker;
    if (!w) return Promise.reject(new Error('the scoring worker is not running'));
    const id = this.nextId++;
    return new Promise<WorkerReplyValue>((resolve, reject) => {
      if (this.pending.size === 0) w.ref();
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  }

  private failPending(reason: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new Error(reason));
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
