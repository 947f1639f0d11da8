import { Verdict, type Filter } from './filter';
import { FilterChain } from './filter-chain';

const items = Array.from({ length: 100 }, (_, i) => i);
const f = (id: string, cost: number, pass: (x: number) => boolean, calls?: { n: number }): Filter<number> => ({
  id,
  label: id,
  cost,
  test: (x) => {
    if (calls) calls.n++;
    return pass(x) ? Verdict.Pass : Verdict.Fail;
  },
});

describe('FilterChain', () => {
  it('reports the funnel: rows left after each filter, in the order run', () => {
    const chain = new FilterChain([f('even', 1, (x) => x % 2 === 0), f('small', 1, (x) => x < 30)]);
    const { kept, steps } = chain.run(items);
    expect(kept).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28]);
    expect(steps.map((s) => [s.id, s.before, s.after])).toEqual([
      ['even', 100, 50],
      ['small', 50, 15],
    ]);
  });

  it('reorders by measured selectivity so the most selective cheap filter runs first', () => {
    const loose = { n: 0 };
    const tight = { n: 0 };
    const chain = new FilterChain([f('loose', 1, (x) => x < 90, loose), f('tight', 1, (x) => x % 10 === 0, tight)]);
    expect(chain.order()).toEqual(['loose', 'tight']); // no measurements yet: declared order
    chain.run(items);
    expect(loose.n + tight.n).toBe(100 + 90);
    expect(chain.order()).toEqual(['tight', 'loose']); // tight passes 10 %, loose 90 %
    loose.n = tight.n = 0;
    const { kept, steps } = chain.run(items);
    expect(loose.n + tight.n).toBe(100 + 10); // less work, same answer
    expect(kept).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    expect(steps.map((s) => [s.id, s.after])).toEqual([
      ['tight', 10],
      ['loose', 9],
    ]);
  });

  it('weighs cost: a costly filter runs later unless it is much more selective', () => {
    const chain = new FilterChain([f('costly', 10, (x) => x < 50), f('cheap', 1, (x) => x < 80)]);
    chain.run(items);
    // Priors (0.5): costly 10/0.5 = 20, cheap 1/0.5 = 2, so cheap ran first and saw 100, passing 80;
    // costly then saw those 80 and passed 50: its measured pass rate is conditional, 0.625, rank 10/0.375.
    expect(chain.order()).toEqual(['cheap', 'costly']);
    const stats = Object.fromEntries(chain.stats().map((s) => [s.id, s]));
    expect(stats['cheap'].passRate).toBeCloseTo(0.8, 12);
    expect(stats['cheap'].rank).toBeCloseTo(5, 12);
    expect(stats['costly'].passRate).toBeCloseTo(0.625, 12);
    expect(stats['costly'].rank).toBeCloseTo(10 / 0.375, 12);
  });

  it('follows a change in selectivity over runs (decayed counts)', () => {
    let threshold = 10;
    const chain = new FilterChain([f('a', 1, (x) => x < threshold), f('b', 1, (x) => x < 50)], { decay: 0.5 });
    chain.run(items);
    expect(chain.order()).toEqual(['a', 'b']);
    threshold = 95; // a becomes loose
    for (let i = 0; i < 4; i++) chain.run(items);
    expect(chain.order()).toEqual(['b', 'a']);
  });

  it('keeps items whose field is missing and counts them', () => {
    const chain = new FilterChain<number>([{ id: 'oi', label: 'oi', cost: 1, test: (x) => (x % 3 === 0 ? Verdict.KeptMissing : x > 50 ? Verdict.Pass : Verdict.Fail) }]);
    const { kept, steps } = chain.run(items);
    expect(steps[0].keptMissing).toBe(34);
    expect(kept.length).toBe(34 + items.filter((x) => x % 3 !== 0 && x > 50).length);
  });

  it('with no filters returns a copy of the input', () => {
    const out = new FilterChain<number>([]).run(items);
    expect(out.kept).toEqual(items);
    expect(out.kept).not.toBe(items);
    expect(out.steps).toEqual([]);
  });
});
