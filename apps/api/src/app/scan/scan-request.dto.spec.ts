import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ScanFiltersDto, ScanRequestDto } from './scan-request.dto';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

function check<T extends object>(cls: new () => T, plain: object) {
  return flatten(validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }));
}

const ok = { symbols: ['SPY', 'BRK.B'], spreadTypes: ['bull-put', 'bear-call'], widths: [1, 2.5, 5] };

describe('ScanRequestDto', () => {
  it('accepts a minimal and a full request', () => {
    expect(check(ScanRequestDto, ok)).toEqual([]);
    expect(
      check(ScanRequestDto, {
        ...ok,
        k: 0.5,
        maxRows: 200,
        presetId: 'p-1',
        filters: { dte: { min: 20, max: 45 }, shortDelta: { min: 0.2, max: 0.3 }, pop: { min: 0.6 }, earnings: 'exclude', onMissing: 'keep', minCredit: 0.5 },
      }),
    ).toEqual([]);
  });

  it('names the field and the allowed values', () => {
    expect(check(ScanRequestDto, { ...ok, spreadTypes: ['iron-condor'] })).toEqual([
      { field: 'spreadTypes', problems: ['spreadTypes must be an array of: bull-call, bear-put, bull-put, bear-call'] },
    ]);
    expect(check(ScanRequestDto, { ...ok, widths: [-1] })[0].field).toBe('widths');
    expect(check(ScanRequestDto, { ...ok, symbols: ['spy'] })[0].problems[0]).toContain('upper-case tickers');
    expect(check(ScanRequestDto, { ...ok, k: 1.5 })).toEqual([{ field: 'k', problems: ['k must be a number from 0 to 1'] }]);
    expect(check(ScanRequestDto, { ...ok, extra: true })[0].field).toBe('extra');
  });

  it('validates nested filter ranges with their bounds', () => {
    expect(check(ScanRequestDto, { ...ok, filters: { pop: { min: 1.2 } } })).toEqual([{ field: 'filters.pop.min', problems: ['filters.pop.min must be a number from 0 to 1'] }]);
    expect(check(ScanRequestDto, { ...ok, filters: { dte: { max: 30.5 } } })).toEqual([{ field: 'filters.dte.max', problems: ['filters.dte.max must be an integer from 0 to 1000'] }]);
    expect(check(ScanRequestDto, { ...ok, filters: { earnings: 'maybe' } })).toEqual([{ field: 'filters.earnings', problems: ['filters.earnings must be one of: exclude, flag'] }]);
    expect(check(ScanRequestDto, { ...ok, filters: { bogus: { min: 1 } } })[0].field).toBe('filters.bogus');
  });
});

describe('ScanFiltersDto ranges', () => {
  it('rejects min > max, naming the range', () => {
    expect(check(ScanFiltersDto, { shortDelta: { min: 0.4, max: 0.2 } })).toEqual([
      { field: 'shortDelta.max', problems: ['filters.shortDelta: min (0.4) must not be greater than max (0.2)'] },
    ]);
  });

  it('accepts min = max (bounds are inclusive) and open-ended ranges', () => {
    expect(check(ScanFiltersDto, { ivRank: { min: 50, max: 50 }, legOpenInterest: { min: 100 }, netTheta: { max: -1.5 } })).toEqual([]);
  });

  it('every filter is optional', () => {
    expect(check(ScanFiltersDto, {})).toEqual([]);
  });
});
