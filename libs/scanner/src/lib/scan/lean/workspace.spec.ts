/**
 * The shared workspace (workspace.ts): engines taking turns on one set of columns, grown by a large chain and then
 * reused for smaller ones (stale values past the end, and in every column a smaller run does not rewrite), must return
 * exactly what a fresh engine on fresh columns returns: the same rows (ids, order, every field; the score bit for bit)
 * and the same funnel. Seeded synthetic markets, clean and roughened, symbols of different sizes, with and without
 * filters (with filters the model is computed for every survivor; without, the approximate pass and the selection run).
 */
import type { ScanFilters } from '@ibsc/shared-dto';
import type { OptionChain } from '../../chain/option-chain';
import { rowsDifference } from '../../testing/same-rows';
import { roughenMarket, syntheticChains, syntheticMarket, tickQuotes, SYNTHETIC_UNDERLYINGS } from '../../testing/synthetic-market';
import { ScanEngine, type ScanConfig, type ScanResult } from '../scan-engine';
import { LeanWorkspace, sharedWorkspace } from './workspace';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const ALL = ['bull-call', 'bear-put', 'bull-put', 'bear-call'] as const;
const FILTERS: ScanFilters = { dte: { min: 7, max: 60 }, shortDelta: { min: 0.15, max: 0.35 }, legOpenInterest: { min: 100 }, pop: { min: 0.5 } };

/** Chains of very different sizes: 8 × 10 × 62 roughened, 3 × 4 × 20, and 3 × 2 × 8 roughened. */
function chainsBySize(seed: number): OptionChain[][] {
  const big = syntheticChains(roughenMarket(syntheticMarket({ now: NOW, seed, expiries: 10, strikesPerExpiry: 62 }), seed + 1, NOW));
  const mid = syntheticMarket({ now: NOW, seed: seed + 2, underlyings: SYNTHETIC_UNDERLYINGS.slice(3, 6), expiries: 4, strikesPerExpiry: 20 });
  tickQuotes(mid, 0.3, seed + 3, NOW);
  const small = syntheticChains(roughenMarket(syntheticMarket({ now: NOW, seed: seed + 4, underlyings: SYNTHETIC_UNDERLYINGS.slice(5, 8), expiries: 2, strikesPerExpiry: 8 }), seed + 5, NOW));
  return [big, syntheticChains(mid), small];
}

function expectSame(got: ScanResult, want: ScanResult, label: string): void {
  expect({ label, funnel: got.funnel }).toEqual({ label, funnel: want.funnel });
  expect({ label, diff: rowsDifference(got.rows, want.rows) }).toEqual({ label, diff: null });
}

describe('LeanWorkspace: reused columns give the rows fresh ones give', () => {
  const configs: Array<[string, ScanConfig]> = [
    ['no filters, maxRows 50', { spreadTypes: ALL, widths: [1, 2.5, 5, 10], maxRows: 50 }],
    ['typical filters', { spreadTypes: ALL, widths: [1, 5], filters: FILTERS, maxRows: 40 }],
  ];

  it.each([11, 29])('seed %i: engines of two settings take turns on one workspace, large → small → large chains, symbol by symbol and all at once', (seed) => {
    const ws = new LeanWorkspace();
    const held = configs.map(([, c]) => new ScanEngine(c, { holdOrder: true }, ws));
    const [big, mid, small] = chainsBySize(seed);
    // All chains at once, then one symbol at a time in a mixed order of sizes (as incremental rescoring does).
    const runs: Array<[string, OptionChain[]]> = [
      ['all big', big],
      ...small.map((c, i): [string, OptionChain[]] => [`small ${i}`, [c]]),
      ...big.map((c, i): [string, OptionChain[]] => [`big ${i}`, [c]]),
      ['all mid', mid],
      ...mid.map((c, i): [string, OptionChain[]] => [`mid ${i}`, [c]]),
      ['small + big', [...small, ...big.slice(0, 2)]],
    ];
    let compared = 0;
    for (const [label, chains] of runs) {
      for (let e = 0; e < held.length; e++) {
        const fresh = new ScanEngine(configs[e][1], { holdOrder: true }, new LeanWorkspace()).run(chains, NOW);
        expectSame(held[e].run(chains, NOW, { hintKey: label }), fresh, `${configs[e][0]} / ${label}`);
        compared += fresh.rows.length;
      }
    }
    // The comparison had rows to compare, and the columns grew to the largest run and stayed there.
    expect(compared).toBeGreaterThan(1000);
    const legsBig = big.reduce((n, c) => n + c.expiries.reduce((m, s) => m + s.calls.length + s.puts.length, 0), 0);
    expect(ws.capacity().legs).toBeGreaterThanOrEqual(legsBig * 0.9);
  });

  it('reserve grows every column, never shrinks, and a reserved workspace scores like a fresh one', () => {
    const ws = new LeanWorkspace();
    expect(ws.reserve(1000, 5000)).toEqual({ legs: 1000, spreads: 5000 });
    expect(ws.reserve(10, 10)).toEqual({ legs: 1000, spreads: 5000 });
    const [, mid] = chainsBySize(7);
    const config = configs[0][1];
    expectSame(new ScanEngine(config, {}, ws).run(mid, NOW), new ScanEngine(config, {}, new LeanWorkspace()).run(mid, NOW), 'reserved');
    // 1000 legs were enough for the mid chains: nothing grew.
    expect(ws.capacity()).toEqual({ legs: 1000, spreads: 5000 });
  });

  it('engines without a workspace of their own share the process one', () => {
    const shared = sharedWorkspace();
    const before = shared.capacity().spreads;
    const [big] = chainsBySize(3);
    const a = new ScanEngine(configs[0][1]).run(big, NOW);
    expect(shared.capacity().spreads).toBeGreaterThanOrEqual(Math.max(before, a.funnel.matched));
    expectSame(new ScanEngine(configs[0][1]).run(big, NOW), a, 'second engine on the shared workspace');
  });

  it('a run nested in another run on the same workspace throws instead of corrupting it', () => {
    const ws = new LeanWorkspace();
    expect(() => ws.borrow(() => ws.borrow(() => 1))).toThrow(/not re-entrant/);
    expect(ws.borrow(() => 2)).toBe(2);
  });
});
