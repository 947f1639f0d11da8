/**
 * The scoring worker (ADR 0025): a worker thread that owns the scan's scoring (ScoringHost), so the API's event loop
 * only encodes chains and applies the rows that changed. `runScoringWorker` is called by the API's bundled entry
 * (apps/api/src/scoring-worker.ts → scoring-worker.js beside main.js) and, run from source in development and tests,
 * by scoring-worker.entry.ts, which esbuild bundles (scoring-worker-script.ts).
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { HeldChain } from '../service/held-scoring';
import { decodeChain } from './chain-codec';
import { decodePlanRequest, encodePlanReply } from './plan-codec';
import { rowTransfers } from '../service/scan-row';
import { ScoringHost } from './scoring-host';
import type { EncodedHeldChain, WorkerReply, WorkerRequest } from './scoring-protocol';

const host = new ScoringHost();

function held(e: EncodedHeldChain): HeldChain {
  const out: HeldChain = { chain: decodeChain(e.chain), listed: e.listed, quoted: e.quoted };
  if (e.pruned !== undefined) out.pruned = e.pruned;
  return out;
}

async function handle(msg: WorkerRequest): Promise<{ reply: WorkerReply; transfer: ArrayBuffer[] }> {
  switch (msg.kind) {
    case 'configure':
      host.configure(msg.config);
      return { reply: { id: msg.id, ok: true, value: null }, transfer: [] };
    case 'score': {
      const r = msg.request;
      const value = host.score({ ...r, chains: r.chains.map(([s, c]) => [s, held(c)] as const) });
      return { reply: { id: msg.id, ok: true, value }, transfer: rowTransfers(value.changed) };
    }
    case 'plan': {
      const inputs = decodePlanRequest(msg.request);
      const plan = await host.plan(inputs);
      const { reply, transfer } = encodePlanReply(plan, inputs);
      return { reply: { id: msg.id, ok: true, value: reply }, transfer };
    }
    case 'warm':
      return { reply: { id: msg.id, ok: true, value: await host.warmUp(msg.config, msg.now) }, transfer: [] };
  }
}

/**
 * The scoring is background work: on Linux this thread runs at nice 10 (a thread is a task with its own id, which
 * `/proc/thread-self` names), so when the cores are busy the API's thread, serving requests, gets them first. The nice
 * value it ended with, or null where it could not be set (another OS): reported with every scoring.
 */
export const SCORING_WORKER_NICE = 10;

function lowerPriority(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, SCORING_WORKER_NICE);
    return SCORING_WORKER_NICE;
  } catch {
    return null;
  }
}

/** Serves the scan's requests on this worker thread's port. */
export function runScoringWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('the scoring worker must run in a worker thread');
  lowerPriority();
  port.on('message', (msg: WorkerRequest) => {
    handle(msg).then(
      ({ reply, transfer }) => port.postMessage(reply, transfer),
      (e: unknown) => port.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
    );
  });
}
