/**
 * Incremental rescoring for the continuous scan: each symbol's chain is scored on its own (when its quotes arrive)
 * and its ranked rows are kept; the result table is the merge of the symbols' rows, cut to maxRows.
 *
 * Why the merge is exact: the ranking is a total order (score descending, id ascending, then enumeration order, i.e.
 * the symbol's place in the request and the row's place within its symbol), and it compares rows only by their
 * own fields. A row outside its symbol's best `maxRows` has at least maxRows rows of the same symbol ranked before it,
 * so it cannot be among the best maxRows overall; keeping each symbol's best maxRows and merging them gives exactly
 * the rows, order and cut of one scoring of every chain (ScanEngine.run over all of them, at the same `now`). The
 * funnel adds up too, because every symbol is counted with the same filter order: the engine learns from each run
 * but changes its order only when `adoptLearnedOrder()` is called, after which the caller re-scores every symbol.
 * The equivalence test: incremental-scan.equivalence.spec.ts.
 *
 * A symbol's rows are those of its last scoring: their quote age, DTE and staleness are as of that scoring (the
 * continuous scan re-scores each symbol once per cycle, when its quotes are refreshed).
 */
import { SCAN_DEFAULT_MAX_ROWS, type ScanFunnel, type ScanFunnelStep, type SpreadRow } from '@ibsc/shared-dto';
import type { OptionChain } from '../chain/option-chain';
import { cutLength, ScanEngine, type ScanConfig, type ScanResult, type ScanRunMeta } from './scan-engine';

/** One symbol's last scoring. */
export interface SymbolScore {
  /** Its best rows (at most maxRows), ranked. */
  rows: SpreadRow[];
  funnel: ScanFunnel;
  /** Engine time of that scoring. */
  ms: number;
  at: number;
}

export interface IncrementalScanInput {
  symbol: string;
  chain: OptionChain;
  meta?: Omit<ScanRunMeta, 'hintKey'>;
}

export class IncrementalScan {
  private readonly engine: ScanEngine;
  private readonly scores = new Map<string, SymbolScore>();
  private readonly maxRows: number;

  constructor(readonly config: ScanConfig) {
    this.maxRows = config.maxRows ?? SCAN_DEFAULT_MAX_ROWS;
    // A negative maxRows drops rows from the end of the whole ranking: each symbol must then keep all of its rows.
    const perSymbol = this.maxRows < 0 ? Number.POSITIVE_INFINITY : this.maxRows;
    this.engine = new ScanEngine({ ...config, maxRows: perSymbol }, { holdOrder: true });
  }

  /** The symbols scored and held. */
  held(): string[] {
    return [...this.scores.keys()];
  }

  score(symbol: string): SymbolScore | undefined {
    return this.scores.get(symbol);
  }

  /** Scores one symbol's chain and keeps its rows (replacing its previous scoring). Returns the engine time. */
  update(input: IncrementalScanInput, now: number): number {
    const res = this.engine.run([input.chain], now, { ...input.meta, hintKey: input.symbol });
    this.scores.set(input.symbol, { rows: res.rows, funnel: res.funnel, ms: res.ms, at: now });
    return res.ms;
  }

  /** Forgets a symbol (no longer requested, or its chain is gone). */
  remove(symbol: string): void {
    this.scores.delete(symbol);
  }

  /**
   * Applies the filter order learned so far. When it changed, every held symbol must be re-scored (`updateAll`) so
   * that the funnels are counted in one order again; returns whether it changed.
   */
  adoptLearnedOrder(): boolean {
    return this.engine.adoptLearnedOrder();
  }

  /** Re-scores every given symbol (a filter or settings change, a new filter order); returns the total engine time. */
  updateAll(inputs: readonly IncrementalScanInput[], now: number): number {
    this.scores.clear();
    let ms = 0;
    for (const input of inputs) if (!this.scores.has(input.symbol)) ms += this.update(input, now);
    return ms;
  }

  /**
   * The result table over `symbols` (in request order; symbols not held are skipped): the global best maxRows of
   * the held rows, ranked exactly as one scoring of all the chains ranks them, and the funnel summed over them.
   * `ms` is the merge time alone.
   */
  merge(symbols: readonly string[]): ScanResult {
    const t0 = performance.now();
    const held: SymbolScore[] = [];
    for (const s of symbols) {
      const sc = this.scores.get(s);
      if (sc) held.push(sc);
    }
    // Nothing held: the funnel of an empty scoring (every step, at zero).
    const funnel = held.length ? sumFunnels(held) : this.engine.run([], 0).funnel;
    const keep = cutLength(funnel.matched, this.maxRows);
    const rows = mergeRanked(
      held.map((h) => h.rows),
      keep,
    );
    funnel.returned = rows.length;
    return { rows, funnel, ms: performance.now() - t0 };
  }
}

/** Ranks a before b (negative), by score descending, id ascending, then list (enumeration) order. */
function before(a: SpreadRow, la: number, b: SpreadRow, lb: number): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.id !== b.id) return a.id < b.id;
  return la < lb;
}

/**
 * The first `keep` rows of the ranked lists merged (each list is ranked; ties between lists go to the earlier
 * list): a k-way merge on a small heap of list heads, O(keep · log lists).
 */
export function mergeRanked(lists: ReadonlyArray<readonly SpreadRow[]>, keep: number): SpreadRow[] {
  const out: SpreadRow[] = [];
  const heap: number[] = []; // list indices, best head at the root
  const pos = new Int32Array(lists.length);
  const better = (x: number, y: number): boolean => before(lists[x][pos[x]], x, lists[y][pos[y]], y);
  const down = (at: number): void => {
    const n = heap.length;
    const v = heap[at];
    for (;;) {
      let c = 2 * at + 1;
      if (c >= n) break;
      if (c + 1 < n && better(heap[c + 1], heap[c])) c++;
      if (!better(heap[c], v)) break;
      heap[at] = heap[c];
      at = c;
    }
    heap[at] = v;
  };
  for (let l = 0; l < lists.length; l++) if (lists[l].length > 0) heap.push(l);
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (out.length < keep && heap.length > 0) {
    const l = heap[0];
    out.push(lists[l][pos[l]++]);
    if (pos[l] >= lists[l].length) {
      const last = heap.pop() as number;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    down(0);
  }
  return out;
}

/** The funnels of one scoring each, added up (every one counted in the same filter order). */
function sumFunnels(scores: readonly SymbolScore[]): ScanFunnel {
  const out: ScanFunnel = { contractsListed: 0, contractsQuoted: 0, candidates: 0, steps: [], matched: 0, returned: 0 };
  const steps: ScanFunnelStep[] = [];
  for (const { funnel: f } of scores) {
    out.contractsListed += f.contractsListed;
    out.contractsQuoted += f.contractsQuoted;
    out.candidates += f.candidates;
    out.matched += f.matched;
    f.steps.forEach((s, i) => {
      const t = steps[i];
      if (!t) steps.push({ ...s });
      else {
        if (t.id !== s.id) throw new Error(`funnels counted in different filter orders (${t.id} vs ${s.id}): re-score every symbol after adoptLearnedOrder()`);
        t.before += s.before;
        t.after += s.after;
        t.keptMissing += s.keptMissing;
      }
    });
  }
  out.steps = steps;
  return out;
}
