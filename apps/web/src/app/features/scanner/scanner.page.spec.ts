import { TestBed } from '@angular/core/testing';
import type { ScanStatus } from '@ibsc/shared-dto';
import { PRESETS_URL } from '../../presets/presets-api.service';
import { settle, signedIn } from '../../testing/signed-in';
import { makeSpreadRow } from '../../testing/spread-row.fixture';
import { SCAN_URL } from './scan-api.service';
import { ScannerPage } from './scanner.page';
import { ManualWallClock, WALL_CLOCK } from '../../core/time/wall-clock';

const status = (overrides: Partial<ScanStatus> = {}): ScanStatus => ({
  state: 'idle',
  startedAt: null,
  lastScanAt: null,
  scans: 0,
  lastScanMs: null,
  symbols: [],
  rows: 0,
  seq: 0,
  funnel: null,
  message: null,
  ...overrides,
});

describe('ScannerPage', () => {
  async function render(scanStatus: object | string, code = 200, clock = new ManualWallClock(1_763_700_000_000)) {
    const t = signedIn([{ provide: WALL_CLOCK, useValue: clock }]);
    const fixture = TestBed.createComponent(ScannerPage);
    await fixture.whenStable();
    t.http().expectOne(PRESETS_URL).flush([]);
    t.http()
      .expectOne(`${SCAN_URL}/status`)
      .flush(scanStatus, code === 200 ? undefined : { status: code, statusText: 'x' });
    await settle(fixture);
    const el = fixture.nativeElement as HTMLElement;
    const toggle = () => el.querySelector('[data-testid=scan-toggle]') as HTMLButtonElement;
    const key = (k: string) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: true, bubbles: true, cancelable: true }));
    return { t, fixture, el, toggle, key, page: fixture.componentInstance, clock };
  }

  it('shows the filters, the grid and a clear state when the scanner API is not there', async () => {
    const { el, toggle } = await render('nope', 404);
    expect(el.querySelector('h1')?.textContent).toContain('Scanner');
    expect(el.querySelector('aside[aria-label=Filters] ibsc-filter-panel')).not.toBeNull();
    expect(el.querySelector('[aria-label="Scan results"] ibsc-spread-grid ag-grid-angular')).not.toBeNull();
    expect(el.querySelector('[data-testid=scan-state]')?.textContent).toContain('not available on this server yet');
    expect(toggle().disabled).toBe(true);
  });

  it('starts a scan with the filter request, streams rows in, selects one, and opens the ticket with Ctrl+E', async () => {
    const { t, fixture, el, toggle, key, page } = await render(status());
    expect(toggle().textContent).toContain('Start scan');
    key('s');
    const start = t.http().expectOne(`${SCAN_URL}/start`);
    expect(start.request.body.symbols).toEqual(['SPY', 'QQQ', 'IWM']);
    expect(start.request.body.filters.dte).toEqual({ min: 7, max: 45 });
    start.flush(status({ state: 'running', symbols: ['SPY', 'QQQ', 'IWM'] }));
    await fixture.whenStable();
    expect(toggle().textContent).toContain('Stop scan');

    t.socket().fire('connect');
    t.socket().fire('scan.snapshot', { seq: 1, at: '2026-11-21T14:30:00.000Z', rows: [makeSpreadRow(), makeSpreadRow({ id: 'B', symbol: 'QQQ' })], funnel: null });
    await settle(fixture);
    fixture.debugElement.query((d) => d.name === 'ibsc-spread-grid').componentInstance.flush();
    await settle(fixture);
    expect(el.querySelector('[data-testid=scan-state]')?.textContent).toContain('2 rows');
    expect(el.querySelector('[data-testid=scan-state]')?.getAttribute('data-seq')).toBe('1');
    t.socket().fire('scan.delta', { seq: 2, at: '2026-11-21T14:30:01.000Z', added: [], updated: [makeSpreadRow({ id: 'B', symbol: 'QQQ' })], removed: [] });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=scan-state]')?.getAttribute('data-seq')).toBe('2');
    expect(el.querySelectorAll('.ag-row[row-id]').length).toBeGreaterThan(0);

    page.selectedId.set('B');
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=spread-detail] h2')?.textContent).toContain('QQQ');
    key('e');
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=order-ticket]')).not.toBeNull();

    t.socket().fire('scan.status', status({ state: 'running', health: 'stale', oldestQuoteAgeMs: 12_300 }));
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=scan-health]')?.textContent).toContain('stale quotes (oldest 12.3 s)');

    key('s');
    t.http().expectOne(`${SCAN_URL}/stop`).flush(status({ state: 'idle' }));
  });

  it('shows the first pass\'s progress instead of an empty grid, then the freshness of the rows shown', async () => {
    const { t, fixture, el, clock } = await render(status({ state: 'running', symbols: ['SPY', 'QQQ'], firstCycle: { symbolsDone: 0, symbolsTotal: 2, contractsDone: 0, contractsTotal: null } }));
    const state = () => el.querySelector('[data-testid=scan-state]')?.textContent ?? '';
    expect(el.querySelector('[data-testid=scan-progress]')?.textContent).toContain('first pass: 0/2 symbols · 0 contracts');
    t.socket().fire('connect');
    t.socket().fire('scan.status', status({ state: 'running', symbols: ['SPY', 'QQQ'], firstCycle: { symbolsDone: 1, symbolsTotal: 2, contractsDone: 1240, contractsTotal: 4810 } }));
    await settle(fixture);
    expect(el.querySelector('[data-testid=scan-progress]')?.textContent).toContain('first pass: 1/2 symbols · 1,240 of 4,810 contracts');
    expect(el.querySelector('.ag-overlay')?.textContent).toContain('Scanning… 1 of 2 symbols, 1,240 of 4,810 contracts quoted');
    expect(el.querySelector('[data-testid=scan-freshness]')).toBeNull();
    // Rows arrive (quotes 2 s and 8 s old at the page's clock): median and worst of the rows shown.
    const t0 = 1_763_700_000_000;
    clock.set(t0 + 10_000);
    t.socket().fire('scan.snapshot', { seq: 1, at: '2026-11-21T14:30:00.000Z', rows: [makeSpreadRow({ quoteTime: t0 + 8_000 }), makeSpreadRow({ id: 'B', symbol: 'QQQ', quoteTime: t0 + 2_000 })], funnel: null });
    await settle(fixture);
    fixture.debugElement.query((d) => d.name === 'ibsc-spread-grid').componentInstance.flush();
    await settle(fixture);
    expect(el.querySelector('[data-testid=scan-freshness]')?.textContent).toContain('quotes 5.0 s median, 8.0 s worst');
    clock.set(t0 + 12_000);
    await settle(fixture);
    expect(el.querySelector('[data-testid=scan-freshness]')?.textContent).toContain('quotes 7.0 s median, 10.0 s worst');
    // The first pass over: no progress badge.
    t.socket().fire('scan.status', status({ state: 'running', scans: 1, symbols: ['SPY', 'QQQ'], firstCycle: null }));
    await settle(fixture);
    expect(el.querySelector('[data-testid=scan-progress]')).toBeNull();
    expect(state()).toContain('scan #1');
  });

  it('shows the API refusal next to the filter it names', async () => {
    const { t, fixture, el, toggle } = await render(status());
    toggle().click();
    t.http()
      .expectOne(`${SCAN_URL}/start`)
      .flush(
        { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'Invalid scan request', details: [{ field: 'filters.dte.max', problems: ['filters.dte: DTE beyond any expiry'] }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=scan-error]')?.textContent).toContain('Invalid scan request');
    expect(el.querySelector('[data-filter=dte] [role=alert]')?.textContent).toContain('DTE beyond any expiry');
  });

  it('tells the server which rows it shows (ticket and selection first) and clears the list when left', async () => {
    const { t, fixture, page, clock } = await render(status({ state: 'running', symbols: ['SPY', 'QQQ'] }));
    const sent = () => t.socket().emitted.filter((e) => e.event === 'scan.visible').map((e) => (e.args[0] as { ids: string[] }).ids);
    t.socket().fire('connect');
    t.socket().fire('scan.snapshot', { seq: 1, at: '2026-11-21T14:30:00.000Z', rows: [makeSpreadRow({ id: 'A', score: 60 }), makeSpreadRow({ id: 'B', symbol: 'QQQ', score: 80 })], funnel: null });
    await settle(fixture);
    fixture.debugElement.query((d) => d.name === 'ibsc-spread-grid').componentInstance.flush();
    await settle(fixture);
    expect(sent()).toEqual([]); // debounced
    clock.advance(500);
    expect(sent()).toEqual([['B', 'A']]);
    page.openTicket('A');
    await fixture.whenStable();
    clock.advance(500);
    expect(sent()).toEqual([
      ['B', 'A'],
      ['A', 'B'],
    ]);
    fixture.destroy();
    expect(sent().at(-1)).toEqual([]);
  });

  it('asks for a selection before opening a ticket', async () => {
    const { key, fixture, el } = await render(status());
    key('e');
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=order-ticket]')).toBeNull();
  });
});
