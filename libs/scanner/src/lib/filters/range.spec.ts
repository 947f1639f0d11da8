import { Verdict } from './filter';
import { bothVerdict, inRange, isActive, rangeVerdict } from './range';

describe('range semantics: both bounds inclusive, 1e-9 tolerance, missing is its own verdict', () => {
  it('includes both bounds', () => {
    expect(inRange(0.2, { min: 0.2, max: 0.3 })).toBe(true);
    expect(inRange(0.3, { min: 0.2, max: 0.3 })).toBe(true);
    expect(inRange(0.19, { min: 0.2, max: 0.3 })).toBe(false);
    expect(inRange(0.31, { min: 0.2, max: 0.3 })).toBe(false);
  });

  it('tolerates floating-point noise at a bound, and nothing more', () => {
    expect(inRange(0.1 + 0.2, { max: 0.3 })).toBe(true); // 0.30000000000000004
    expect(inRange(0.3 + 1e-8, { max: 0.3 })).toBe(false);
  });

  it('treats an open side as unbounded', () => {
    expect(inRange(1e12, { min: 5 })).toBe(true);
    expect(inRange(-1e12, { max: 5 })).toBe(true);
    expect(isActive({})).toBe(false);
    expect(isActive(undefined)).toBe(false);
    expect(isActive({ min: 0 })).toBe(true);
  });

  it('returns the missing verdict for null/NaN values', () => {
    expect(rangeVerdict(null, { min: 1 }, Verdict.KeptMissing)).toBe(Verdict.KeptMissing);
    expect(rangeVerdict(Number.NaN, { min: 1 }, Verdict.Fail)).toBe(Verdict.Fail);
  });

  it('per-leg ranges: both legs must pass; a failing leg fails even if the other is missing', () => {
    expect(bothVerdict(200, 300, { min: 100 }, Verdict.KeptMissing)).toBe(Verdict.Pass);
    expect(bothVerdict(50, 300, { min: 100 }, Verdict.KeptMissing)).toBe(Verdict.Fail);
    expect(bothVerdict(50, null, { min: 100 }, Verdict.KeptMissing)).toBe(Verdict.Fail);
    expect(bothVerdict(200, null, { min: 100 }, Verdict.KeptMissing)).toBe(Verdict.KeptMissing);
    expect(bothVerdict(200, null, { min: 100 }, Verdict.Fail)).toBe(Verdict.Fail);
  });
});
