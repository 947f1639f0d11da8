import { prepareChain } from '../chain/prepared-chain';
import { HAND_NOW, handChain } from '../testing/hand-chain';
import { buildVerticals } from './vertical-builder';

describe('buildVerticals', () => {
  const u = prepareChain(handChain(), HAND_NOW);
  const legs = (type: Parameters<typeof buildVerticals>[1]['types'][number], widths: number[]) =>
    buildVerticals(u, { types: [type], widths }).map((c) => [c.short.strike, c.long.strike, c.short.option.contract.right]);

  it('puts the long leg on the correct side for each type', () => {
    expect(legs('bull-put', [5])).toEqual([[100, 95, 'P'], [105, 100, 'P']]);
    expect(legs('bear-call', [5])).toEqual([[95, 100, 'C'], [100, 105, 'C']]);
    expect(legs('bull-call', [5])).toEqual([[100, 95, 'C'], [105, 100, 'C']]);
    expect(legs('bear-put', [5])).toEqual([[95, 100, 'P'], [100, 105, 'P']]);
  });

  it('builds every configured width whose partner strike is listed', () => {
    expect(legs('bull-put', [5, 10, 2.5])).toEqual([[100, 95, 'P'], [105, 100, 'P'], [105, 95, 'P']]);
    expect(legs('bull-put', [7])).toEqual([]);
  });

  it('skips legs that were not quoted', () => {
    const v = prepareChain(handChain({ override: { P95: null } }), HAND_NOW);
    expect(buildVerticals(v, { types: ['bull-put'], widths: [5] }).map((c) => c.short.strike)).toEqual([105]);
  });
});
