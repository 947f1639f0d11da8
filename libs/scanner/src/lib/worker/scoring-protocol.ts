/**
 * The messages between the continuous scan (main thread) and the scoring worker (ADR 0025). Chains and the pruning
 * plan's inputs travel in the compact codecs (chain-codec.ts, plan-codec.ts: typed arrays, transferred), because a
 * structured clone of a 10k-option chain costs the main thread 30–70 ms, the very stall the worker removes. Rows
 * come back as the few that changed (structured clone: tens to hundreds a publication).
 */
import type { ScanConfig } from '../scan/scan-engine';
import type { EncodedChain } from './chain-codec';
import type { EncodedPlanReply, EncodedPlanRequest } from './plan-codec';
import type { ScoreReply, ScoreRequest } from './scoring-host';

/** A held chain on the wire: its counts as they are, its chain encoded. */
export interface EncodedHeldChain {
  chain: EncodedChain;
  listed: number;
  quoted: number;
  pruned?: number;
}

export type WorkerRequest =
  | { id: number; kind: 'configure'; config: ScanConfig }
  | { id: number; kind: 'score'; request: Omit<ScoreRequest, 'chains'> & { chains: Array<[string, EncodedHeldChain]> } }
  | { id: number; kind: 'plan'; request: EncodedPlanRequest }
  | { id: number; kind: 'warm'; config: ScanConfig; now: number };

export type WorkerReplyValue = null | ScoreReply | EncodedPlanReply | number;

export type WorkerReply = { id: number; ok: true; value: WorkerReplyValue } | { id: number; ok: false; error: string };
