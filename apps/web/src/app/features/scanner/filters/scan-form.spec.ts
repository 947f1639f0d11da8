import { defaultScanForm, fieldErrors, fromPresetFilters, localProblems, toPresetFilters, toScanRequest } from './scan-form';

describe('scan form model', () => {
  it('sends only switched-on filters and leaves open bounds out', () => {
    const s = defaultScanForm();
    s.ranges.pop = { enabled: true, min: 0.7, max: null };
    s.ranges.ivRank = { enabled: false, min: 10, max: 20 };
    s.minCredit = { enabled: true, value: 0.4 };
    const req = toScanRequest(s, 'preset-1');
    expect(req.filters).toEqual({ dte: { min: 7, max: 45 }, shortDelta: { min: 0.15, max: 0.35 }, pop: { min: 0.7 }, minCredit: 0.4, earnings: 'flag' });
    expect(req.presetId).toBe('preset-1');
    expect(req.symbols).toEqual(['SPY', 'QQQ', 'IWM']);
  });

  it('stores only the filter set in a preset (the API validates it as ScanFiltersDto) and round-trips it', () => {
    const s = defaultScanForm();
    s.symbols = ['AAPL'];
    s.ranges.netTheta = { enabled: true, min: 1, max: null };
    s.onMissing = { enabled: true, value: 'exclude' };
    const stored = toPresetFilters(s);
    expect(Object.keys(stored)).not.toContain('symbols');
    const loaded = fromPresetFilters(stored, defaultScanForm());
    expect(loaded.ranges.netTheta).toEqual({ enabled: true, min: 1, max: null });
    expect(toScanRequest(loaded).filters).toEqual(toScanRequest(s).filters);
    expect(loaded.symbols).toEqual(['SPY', 'QQQ', 'IWM']);
  });

  it('restores the whole request (the form remembered across visits)', () => {
    const s = defaultScanForm();
    s.symbols = ['AAPL'];
    s.widths = [2.5];
    s.k = 0.3;
    expect(toScanRequest(fromPresetFilters({ ...toScanRequest(s) }))).toEqual(toScanRequest(s));
  });

  it('loads a preset holding bare filters (other clients), switching off what it does not name', () => {
    const s = fromPresetFilters({ dte: { min: 7, max: 45 }, earnings: 'exclude' });
    expect(s.ranges.dte).toEqual({ enabled: true, min: 7, max: 45 });
    expect(s.ranges.pop.enabled).toBe(false);
    expect(s.earnings).toEqual({ enabled: true, value: 'exclude' });
    expect(s.symbols).toEqual(defaultScanForm().symbols);
  });

  it('puts the API details next to the field they name', () => {
    const errors = fieldErrors({
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'Invalid scan request',
      details: [
        { field: 'filters.pop.max', problems: ['filters.pop: min (0.9) must not be greater than max (0.5)'] },
        { field: 'symbols.1', problems: ['unknown symbol ZZZZ'] },
        { field: 'filters.dte', problems: ['DTE beyond any expiry'] },
      ],
    });
    expect(errors['pop']).toEqual(['filters.pop: min (0.9) must not be greater than max (0.5)']);
    expect(errors['symbols']).toEqual(['unknown symbol ZZZZ']);
    expect(errors['dte']).toEqual(['DTE beyond any expiry']);
    expect(fieldErrors({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'nope' })).toEqual({ '': ['nope'] });
  });

  it('spots min above max and empty lists before asking the API', () => {
    const s = defaultScanForm();
    s.ranges.dte = { enabled: true, min: 50, max: 10 };
    s.symbols = [];
    const p = localProblems(s);
    expect(p['dte']?.[0]).toMatch(/above max/);
    expect(p['symbols']).toBeDefined();
    expect(localProblems(defaultScanForm())).toEqual({});
  });
});
