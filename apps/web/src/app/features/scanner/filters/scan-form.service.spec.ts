import { TestBed } from '@angular/core/testing';
import { signedIn } from '../../../testing/signed-in';
import { SCAN_URL } from '../scan-api.service';
import { MATCH_COUNT_DEBOUNCE_MS, SCAN_FORM_STORAGE_KEY, ScanFormService } from './scan-form.service';

describe('ScanFormService', () => {
  afterEach(() => jest.useRealTimers());

  it('asks for a match count after edits settle, and shows the API refusal by field', () => {
    jest.useFakeTimers();
    const t = signedIn();
    const form = TestBed.inject(ScanFormService);
    TestBed.tick();
    jest.advanceTimersByTime(MATCH_COUNT_DEBOUNCE_MS + 10);
    t.http().expectOne(`${SCAN_URL}/preview-count`).flush({ matched: 42 });
    expect(form.matchCount()).toEqual({ state: 'ready', count: 42 });

    form.setRange('pop', { enabled: true, min: 0.9, max: 0.95 });
    TestBed.tick();
    jest.advanceTimersByTime(MATCH_COUNT_DEBOUNCE_MS + 10);
    t.http()
      .expectOne(`${SCAN_URL}/preview-count`)
      .flush(
        { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'bad', details: [{ field: 'filters.pop.max', problems: ['too strict'] }] },
        { status: 400, statusText: 'Bad Request' },
      );
    expect(form.errors()['pop']).toEqual(['too strict']);
    expect(form.matchCount().state).toBe('unavailable');
  });

  it('says the count is not available when the scanner API is missing', () => {
    jest.useFakeTimers();
    const t = signedIn();
    const form = TestBed.inject(ScanFormService);
    TestBed.tick();
    jest.advanceTimersByTime(MATCH_COUNT_DEBOUNCE_MS + 10);
    t.http().expectOne(`${SCAN_URL}/preview-count`).flush('no', { status: 404, statusText: 'Not Found' });
    expect(form.matchCount()).toEqual({ state: 'unavailable', message: 'the scanner API is not available' });
  });

  it('remembers the form across visits and resets to defaults', () => {
    signedIn();
    const form = TestBed.inject(ScanFormService);
    form.update((s) => ({ ...s, symbols: ['NVDA'] }));
    expect(JSON.parse(localStorage.getItem(SCAN_FORM_STORAGE_KEY) ?? '{}').symbols).toEqual(['NVDA']);
    form.reset();
    expect(form.state().symbols).toEqual(['SPY', 'QQQ', 'IWM']);
  });

  it('marks an invalid form and skips the count', () => {
    jest.useFakeTimers();
    const t = signedIn();
    const form = TestBed.inject(ScanFormService);
    form.update((s) => ({ ...s, spreadTypes: [] }));
    TestBed.tick();
    jest.advanceTimersByTime(MATCH_COUNT_DEBOUNCE_MS + 10);
    t.http().expectNone(`${SCAN_URL}/preview-count`);
    expect(form.valid()).toBe(false);
    expect(form.matchCount()).toEqual({ state: 'invalid' });
  });
});
