import type { SpreadRow } from '@ibsc/shared-dto';
import { prepareChain } from '../chain/prepared-chain';
import { computeSpreadMetrics } from '../spreads/spread-metrics';
import { buildVerticals } from '../spreads/vertical-builder';
import { HAND_NOW, handChain } from '../testing/hand-chain';
import { scoreParts, scoreSpread } from './spread-score';

function bullPut(override?: Parameters<typeof handChain>[0]): SpreadRow {
  const u = prepareChain(handChain(override), HAND_NOW);
  const c = buildVerticals(u, { types: ['bull-put'], widths: [5] }).find((x) => x.short.strike === 100);
  return computeSpreadMetrics(c as NonNullable<typeof c>, { k: 0.5 }) as SpreadRow;
}

describe('spread score', () => {
  it('is the documented formula', () => {
    const r = bullPut();
    const p = scoreParts(r);
    const edge = 1 / (1 + Math.exp(-(r.expectedValue / r.maxLoss) / 0.05));
    const liq = 0.7 * Math.exp(-0.15 / 5 / 0.05) + 0.3 * Math.min(1, Math.log10(2001) / 3);
    expect(p.edge).toBeCloseTo(edge, 12);
    expect(p.liquidity).toBeCloseTo(liq, 12);
    expect(p.score).toBeCloseTo(100 * (0.45 * edge + 0.3 * r.pop + 0.25 * liq), 10);
    expect(p.score).toBeGreaterThan(0);
    expect(p.score).toBeLessThanOrEqual(100);
  });

  it('rewards a better price, a tighter market and deeper OI; punishes staleness and nonsense prices', () => {
    const base = scoreSpread(bullPut());
    expect(scoreSpread(bullPut({ override: { P100: { bid: 2.05, ask: 2.15 } } }))).toBeGreaterThan(base); // tighter, same mid
    expect(scoreSpread(bullPut({ override: { P100: { openInterest: 5 } } }))).toBeLessThan(base);
    expect(scoreSpread(bullPut({ override: { P100: { quoteTime: HAND_NOW - 600_000 } } }))).toBeCloseTo(base * 0.8, 8);
    expect(scoreSpread(bullPut({ override: { P100: { bid: 0.5, ask: 0.6 } } }))).toBe(0); // no credit
  });
});
