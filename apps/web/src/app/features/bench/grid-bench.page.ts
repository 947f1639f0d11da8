import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { Subject } from 'rxjs';
import type { RowTransaction } from '../scanner/scan-stream.service';
import { SpreadGridComponent } from '../scanner/spread-grid.component';
import { prng, requote, syntheticRow } from './synthetic-rows';

export interface GridBenchResult {
  rows: number;
  hz: number;
  updatesPerTick: number;
  churnPerTick: number;
  seconds: number;
  ticks: number;
  rowUpdatesApplied: number;
  frames: number;
  fps: number;
  frameMs: { p50: number; p95: number; p99: number; max: number };
  /** Frames longer than 2 × 16.7 ms, i.e. at least one missed vsync. */
  slowFrames: number;
  slowFramePct: number;
  longTasks: { count: number; totalMs: number; maxMs: number; supported: boolean };
  /** Time spent generating and handing the transactions to the grid (not the grid's own work). */
  feedMs: { total: number; max: number };
  userAgent: string;
}

declare global {
  interface Window {
    __gridBench?: GridBenchResult;
  }
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Grid benchmark harness (`/bench/grid?rows=2000&hz=5&updates=400&churn=10&seconds=20`): the real results grid
 * fed synthetic scan deltas as transactions, while long tasks (PerformanceObserver) and frame times
 * (requestAnimationFrame) are recorded. The result lands in `window.__gridBench` and on the page.
 * Run by `npm run bench:grid` (tools/scripts/bench-grid.mjs) in Chromium. Needs no sign-in and no API.
 */
@Component({
  selector: 'ibsc-grid-bench-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SpreadGridComponent],
  template: `
    <main class="bench">
      <h1 class="page-title">Grid benchmark</h1>
      <p role="status" data-testid="bench-state">{{ state() }}</p>
      @if (result(); as r) {
        <pre data-testid="bench-result">{{ json(r) }}</pre>
      }
      <div class="bench__grid">
        <ibsc-spread-grid [rows]="initial" [transactions]="tx" emptyText="Generating rows…" />
      </div>
    </main>
  `,
  styles: `
    .bench {
      display: flex;
      flex-direction: column;
      height: 100%;
      padding: 1rem;
    }
    .bench__grid {
      flex: 1;
      min-height: 30rem;
    }
    pre {
      max-height: 12rem;
      overflow: auto;
    }
  `,
})
export class GridBenchPage {
  private readonly params = inject(ActivatedRoute).snapshot.queryParamMap;
  private readonly num = (name: string, def: number) => {
    const raw = this.params.get(name);
    const v = Number(raw);
    return raw !== null && Number.isFinite(v) && v >= 0 ? v : def;
  };
  private readonly rowsN = Math.max(1, this.num('rows', 2000));
  private readonly hz = Math.max(0.1, this.num('hz', 5));
  private readonly updates = this.num('updates', 400);
  private readonly churn = this.num('churn', 10);
  private readonly seconds = this.num('seconds', 20);
  private readonly rnd = prng(42);

  protected readonly tx = new Subject<RowTransaction>();
  protected readonly initial = Array.from({ length: this.rowsN }, (_, i) => syntheticRow(i, this.rnd));
  protected readonly state = signal('warming up');
  protected readonly result = signal<GridBenchResult | null>(null);

  constructor() {
    const destroyRef = inject(DestroyRef);
    const warmup = setTimeout(() => this.run(destroyRef), 1500);
    destroyRef.onDestroy(() => clearTimeout(warmup));
  }

  protected json(r: GridBenchResult): string {
    return JSON.stringify(r, null, 2);
  }

  private run(destroyRef: DestroyRef): void {
    this.state.set('running');
    const rows = [...this.initial];
    let nextIndex = rows.length;
    const frames: number[] = [];
    const longTasks: number[] = [];
    let longTaskSupported = false;
    let observer: PerformanceObserver | null = null;
    try {
      observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(e.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      longTaskSupported = true;
    } catch {
      longTaskSupported = false;
    }
    let running = true;
    let last = performance.now();
    const frame = (now: number) => {
      if (!running) return;
      frames.push(now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(frame);
    });

    let ticks = 0;
    let applied = 0;
    let feedTotal = 0;
    let feedMax = 0;
    const timer = setInterval(() => {
      if (this.updates === 0 && this.churn === 0) return;
      const t0 = performance.now();
      const update = new Map<number, (typeof rows)[number]>();
      for (let k = 0; k < this.updates; k++) {
        const i = Math.floor(this.rnd() * rows.length);
        const next = requote(rows[i], this.rnd);
        rows[i] = next;
        update.set(i, next);
      }
      const remove = [];
      const add = [];
      const replaced = new Set<number>();
      for (let k = 0; k < this.churn; k++) {
        const i = Math.floor(this.rnd() * rows.length);
        if (update.has(i) || replaced.has(i)) continue;
        replaced.add(i);
        remove.push(rows[i]);
        const fresh = syntheticRow(nextIndex++, this.rnd);
        rows[i] = fresh;
        add.push(fresh);
      }
      this.tx.next({ add, update: [...update.values()], remove });
      applied += update.size;
      ticks++;
      const took = performance.now() - t0;
      feedTotal += took;
      feedMax = Math.max(feedMax, took);
    }, 1000 / this.hz);

    const done = setTimeout(() => {
      running = false;
      clearInterval(timer);
      observer?.disconnect();
      const measured = frames.length > 20 ? frames.slice(5) : frames; // skip the first frames when there are enough
      const sorted = [...measured].sort((a, b) => a - b);
      const slow = measured.filter((f) => f > 1000 / 30).length;
      const total = measured.reduce((a, b) => a + b, 0);
      const result: GridBenchResult = {
        rows: this.rowsN,
        hz: this.hz,
        updatesPerTick: this.updates,
        churnPerTick: this.churn,
        seconds: this.seconds,
        ticks,
        rowUpdatesApplied: applied,
        frames: measured.length,
        fps: round((measured.length / total) * 1000),
        frameMs: { p50: round(pct(sorted, 50)), p95: round(pct(sorted, 95)), p99: round(pct(sorted, 99)), max: round(sorted[sorted.length - 1] ?? 0) },
        slowFrames: slow,
        slowFramePct: round((slow / Math.max(1, measured.length)) * 100),
        longTasks: {
          count: longTasks.length,
          totalMs: round(longTasks.reduce((a, b) => a + b, 0)),
          maxMs: round(Math.max(0, ...longTasks)),
          supported: longTaskSupported,
        },
        feedMs: { total: round(feedTotal), max: round(feedMax) },
        userAgent: navigator.userAgent,
      };
      window.__gridBench = result;
      this.result.set(result);
      this.state.set('done');
    }, this.seconds * 1000);

    destroyRef.onDestroy(() => {
      running = false;
      clearInterval(timer);
      clearTimeout(done);
      observer?.disconnect();
    });
  }
}
