import { TestBed } from '@angular/core/testing';
import type { SpreadRow } from '@ibsc/shared-dto';
import { Subject } from 'rxjs';
import type { ColDef } from 'ag-grid-community';
import { freshnessOf, GRID_COLUMNS_STORAGE_KEY, SpreadGridComponent } from './spread-grid.component';
import { formatQuoteTime } from './spread-columns';
import type { RowTransaction } from './scan-stream.service';
import { makeSpreadRow } from '../../testing/spread-row.fixture';

const ROW = makeSpreadRow();

describe('SpreadGridComponent', () => {
  async function render(rows: SpreadRow[] = [], now = ROW.quoteTime + 1_500) {
    const fixture = TestBed.createComponent(SpreadGridComponent);
    fixture.componentRef.setInput('allColumns', true);
    fixture.componentRef.setInput('now', now);
    fixture.componentRef.setInput('rows', rows);
    await fixture.whenStable();
    // AG Grid renders asynchronously after its own init; give it a couple of frames.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const headers = (el: HTMLElement) =>
    Array.from(el.querySelectorAll('.ag-header-cell .ag-header-cell-text')).map((h) => h.textContent?.trim());

  it('shows every planned spread column, grouped', async () => {
    const el = await render();
    expect(headers(el)).toEqual([
      'Symbol',
      'Legs',
      'Type',
      'Expiry',
      'DTE',
      'Class / settle',
      'Width',
      'Mid',
      'Natural',
      'Expected',
      'Max profit',
      'Max loss',
      'Breakeven',
      'EV',
      'RoR',
      'Cr/W',
      'POP',
      'Touch',
      'IV rank',
      'IV pct',
      'Δ Delta',
      'Γ Gamma',
      'Θ Theta',
      'ν Vega',
      'Min OI',
      'Min vol',
      'Age',
      'Score',
      'Flags',
    ]);
    const groups = Array.from(el.querySelectorAll('.ag-header-group-text')).map((g) => g.textContent?.trim());
    expect(groups).toEqual([
      'Spread',
      'Contract',
      'Price',
      'Risk / reward',
      'Probability',
      'Volatility',
      'Greeks',
      'Liquidity',
      'Quality',
    ]);
  });

  it('updates the empty-grid message when it changes', async () => {
    const fixture = TestBed.createComponent(SpreadGridComponent);
    fixture.componentRef.setInput('allColumns', true);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 50));
    fixture.componentRef.setInput('emptyText', 'The scanner API is not available');
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((fixture.nativeElement as HTMLElement).querySelector('.ag-overlay')?.textContent).toContain('The scanner API is not available');
  });

  it('says no scan is running while empty', async () => {
    const el = await render();
    expect(el.querySelector('.ag-overlay')?.textContent).toContain('No scan running');
    expect(el.querySelectorAll('.ag-center-cols-container .ag-row')).toHaveLength(0);
  });

  it('formats a spread row for reading', async () => {
    const el = await render([ROW]);
    const cell = (colId: string) =>
      el.querySelector(`.ag-row[row-id="${ROW.id}"] [col-id="${colId}"]`)?.textContent?.trim();
    expect(cell('legs')).toBe('−450P / +445P');
    expect(cell('expiry')).toBe('2026-12-19');
    expect(cell('mid')).toBe('1.01');
    expect(cell('pop')).toBe('78.1 %');
    expect(cell('ror')).toBe('24.0 %');
    expect(cell('gamma')).toBe('-0.412');
    expect(cell('minOpenInterest')).toBe('3100');
    expect(cell('quoteAge')).toBe('1.5 s');
    expect(cell('flags')).toBe('MISSING_VOLUME');
    expect(el.querySelector('.ag-overlay')?.textContent ?? '').not.toContain('No scan running');
  });

  it('shows a dash where a value is missing', async () => {
    const el = await render([makeSpreadRow({ greeks: null, returnOnRisk: null, ivRank: null })]);
    const cell = (colId: string) => el.querySelector(`.ag-row [col-id="${colId}"]`)?.textContent?.trim();
    expect(cell('delta')).toBe('—');
    expect(cell('ror')).toBe('—');
    expect(cell('ivRank')).toBe('—');
  });

  describe('live updates', () => {
    async function live(rows: SpreadRow[]) {
      localStorage.clear();
      const fixture = TestBed.createComponent(SpreadGridComponent);
    fixture.componentRef.setInput('allColumns', true);
      fixture.componentRef.setInput('now', ROW.quoteTime + 1_500);
      const tx = new Subject<RowTransaction>();
      fixture.componentRef.setInput('rows', rows);
      fixture.componentRef.setInput('transactions', tx);
      const selections: Array<string | null> = [];
      fixture.componentInstance.selectionChange.subscribe((id) => selections.push(id));
      const inView: string[][] = [];
      fixture.componentInstance.rowsInView.subscribe((ids) => inView.push(ids));
      const settle = async () => {
        await fixture.whenStable();
        await new Promise((resolve) => setTimeout(resolve, 60));
        fixture.componentInstance.flush();
        // AG Grid calls the grid options' event callbacks (onModelUpdated: the rows in view) from a setTimeout(0) of
        // its own. On a loaded machine its 50 ms batch and the 60 ms above expire together, so that timeout is still
        // queued here: one more turn of the timers runs it.
        await new Promise((resolve) => setTimeout(resolve, 0));
        await fixture.whenStable();
      };
      await settle();
      const el = fixture.nativeElement as HTMLElement;
      const rowIds = () => [...new Set(Array.from(el.querySelectorAll('.ag-row[row-id]')).map((r) => r.getAttribute('row-id')))];
      const cell = (id: string, col: string) => el.querySelector(`.ag-row[row-id="${id}"] [col-id="${col}"]`)?.textContent?.trim();
      return { fixture, tx, settle, el, rowIds, cell, selections, inView, grid: fixture.componentInstance };
    }
    const A = makeSpreadRow({ id: 'A', score: 60 });
    const B = makeSpreadRow({ id: 'B', score: 80 });

    it('applies transactions by id, sorted by score, keeping the selection', async () => {
      const { tx, settle, rowIds, cell, grid, selections } = await live([A, B]);
      expect(rowIds().sort()).toEqual(['A', 'B']);
      grid.select('A');
      tx.next({ add: [makeSpreadRow({ id: 'C', score: 99 })], update: [{ ...A, score: 90, pop: 0.5 }], remove: [B] });
      await settle();
      expect(rowIds().sort()).toEqual(['A', 'C']);
      expect(cell('A', 'pop')).toBe('50.0 %');
      expect(selections).toEqual(['A']);
      expect(grid.displayedRows()).toBe(2);
    });

    it('keeps transactions that arrive before the grid is ready, in order', async () => {
      const fixture = TestBed.createComponent(SpreadGridComponent);
    fixture.componentRef.setInput('allColumns', true);
      const tx = new Subject<RowTransaction>();
      fixture.componentRef.setInput('rows', [A]);
      fixture.componentRef.setInput('transactions', tx);
      fixture.detectChanges();
      tx.next({ add: [B], update: [], remove: [] });
      tx.next({ add: [], update: [{ ...B, pop: 0.33 }], remove: [A] });
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 60));
      await fixture.whenStable();
      const el = fixture.nativeElement as HTMLElement;
      expect([...new Set(Array.from(el.querySelectorAll('.ag-row[row-id]')).map((r) => r.getAttribute('row-id')))]).toEqual(['B']);
      expect(el.querySelector('.ag-row[row-id="B"] [col-id="pop"]')?.textContent?.trim()).toBe('33.0 %');
    });

    it('drops the empty-grid message once rows stream in', async () => {
      const { fixture, tx, settle, el } = await live([]);
      fixture.componentRef.setInput('emptyText', 'Scanning…');
      await settle();
      expect(el.querySelector('.ag-overlay')?.textContent).toContain('Scanning…');
      tx.next({ add: [A], update: [], remove: [] });
      await settle();
      expect(el.querySelector('.ag-overlay')?.textContent ?? '').not.toContain('Scanning…');
    });

    it('flashes changed cells', async () => {
      const { tx, settle, el } = await live([A]);
      tx.next({ add: [], update: [{ ...A, pop: 0.42 }], remove: [] });
      await settle();
      expect(el.querySelector('.ag-row[row-id="A"] [col-id="pop"].ag-cell-data-changed, .ag-row[row-id="A"] [col-id="pop"].ag-cell-data-changed-animation')).not.toBeNull();
    });

    it('ages every row from its quote time as the clock ticks (no delta), dims old quotes, shows the quote time as a tooltip, and measures the freshness of the rows shown', async () => {
      const t0 = ROW.quoteTime;
      const fresh = makeSpreadRow({ id: 'F', quoteTime: t0 + 10_000 });
      const old = makeSpreadRow({ id: 'O', symbol: 'QQQ', tradingClass: 'QQQ', quoteTime: t0 });
      const mid = makeSpreadRow({ id: 'M', quoteTime: t0 + 6_000 });
      const { fixture, settle, cell, el, grid } = await live([fresh, old, mid]);
      const ageCell = (id: string) => el.querySelector(`.ag-row[row-id="${id}"] [col-id="quoteAge"]`) as HTMLElement;
      fixture.componentRef.setInput('now', t0 + 12_000);
      await settle();
      expect([cell('F', 'quoteAge'), cell('M', 'quoteAge'), cell('O', 'quoteAge')]).toEqual(['2.0 s', '6.0 s', '12.0 s']);
      expect(ageCell('O').classList.contains('cell--old')).toBe(false);
      expect(grid.freshness()).toEqual({ rows: 3, medianMs: 6_000, worstMs: 12_000 });
      // Four seconds later: older, without any transaction; the oldest is now past 15 s and dimmed.
      fixture.componentRef.setInput('now', t0 + 16_000);
      await settle();
      expect([cell('F', 'quoteAge'), cell('O', 'quoteAge')]).toEqual(['6.0 s', '16.0 s']);
      expect(ageCell('O').classList.contains('cell--old')).toBe(true);
      expect(ageCell('F').classList.contains('cell--old')).toBe(false);
      expect(grid.freshness()).toEqual({ rows: 3, medianMs: 10_000, worstMs: 16_000 });
      // The freshness covers the rows shown: the quick filter leaves SPY's two.
      fixture.componentRef.setInput('quickFilter', 'spy');
      await settle();
      expect(grid.freshness()).toEqual({ rows: 2, medianMs: 8_000, worstMs: 10_000 });
      // The tooltip: the quote time, to the millisecond, in the browser's zone.
      const colDef = grid['columns'].flatMap((g) => ('children' in g ? g.children : [g])).find((c) => 'colId' in c && c.colId === 'quoteAge') as ColDef<SpreadRow>;
      const tip = (colDef.tooltip as (p: unknown) => string)({ data: old });
      expect(tip).toBe(`Quote time ${formatQuoteTime(t0)} (the older leg's)`);
      const d = new Date(t0);
      expect(formatQuoteTime(t0)).toContain(`${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.000`);
    });

    it('freshness: median of an even count is the mean of the middle two; none without rows', () => {
      expect(freshnessOf([])).toBeNull();
      expect(freshnessOf([4, 1, 3, 10])).toEqual({ rows: 4, medianMs: 3.5, worstMs: 10 });
      expect(freshnessOf([7])).toEqual({ rows: 1, medianMs: 7, worstMs: 7 });
    });

    it('reports the rows in view, in display order, when they change (rows, re-sort by score, filter), and only then', async () => {
      const { fixture, tx, settle, inView, grid } = await live([A, B]);
      expect(inView).toEqual([['B', 'A']]); // sorted by score
      tx.next({ add: [makeSpreadRow({ id: 'C', score: 99 })], update: [], remove: [] });
      await settle();
      expect(inView.at(-1)).toEqual(['C', 'B', 'A']);
      const count = inView.length;
      tx.next({ add: [], update: [{ ...A, pop: 0.5 }], remove: [] }); // same rows, same order
      await settle();
      expect(inView).toHaveLength(count);
      grid.select('A');
      await settle();
      expect(inView).toHaveLength(count);
      fixture.componentRef.setInput('quickFilter', 'no-such-symbol');
      await settle();
      expect(inView.at(-1)).toEqual([]);
    });

    it('filters quickly by text', async () => {
      const { fixture, settle, grid } = await live([A, makeSpreadRow({ id: 'Q', symbol: 'QQQ' })]);
      expect(grid.displayedRows()).toBe(2);
      fixture.componentRef.setInput('quickFilter', 'qqq');
      await settle();
      expect(grid.displayedRows()).toBe(1);
    });

    it('hides a column through the chooser API and remembers it', async () => {
      const { grid, settle, el } = await live([A]);
      grid.setColumnVisible('touch', false);
      grid.setColumnVisible('symbol', false); // locked
      await settle();
      expect(el.querySelector('.ag-header-cell[col-id="touch"]')).toBeNull();
      expect(el.querySelector('.ag-header-cell[col-id="symbol"]')).not.toBeNull();
      expect(grid.chooserColumns().find((c) => c.colId === 'touch')?.visible).toBe(false);
      const saved = JSON.parse(localStorage.getItem(GRID_COLUMNS_STORAGE_KEY) ?? '[]') as Array<{ colId: string; hide: boolean }>;
      expect(saved.find((c) => c.colId === 'touch')?.hide).toBe(true);
    });

    it('restores the saved columns on the next visit', async () => {
      localStorage.setItem(GRID_COLUMNS_STORAGE_KEY, JSON.stringify([{ colId: 'ev', hide: true }]));
      const fixture = TestBed.createComponent(SpreadGridComponent);
    fixture.componentRef.setInput('allColumns', true);
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(fixture.componentInstance.chooserColumns().find((c) => c.colId === 'ev')?.visible).toBe(false);
      localStorage.clear();
    });
  });
});
