import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { apiErrorBody, apiErrorMessage } from '../../core/api/api-error';
import { ShortcutsService } from '../../core/shortcuts/shortcuts.service';
import { WALL_CLOCK } from '../../core/time/wall-clock';
import { ToastService } from '../../core/toast/toast.service';
import { formatAge, formatTime } from '../../shared/format';
import { OrderTicketComponent } from '../orders/ticket/order-ticket.component';
import { ColumnChooserComponent } from './column-chooser.component';
import { SpreadDetailComponent } from './detail/spread-detail.component';
import { FilterPanelComponent } from './filters/filter-panel.component';
import { ScanFormService } from './filters/scan-form.service';
import { ScanApiService } from './scan-api.service';
import { ScanStreamService } from './scan-stream.service';
import { SpreadGridComponent } from './spread-grid.component';
import { VisibleRowsService } from './visible-rows.service';

type Availability = 'checking' | 'available' | 'missing';

/**
 * Scanner: filters on the left; the live grid (fed by scan deltas) with its toolbar; the selected spread's detail
 * below; the order ticket beside it. Ctrl/⌘+S starts or stops, Ctrl/⌘+F focuses the filters, Ctrl/⌘+E opens
 * the ticket for the selected row.
 */
@Component({
  selector: 'ibsc-scanner-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SpreadGridComponent, FilterPanelComponent, ColumnChooserComponent, SpreadDetailComponent, OrderTicketComponent],
  // Lives with the page: leaving the scanner clears the rows this client asked the server to keep fresh.
  providers: [VisibleRowsService],
  template: `
    <div class="scanner">
      <aside class="scanner__filters" aria-label="Filters">
        <ibsc-filter-panel />
      </aside>
      <div class="scanner__main">
        <header class="scanner__header">
          <h1 class="page-title">Scanner</h1>
          <button
            type="button"
            class="button"
            [class.button--primary]="!running()"
            [class.button--danger]="running()"
            (click)="toggleScan()"
            [disabled]="busy() || availability() === 'missing' || (!running() && !form.valid())"
            title="Ctrl/⌘ + S"
            data-testid="scan-toggle"
          >
            {{ busy() ? (running() ? 'Stopping…' : 'Starting…') : running() ? 'Stop scan' : 'Start scan' }}
          </button>
          <p class="scanner__state" data-testid="scan-state" role="status" [attr.data-seq]="lastSeq()">
            @switch (availability()) {
              @case ('checking') {
                <span class="muted">Checking the scanner…</span>
              }
              @case ('missing') {
                <span class="muted">No scan running. The scanner API is not available on this server yet.</span>
              }
              @default {
                @if (running()) {
                  <span class="badge badge--ok">{{ scanState() }}</span>
                  {{ rowCount() }} rows
                  @if (status()?.scans; as n) {
                    · scan #{{ n }}
                  }
                  @if (status()?.lastScanMs; as ms) {
                    · {{ ms }} ms
                  }
                  · updated {{ time(lastUpdate()) }}
                  @if (freshness(); as f) {
                    <span data-testid="scan-freshness" title="Quote age of the rows shown (after the quick filter): median and worst">
                      · quotes {{ age(f.medianMs) }} median, {{ age(f.worstMs) }} worst
                    </span>
                  }
                  @if (firstCycle(); as p) {
                    <span class="badge" data-testid="scan-progress" title="The first pass over every symbol: rows appear per expiry batch meanwhile">
                      first pass: {{ p.symbolsDone }}/{{ p.symbolsTotal }} symbols · {{ count(p.contractsDone) }}{{ p.contractsTotal === null ? '' : ' of ' + count(p.contractsTotal) }} contracts
                    </span>
                  }
                  @switch (status()?.health) {
                    @case ('stale') {
                      <span class="badge badge--warning" data-testid="scan-health">stale quotes{{ oldestAge() }}</span>
                    }
                    @case ('error') {
                      <span class="badge badge--danger" data-testid="scan-health">last cycle failed</span>
                    }
                  }
                } @else {
                  <span class="muted">No scan running{{ rowCount() ? ' · showing the last ' + rowCount() + ' rows' : '' }}.</span>
                }
                @if (resyncs() > 0) {
                  <span class="muted">· resynced {{ resyncs() }}×</span>
                }
              }
            }
          </p>
        </header>
        @if (scanError(); as e) {
          <p class="banner banner--danger" role="alert" data-testid="scan-error">{{ e }}</p>
        }
        @if (streamError(); as e) {
          <p class="banner banner--warning" role="status">{{ e.symbol ? e.symbol + ': ' : '' }}{{ e.message }} ({{ e.code }})</p>
        }
        <div class="toolbar scanner__toolbar">
          <label class="sr-only" for="quick-filter">Quick filter</label>
          <input id="quick-filter" type="search" placeholder="Quick filter (symbol, type, flag…)" [value]="quickFilter()" (input)="onQuickFilter($event)" />
          <span class="muted">{{ grid()?.displayedRows() ?? 0 }} shown</span>
          <span class="spacer"></span>
          @if (grid(); as g) {
            <ibsc-column-chooser [columns]="g.chooserColumns()" [locked]="['symbol', 'legs']" (toggle)="g.setColumnVisible($event.colId, $event.visible)" (reset)="g.resetColumns()" />
            <button type="button" class="button" (click)="g.exportCsv()" [disabled]="rowCount() === 0">Export CSV</button>
          }
        </div>
        <section class="scanner__results" aria-label="Scan results">
          <ibsc-spread-grid
            [rows]="initialRows"
            [transactions]="stream.changes"
            [quickFilter]="quickFilter()"
            [emptyText]="emptyText()"
            [now]="now()"
            (selectionChange)="selectedId.set($event)"
            (rowOpen)="openTicket($event)"
            (rowsInView)="visibleRows.setInView($event)"
          />
        </section>
        @if (selected(); as row) {
          <section class="scanner__detail card" aria-label="Selected spread">
            <ibsc-spread-detail [row]="row" (trade)="openTicket($event)" (closed)="clearSelection()" />
          </section>
        } @else if (selectedId()) {
          <p class="muted">The selected spread no longer matches the filters.</p>
        }
      </div>
      @if (ticketRow(); as row) {
        <div class="scanner__ticket">
          <ibsc-order-ticket [row]="row" (closed)="ticketId.set(null)" />
        </div>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
      height: 100%;
    }
    .scanner {
      display: grid;
      grid-template-columns: 22rem minmax(0, 1fr) auto;
      gap: 0.75rem;
      height: 100%;
      min-height: 0;
    }
    .scanner__filters {
      overflow: auto;
      min-height: 0;
      padding-right: 0.25rem;
    }
    .scanner__main {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      min-width: 0;
      min-height: 0;
      overflow: auto;
    }
    .scanner__header {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      flex-wrap: wrap;
    }
    .scanner__header .page-title {
      margin: 0;
    }
    .scanner__state {
      margin: 0;
    }
    .scanner__toolbar input[type='search'] {
      width: 18rem;
    }
    .spacer {
      flex: 1;
    }
    .scanner__results {
      flex: 1 0 22rem;
      min-height: 22rem;
    }
    .scanner__detail {
      padding: 0.75rem 1rem;
    }
    .scanner__ticket {
      width: 27rem;
      min-height: 0;
      overflow: auto;
    }
    @media (max-width: 1360px) {
      .scanner {
        grid-template-columns: 19rem minmax(0, 1fr);
      }
      .scanner__ticket {
        position: fixed;
        top: 3.5rem;
        right: 0.75rem;
        bottom: 2.75rem;
        z-index: 30;
        box-shadow: 0 6px 24px rgb(0 0 0 / 0.25);
      }
    }
  `,
})
export class ScannerPage {
  protected readonly form = inject(ScanFormService);
  protected readonly stream = inject(ScanStreamService);
  private readonly api = inject(ScanApiService);
  private readonly toasts = inject(ToastService);
  /** Tells the server which rows are on screen (`scan.visible`). */
  readonly visibleRows = inject(VisibleRowsService);
  protected readonly grid = viewChild(SpreadGridComponent);
  private readonly filterPanel = viewChild(FilterPanelComponent);

  /** Rows already held when the page opens; everything after arrives as transactions. */
  protected readonly initialRows = this.stream.current();
  protected readonly availability = signal<Availability>('checking');
  protected readonly busy = signal(false);
  protected readonly scanError = signal<string | null>(null);
  protected readonly quickFilter = signal('');
  readonly selectedId = signal<string | null>(null);
  readonly ticketId = signal<string | null>(null);

  protected readonly status = this.stream.status;
  protected readonly rowCount = this.stream.rowCount;
  protected readonly resyncs = this.stream.resyncs;
  protected readonly streamError = this.stream.lastError;
  protected readonly lastUpdate = this.stream.lastUpdateAt;
  /** Sequence number of the last snapshot or delta applied (exposed as data-seq: it advances while rows stream). */
  protected readonly lastSeq = this.stream.lastSeq;
  protected readonly scanState = computed(() => this.status()?.state ?? 'idle');
  protected readonly running = computed(() => ['starting', 'running'].includes(this.scanState()));
  /** Re-read on every row change so the detail and ticket show the latest numbers. */
  private readonly tick = signal(0);
  protected readonly selected = computed(() => {
    this.tick();
    this.rowCount();
    const id = this.selectedId();
    return id ? (this.stream.get(id) ?? null) : null;
  });
  protected readonly ticketRow = computed(() => {
    this.tick();
    const id = this.ticketId();
    return id ? (this.stream.get(id) ?? null) : null;
  });
  /** The first cycle's progress while it runs. */
  protected readonly firstCycle = computed(() => (this.running() ? (this.status()?.firstCycle ?? null) : null));
  private readonly clock = inject(WALL_CLOCK);
  /** Ticks every second: quote ages are computed from each row's quote time against it, no delta needed. */
  protected readonly now = signal(this.clock.now());
  protected readonly freshness = computed(() => (this.rowCount() > 0 ? (this.grid()?.freshness() ?? null) : null));
  protected readonly age = formatAge;
  protected readonly count = (n: number) => n.toLocaleString('en-US');
  protected readonly emptyText = computed(() => {
    if (this.availability() === 'missing') return 'The scanner API is not available on this server yet';
    const p = this.firstCycle();
    if (p) return `Scanning… ${p.symbolsDone} of ${p.symbolsTotal} symbols, ${this.count(p.contractsDone)}${p.contractsTotal === null ? '' : ' of ' + this.count(p.contractsTotal)} contracts quoted: the first rows are on their way`;
    if (this.running()) return this.status()?.scans ? 'No spread matches the filters' : 'Scanning… the first rows are on their way';
    return 'No scan running: press Start scan (Ctrl/⌘ + S)';
  });
  protected readonly time = formatTime;
  /** " (oldest 12.3 s)" when the scanner says how old its oldest quote is. */
  protected readonly oldestAge = computed(() => {
    const ms = this.status()?.oldestQuoteAgeMs;
    return ms == null ? '' : ` (oldest ${formatAge(ms)})`;
  });

  constructor() {
    const shortcuts = inject(ShortcutsService);
    const destroyRef = inject(DestroyRef);
    shortcuts.register('scan.toggle', () => this.toggleScan(), destroyRef);
    shortcuts.register('filters.focus', () => this.filterPanel()?.focus(), destroyRef);
    shortcuts.register('ticket.open', () => this.openTicket(this.selectedId()), destroyRef);
    // The ticket's row and the selected row are kept fresh first, whether or not they are scrolled into view.
    effect(() => {
      const pinned = [this.ticketId(), this.selectedId()];
      untracked(() => this.visibleRows.setPinned(pinned));
    });
    const sub = this.stream.changes.subscribe(() => this.tick.update((n) => n + 1));
    const stopTicker = this.clock.every(1_000, () => this.now.set(this.clock.now()));
    destroyRef.onDestroy(() => {
      sub.unsubscribe();
      stopTicker();
    });
    this.api.status().subscribe({
      next: (s) => {
        this.availability.set('available');
        this.stream.status.set(s);
      },
      error: (e: unknown) => {
        if (e instanceof HttpErrorResponse && e.status === 404) this.availability.set('missing');
        else {
          this.availability.set('available');
          this.scanError.set(`Scanner status: ${apiErrorMessage(e)}`);
        }
      },
    });
  }

  protected onQuickFilter(event: Event): void {
    this.quickFilter.set((event.target as HTMLInputElement).value);
  }

  toggleScan(): void {
    if (this.busy() || this.availability() === 'missing') return;
    if (this.running()) this.stop();
    else this.start();
  }

  private start(): void {
    if (!this.form.valid()) {
      this.toasts.warning('Fix the filters first', 'Some fields are marked in the filter panel.');
      return;
    }
    this.busy.set(true);
    this.scanError.set(null);
    this.stream.clear();
    this.api.start(this.form.request()).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.stream.status.set(s);
        this.toasts.info('Scan started', `${s.symbols.join(', ') || this.form.request().symbols.join(', ')}`);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        const body = apiErrorBody(e);
        if (body?.statusCode === 400) this.form.setApiError(body);
        if (e instanceof HttpErrorResponse && e.status === 404) this.availability.set('missing');
        this.scanError.set(`The scan did not start: ${apiErrorMessage(e)}`);
      },
    });
  }

  private stop(): void {
    this.busy.set(true);
    this.api.stop().subscribe({
      next: (s) => {
        this.busy.set(false);
        this.stream.status.set(s);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.scanError.set(`The scan did not stop: ${apiErrorMessage(e)}`);
      },
    });
  }

  openTicket(id: string | null): void {
    if (!id) {
      this.toasts.info('Select a spread first', 'Click a row (or use the arrow keys and Space), then Ctrl/⌘ + E.');
      return;
    }
    this.selectedId.set(id);
    this.ticketId.set(id);
  }

  protected clearSelection(): void {
    this.grid()?.select(null);
    this.selectedId.set(null);
  }
}
