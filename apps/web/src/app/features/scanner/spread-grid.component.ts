import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, output, signal } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  type ColDef,
  type ColGroupDef,
  type ColumnState,
  CsvExportModule,
  type GetRowIdParams,
  type GridApi,
  type GridOptions,
  type GridReadyEvent,
  HighlightChangesModule,
  type Module,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  TooltipModule,
  ValidationModule,
} from 'ag-grid-community';
import { SCAN_VISIBLE_MAX_IDS, type SpreadRow } from '@ibsc/shared-dto';
import type { Observable, Subscription } from 'rxjs';
import { WALL_CLOCK } from '../../core/time/wall-clock';
import { consoleGridTheme } from '../../shared/grid-theme';
import { quoteAgeAt, SPREAD_COLUMNS, type SpreadGridContext } from './spread-columns';
import type { RowTransaction } from './scan-stream.service';

/**
 * Grid modules, registered per grid (not globally). Every feature used by the column defs or grid options
 * must be listed: a missing module builds fine and only fails in the browser (AG Grid error #200).
 * ValidationModule (dev builds only) explains such mistakes in the console.
 */
export const SPREAD_GRID_MODULES: Module[] = [
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  CellStyleModule,
  TooltipModule,
  RowSelectionModule,
  RowApiModule,
  RenderApiModule,
  QuickFilterModule,
  HighlightChangesModule,
  ColumnApiModule,
  CsvExportModule,
  ...(typeof ngDevMode === 'undefined' || ngDevMode ? [ValidationModule] : []),
];

export const GRID_COLUMNS_STORAGE_KEY = 'ibsc.scanGrid.columns';

/** A leaf column as the column chooser lists it. */
export interface ChooserColumn {
  colId: string;
  header: string;
  group: string;
  visible: boolean;
}

function leafColumns(): Array<{ colId: string; header: string; group: string }> {
  const out: Array<{ colId: string; header: string; group: string }> = [];
  const walk = (defs: Array<ColDef<SpreadRow> | ColGroupDef<SpreadRow>>, group: string) => {
    for (const d of defs) {
      if ('children' in d) walk(d.children, d.headerName ?? group);
      else if (d.colId) out.push({ colId: d.colId, header: d.headerName ?? d.colId, group });
    }
  };
  walk(SPREAD_COLUMNS, '');
  return out;
}

/** How fresh the rows shown are: median and worst quote age over the rows the grid displays (after the quick filter). */
export interface TableFreshness {
  rows: number;
  medianMs: number;
  worstMs: number;
}

/** Median and worst of quote ages (null for none). */
export function freshnessOf(ages: number[]): TableFreshness | null {
  if (ages.length === 0) return null;
  const sorted = [...ages].sort((a, b) => a - b);
  const n = sorted.length;
  const medianMs = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { rows: n, medianMs, worstMs: sorted[n - 1] };
}

/** Columns the user cannot hide (the row would be unreadable without them). */
const ALWAYS_VISIBLE = new Set(['symbol', 'legs']);

/**
 * The scanner's results grid. Rows arrive as transactions (`transactions` input; batched with
 * applyTransactionAsync), never as a new rowData: selection, sort and scroll survive every update and changed
 * cells flash. Column visibility, order, width and sort persist in localStorage.
 */
@Component({
  selector: 'ibsc-spread-grid',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AgGridAngular],
  template: `
    <ag-grid-angular
      class="spread-grid"
      [modules]="modules"
      [theme]="theme"
      [gridOptions]="gridOptions"
      [suppressColumnVirtualisation]="allColumns()"
      [columnDefs]="columns"
      [rowData]="rows()"
      (gridReady)="onReady($event)"
    />
  `,
  styles: `
    :host {
      display: block;
      height: 100%;
      min-height: 20rem;
    }
    .spread-grid {
      display: block;
      width: 100%;
      height: 100%;
    }
  `,
})
export class SpreadGridComponent {
  /** Rows at creation; later changes come through `transactions`. */
  readonly rows = input<SpreadRow[]>([]);
  readonly transactions = input<Observable<RowTransaction> | null>(null);
  /** Shown over the grid while it has no rows. */
  readonly emptyText = input('No scan running');
  readonly quickFilter = input('');
  /** Render every column, not just those in view (needed where there is no layout, e.g. jsdom). */
  readonly allColumns = input(false);
  /** The time quote ages are measured against (epoch ms; the page ticks it every second); null: the browser's clock. */
  readonly now = input<number | null>(null);
  /** Milliseconds AG Grid batches async transactions for. */
  readonly batchMs = input(50);
  /** The selected spread's id (null when none); kept while the row updates. */
  readonly selectionChange = output<string | null>();
  /** Enter or double-click on a row. */
  readonly rowOpen = output<string>();
  /** Ids of the rows in the viewport (display order, at most SCAN_VISIBLE_MAX_IDS), whenever that list changes. */
  readonly rowsInView = output<string[]>();

  protected readonly modules = SPREAD_GRID_MODULES;
  protected readonly theme = consoleGridTheme;
  protected readonly columns = SPREAD_COLUMNS;
  private api: GridApi<SpreadRow> | null = null;
  /** Set once the grid is ready, so effects that need the API run again then. */
  private readonly ready = signal(false);
  private subscription: Subscription | null = null;
  private pending: RowTransaction[] = [];
  private ownOverlay = false;
  private readonly leaves = leafColumns();
  private lastInView: string[] = [];
  /** The chooser's view of the columns. */
  readonly chooserColumns = signal<ChooserColumn[]>(this.leaves.map((c) => ({ ...c, visible: true })));
  readonly displayedRows = signal(0);
  /** Median and worst quote age of the rows displayed, as of `now`; null without rows. */
  readonly freshness = signal<TableFreshness | null>(null);
  private readonly clock = inject(WALL_CLOCK);
  private readonly context: SpreadGridContext = { now: () => this.now() ?? this.clock.now() };

  protected readonly gridOptions: GridOptions<SpreadRow> = {
    getRowId: (p: GetRowIdParams<SpreadRow>) => p.data.id,
    context: this.context,
    defaultColDef: { sortable: true, resizable: true, enableCellChangeFlash: true },
    // Sorted by score while scores move: sort only the rows a transaction touched.
    deltaSort: true,
    animateRows: false,
    tooltipShowDelay: 400,
    rowSelection: { mode: 'singleRow', checkboxes: false, enableClickSelection: true },
    asyncTransactionWaitMillis: 50,
    cellFlashDuration: 600,
    cellFadeDuration: 400,
    onSelectionChanged: (e) => this.selectionChange.emit(e.api.getSelectedRows()[0]?.id ?? null),
    onRowDoubleClicked: (e) => e.data && this.rowOpen.emit(e.data.id),
    onCellKeyDown: (e) => {
      const key = (e.event as KeyboardEvent | null)?.key;
      if (key === 'Enter' && e.data) this.rowOpen.emit(e.data.id);
    },
    onColumnVisible: () => this.saveColumns(),
    onColumnMoved: (e) => e.finished && this.saveColumns(),
    onColumnResized: (e) => e.finished && e.source !== 'flex' && this.saveColumns(),
    onSortChanged: () => {
      this.saveColumns();
      this.reportRowsInView();
    },
    onFilterChanged: () => this.reportRowsInView(),
    onViewportChanged: () => this.reportRowsInView(),
    onBodyScrollEnd: () => this.reportRowsInView(),
    onModelUpdated: (e) => {
      this.reportRowsInView();
      const count = e.api.getDisplayedRowCount();
      this.displayedRows.set(count);
      this.measureFreshness();
      // A no-rows overlay shown by hand (see the emptyText effect) stays until hidden: hide it once rows arrive.
      if (count > 0 && this.ownOverlay) {
        this.ownOverlay = false;
        e.api.hideOverlay();
      }
    },
  };

  constructor() {
    effect(() => {
      const text = this.quickFilter(); // read first: a short-circuited read would not be tracked
      if (this.ready()) this.api?.setGridOption('quickFilterText', text);
    });
    // The no-rows overlay does not re-render when its params change: set them, then show it again.
    effect(() => {
      const overlayText = this.emptyText();
      const api = this.api;
      if (!this.ready() || !api || api.isDestroyed()) return;
      api.setGridOption('overlayComponentParams', { noRows: { overlayText } });
      if (api.getDisplayedRowCount() === 0) {
        api.hideOverlay();
        api.showNoRowsOverlay();
        this.ownOverlay = true;
      }
    });
    // Ages grow with time, not with deltas: re-read the Age column and the freshness on every tick.
    effect(() => {
      this.now();
      const api = this.api;
      if (!this.ready() || !api || api.isDestroyed()) return;
      api.refreshCells({ columns: ['quoteAge'] });
      this.measureFreshness();
    });
    effect(() => {
      const source = this.transactions();
      this.subscription?.unsubscribe();
      this.subscription = source?.subscribe((tx) => this.apply(tx)) ?? null;
    });
    inject(DestroyRef).onDestroy(() => {
      this.subscription?.unsubscribe();
      this.api = null;
    });
  }

  protected onReady(event: GridReadyEvent<SpreadRow>): void {
    this.api = event.api;
    this.api.setGridOption('asyncTransactionWaitMillis', this.batchMs());
    this.restoreColumns();
    const pending = this.pending;
    this.pending = [];
    for (const tx of pending) this.api.applyTransaction({ add: tx.add, update: tx.update, remove: tx.remove });
    this.ready.set(true);
    this.refreshChooser();
    this.reportRowsInView();
  }

  private apply(tx: RowTransaction): void {
    if (!this.api) {
      this.pending.push(tx); // the grid is still starting: keep the order, apply once it is ready
      return;
    }
    if (this.api.isDestroyed()) return;
    this.api.applyTransactionAsync({ add: tx.add, update: tx.update, remove: tx.remove });
  }

  private measureFreshness(): void {
    const api = this.api;
    if (!api || api.isDestroyed()) return;
    const now = this.context.now();
    const ages: number[] = [];
    api.forEachNodeAfterFilter((node) => {
      if (node.data) ages.push(quoteAgeAt(node.data, now));
    });
    this.freshness.set(freshnessOf(ages));
  }

  /** Emits `rowsInView` when the rows between the first and last displayed index differ from the last ones emitted. */
  private reportRowsInView(): void {
    const api = this.api;
    if (!api || api.isDestroyed()) return;
    const ids: string[] = [];
    const last = api.getLastDisplayedRowIndex();
    for (let i = Math.max(0, api.getFirstDisplayedRowIndex()); i <= last && ids.length < SCAN_VISIBLE_MAX_IDS; i++) {
      const id = api.getDisplayedRowAtIndex(i)?.data?.id;
      if (id) ids.push(id);
    }
    if (ids.length === this.lastInView.length && ids.every((id, i) => id === this.lastInView[i])) return;
    this.lastInView = ids;
    this.rowsInView.emit(ids);
  }

  /** Applies any batched transactions now (tests, benchmarks). */
  flush(): void {
    this.api?.flushAsyncTransactions();
  }

  /** Selects a row by id (keyboard shortcut targets, tests); null clears the selection. */
  select(id: string | null): void {
    if (!this.api) return;
    if (id === null) this.api.deselectAll();
    else this.api.getRowNode(id)?.setSelected(true, true);
  }

  setColumnVisible(colId: string, visible: boolean): void {
    if (ALWAYS_VISIBLE.has(colId)) return;
    this.api?.setColumnsVisible([colId], visible);
    this.refreshChooser();
  }

  /** Every column back: visible, default order, widths and sort. */
  resetColumns(): void {
    this.api?.resetColumnState();
    try {
      localStorage.removeItem(GRID_COLUMNS_STORAGE_KEY);
    } catch {
      // ignore
    }
    this.refreshChooser();
  }

  exportCsv(fileName = `spreads-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`): void {
    this.api?.exportDataAsCsv({ fileName, onlySelected: false });
  }

  canHide(colId: string): boolean {
    return !ALWAYS_VISIBLE.has(colId);
  }

  private refreshChooser(): void {
    const api = this.api;
    if (!api) return;
    this.chooserColumns.set(this.leaves.map((c) => ({ ...c, visible: api.getColumn(c.colId)?.isVisible() ?? true })));
  }

  private saveColumns(): void {
    if (!this.api) return;
    this.refreshChooser();
    try {
      localStorage.setItem(GRID_COLUMNS_STORAGE_KEY, JSON.stringify(this.api.getColumnState()));
    } catch {
      // ignore
    }
  }

  private restoreColumns(): void {
    try {
      const raw = localStorage.getItem(GRID_COLUMNS_STORAGE_KEY);
      if (raw) this.api?.applyColumnState({ state: JSON.parse(raw) as ColumnState[], applyOrder: true });
    } catch {
      localStorage.removeItem(GRID_COLUMNS_STORAGE_KEY);
    }
  }
}
