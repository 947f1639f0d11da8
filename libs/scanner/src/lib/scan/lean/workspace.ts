/**
 * The lean engine's working memory (issue 16, cold scoring): the leg and spread columns, the filters' verdict bytes
 * and the selection's scratch, shared by every ScanEngine of the process.
 *
 * Why shared: a run is synchronous and nothing reads these columns once it returns (the rows it returns are plain
 * objects), so engines can take turns on one set of buffers. A new engine (the continuous scan makes one per
 * settings, the warm-up its own, score pruning one per chain) then starts on buffers that an earlier run already
 * allocated and faulted in, instead of allocating ≈ 10 MB of zeroed memory and touching every page of it during its
 * first scoring: on the 2-core VMs here that alone costs 10–25 ms for case C's 51,560 verticals. The columns grow to
 * the largest run seen and stay (they are never shrunk); `reserve` sizes them ahead of the first real scoring (the
 * start-up warm-up does, warm-up.ts).
 *
 * Engines keep their own state (learned filter order, rank thresholds); only scratch lives here. A run borrows the
 * workspace for its duration and a nested run (which nothing does today) throws instead of corrupting it.
 */
import { VerdictScratch } from './candidate-kernels';
import { MarketTable } from './market-table';
import { Selection } from './select';
import { SpreadTable } from './spread-table';

export interface WorkspaceCapacity {
  /** Quoted legs (option quotes) one run can load without growing a column. */
  legs: number;
  /** Priced verticals one run can hold without growing a column. */
  spreads: number;
}

export class LeanWorkspace {
  readonly market = new MarketTable();
  readonly spreads = new SpreadTable();
  readonly scratch = new VerdictScratch();
  readonly selection = new Selection();
  private busy = false;

  /** Runs `fn` with the workspace to itself; throws when called from inside another borrow. */
  borrow<T>(fn: (w: LeanWorkspace) => T): T {
    if (this.busy) throw new Error('LeanWorkspace is already in use by a running scan (ScanEngine.run is not re-entrant)');
    this.busy = true;
    try {
      return fn(this);
    } finally {
      this.busy = false;
    }
  }

  /** What the columns hold today without growing. */
  capacity(): WorkspaceCapacity {
    return { legs: Math.min(this.market.capacity(), this.scratch.bytes.length), spreads: Math.min(this.spreads.capacity(), this.selection.capacity()) };
  }

  /** Bytes held by the columns (the `scanner_engine_workspace_bytes` gauge). */
  bytes(): number {
    let n = 0;
    for (const part of [this.market, this.spreads, this.scratch, this.selection]) for (const v of Object.values(part)) if (ArrayBuffer.isView(v)) n += v.byteLength;
    return n;
  }

  /**
   * Grows every column to hold `legs` legs and `spreads` spreads and writes each once, so that the memory is mapped
   * before a scoring needs it. Never shrinks. Returns the capacity after.
   */
  reserve(legs: number, spreads: number): WorkspaceCapacity {
    this.market.reserve(legs);
    this.spreads.reserve(spreads);
    this.selection.reserve(spreads);
    this.scratch.reserve(legs);
    return this.capacity();
  }
}

let shared: LeanWorkspace | null = null;

/** The process's workspace, used by every ScanEngine not given its own. */
export function sharedWorkspace(): LeanWorkspace {
  return (shared ??= new LeanWorkspace());
}
