/**
 * Runs filters one at a time over the surviving items (filter-at-a-time, so each step's count is the funnel),
 * cheapest and most selective first, and learns the order from what it sees.
 *
 * Order: ascending cost / (1 − passRate), the classic optimal order for independent predicates (each filter's
 * expected cost per item removed). passRate is measured: exponentially decayed counts of items seen and passed,
 * updated after every run, so the order follows the market and the user's filter settings; a filter never seen
 * starts at the prior pass rate 0.5. Ties keep the declared order, so the result is deterministic.
 * The order never changes the result set, only the work done and the shape of the funnel.
 */
import type { ScanFunnelStep } from '@ibsc/shared-dto';
import { Verdict, type Filter } from './filter';

export interface FilterChainOptions {
  /** Weight of the past per run (0 = only the last run counts). Default 0.7. */
  decay?: number;
  /** Pass rate assumed before a filter has seen anything. Default 0.5. */
  priorPassRate?: number;
  /**
   * Learn from every run but change the order only when `adoptLearnedOrder()` is called (default false: after every
   * run). The incremental scan holds the order so that every symbol's funnel is counted in the same order and the
   * per-symbol funnels add up (incremental-scan.ts).
   */
  holdOrder?: boolean;
}

export interface FilterStats {
  id: string;
  label: string;
  cost: number;
  seen: number;
  passed: number;
  passRate: number;
  /** cost / (1 − passRate); lower runs earlier. */
  rank: number;
}

/** What one filter did in a run: items seen, items kept, and how many of those were kept with the field missing. */
export interface FilterStepCount {
  before: number;
  after: number;
  keptMissing: number;
}

export interface FilterChainResult<T> {
  kept: T[];
  steps: ScanFunnelStep[];
}

interface Entry<T> {
  filter: Filter<T>;
  declared: number;
  seen: number;
  passed: number;
}

export class FilterChain<T> {
  private entries: Array<Entry<T>>;
  private readonly decay: number;
  private readonly prior: number;
  private readonly holdOrder: boolean;

  constructor(filters: ReadonlyArray<Filter<T>>, options: FilterChainOptions = {}) {
    this.decay = options.decay ?? 0.7;
    this.prior = options.priorPassRate ?? 0.5;
    this.holdOrder = options.holdOrder ?? false;
    this.entries = filters.map((filter, declared) => ({ filter, declared, seen: 0, passed: 0 }));
    this.reorder();
  }

  /** The ids in the order the next run will use. */
  order(): string[] {
    return this.entries.map((e) => e.filter.id);
  }

  stats(): FilterStats[] {
    return this.entries.map((e) => ({
      id: e.filter.id,
      label: e.filter.label,
      cost: e.filter.cost,
      seen: e.seen,
      passed: e.passed,
      passRate: this.passRate(e),
      rank: this.rank(e),
    }));
  }

  run(items: readonly T[]): FilterChainResult<T> {
    let current: T[] = items as T[];
    const steps = this.runSteps((filter) => {
      const before = current.length;
      const next: T[] = [];
      let keptMissing = 0;
      const test = filter.test.bind(filter);
      for (let i = 0; i < current.length; i++) {
        const v = test(current[i]);
        if (v !== Verdict.Fail) {
          next.push(current[i]);
          if (v === Verdict.KeptMissing) keptMissing++;
        }
      }
      current = next;
      return { before, after: next.length, keptMissing };
    });
    return { kept: current === items ? current.slice() : current, steps };
  }

  /**
   * Runs the filters in the current order with `step` doing one filter's work over the caller's own survivors
   * (the scan engine's lean path keeps them as indices, not items); the statistics, the next order and the funnel
   * steps are exactly those of `run`.
   */
  runSteps(step: (filter: Filter<T>) => FilterStepCount): ScanFunnelStep[] {
    const steps: ScanFunnelStep[] = [];
    const runSeen: number[] = [];
    const runPassed: number[] = [];
    for (const e of this.entries) {
      const { before, after, keptMissing } = step(e.filter);
      runSeen.push(before);
      runPassed.push(after);
      steps.push({ id: e.filter.id, label: e.filter.label, before, after, keptMissing });
    }
    this.entries.forEach((e, i) => {
      // A filter that saw nothing this run keeps its history undecayed.
      if (runSeen[i] === 0) return;
      e.seen = e.seen * this.decay + runSeen[i];
      e.passed = e.passed * this.decay + runPassed[i];
    });
    if (!this.holdOrder) this.reorder();
    return steps;
  }

  /** With `holdOrder`: applies the order learned so far; true when it differs from the order held until now. */
  adoptLearnedOrder(): boolean {
    const before = this.order().join();
    this.reorder();
    return this.order().join() !== before;
  }

  private passRate(e: Entry<T>): number {
    return e.seen > 0 ? e.passed / e.seen : this.prior;
  }

  private rank(e: Entry<T>): number {
    return e.filter.cost / Math.max(1e-6, 1 - this.passRate(e));
  }

  private reorder(): void {
    this.entries = [...this.entries].sort((a, b) => this.rank(a) - this.rank(b) || a.declared - b.declared);
  }
}
