/**
 * The acceptance test of incremental rescoring (issue 16): across seeded updates of one symbol at a time (its quotes
 * ticking, its spot moving), symbols leaving and coming back, and a symbol not held, the merged table of
 * IncrementalScan equals one full scoring of every chain held (ScanEngine.run over all of them, at the same time),
 * row for row: the same ids in the same order (so the global ranking and the maxRows cut are exact), every field
 * equal (numbers to 1e-9; the score bit for bit) and the same funnel. Seeded synthetic markets, clean and
 * roughened (flags, one-sided and crossed quotes, missing IV, ties at score 0), with and without filters.
 */
import type { ScanFilters, SpreadRow } from '@ibsc/shared-dto';
import { chainFromDefinition, type OptionChain } from '../chain/option-chain';
import { rowsDifference } from '../testing/same-rows';
import { roughenMarket, seededRandom, syntheticMarket, tickQuotes, SYNTHETIC_UNDERLYINGS, type SyntheticMarket } from '../testing/synthetic-market';
import { IncrementalScan, mergeRanked } from './incremental-scan';
import { ScanEngine, type ScanConfig, type ScanResult } from './scan-engine';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const ALL = ['bull-call', 'bear-put', 'bull-put', 'bear-call'] as const;

function expectSameRows(inc: readonly SpreadRow[], full: readonly SpreadRow[], label: string): void {
  expect({ label, ids: inc.map((r) => r.id) }).toEqual({ label, ids: full.map((r) => r.id) });
  expect({ label, diff: rowsDifference(inc, full) }).toEqual({ label, diff: null });
}

function chainOf(m: SyntheticMarket, symbol: string): OptionChain {
  const i = m.definitions.findIndex((d) => d.symbol === symbol);
  return chainFromDefinition(m.definitions[i], m.underlyings[i], m.rate, m.quotes);
}

/** One symbol's quotes tick (a share of them by a cent or two) and its spot moves a little. */
function updateSymbol(m: SyntheticMarket, symbol: string, seed: number): void {
  const own = new Map([...m.quotes].filter(([k]) => k.startsWith(`${symbol}|`)));
  tickQuotes({ ...m, quotes: own }, 0.6, seed, NOW);
  for (const [k, q] of own) m.quotes.set(k, q);
  const rnd = seededRandom(seed);
  m.underlyings = m.underlyings.map((u) => (u.symbol === symbol ? { ...u, spot: Math.round(u.spot * (1 + (rnd() - 0.5) * 0.004) * 100) / 100 } : u));
}

interface Scenario {
  market: SyntheticMarket;
  config: ScanConfig;
  updates: number;
  seed: number;
}

/**
 * Scores every symbol once, then applies `updates` seeded steps: mostly one symbol's update re-scored alone; now and
 * then a symbol dropped (not held: its acquisition failed) and later re-added. After each step the merged table is
 * compared with a full scoring of the chains held, by an engine holding the same filter order.
 */
function run({ market, config, updates, seed }: Scenario, label: string): ScanResult[] {
  const symbols = market.definitions.map((d) => d.symbol);
  const inc = new IncrementalScan(config);
  const full = new ScanEngine(config, { holdOrder: true });
  const rnd = seededRandom(seed);
  const dropped = new Set<string>();
  inc.updateAll(
    symbols.map((symbol) => ({ symbol, chain: chainOf(market, symbol) })),
    NOW,
  );
  const out: ScanResult[] = [];
  for (let step = 0; step <= updates; step++) {
    if (step > 0) {
      const symbol = symbols[Math.floor(rnd() * symbols.length)];
      const r = rnd();
      if (r < 0.12 && !dropped.has(symbol)) {
        dropped.add(symbol);
        inc.remove(symbol);
      } else {
        updateSymbol(market, symbol, seed * 1000 + step);
        dropped.delete(symbol);
        inc.update({ symbol, chain: chainOf(market, symbol) }, NOW);
      }
    }
    const held = symbols.filter((s) => !dropped.has(s));
    const merged = inc.merge(symbols);
    const whole = full.run(
      held.map((s) => chainOf(market, s)),
      NOW,
    );
    const tag = `${label} step ${step}`;
    expectSameRows(merged.rows, whole.rows, tag);
    expect({ tag, funnel: merged.funnel }).toEqual({ tag, funnel: whole.funnel });
    out.push(merged);
  }
  return out;
}

const TYPICAL: ScanFilters = {
  dte: { min: 7, max: 60 },
  shortDelta: { min: 0.15, max: 0.35 },
  legOpenInterest: { min: 100 },
  legBidAskPct: { max: 30 },
  pop: { min: 0.5 },
  earnings: 'exclude',
};

describe('IncrementalScan: per-symbol rescoring merged equals a full re-score', () => {
  const shape = { now: NOW, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 6), expiries: 5, strikesPerExpiry: 24 };

  it.each([7, 42])('clean market, seed %i, no filters, default cut (500 rows): 25 seeded updates', (seed) => {
    const results = run({ market: syntheticMarket({ ...shape, seed }), config: { spreadTypes: ALL, widths: [1, 2.5, 5, 10] }, updates: 25, seed }, `clean ${seed}`);
    // The cut binds (more matches than rows) and the top rows come from several symbols.
    expect(results.every((r) => r.funnel.matched > 500 && r.rows.length === 500)).toBe(true);
    expect(new Set(results[results.length - 1].rows.map((r) => r.symbol)).size).toBeGreaterThan(1);
  });

  it.each([3, 99])('roughened market, seed %i: flags, missing data and ties at score 0 across symbols', (seed) => {
    const market = roughenMarket(syntheticMarket({ ...shape, seed, maxQuoteAgeMs: 90_000 }), seed + 1, NOW);
    const results = run({ market, config: { spreadTypes: ALL, widths: [0, 1, 2.5, 5], maxRows: 3_000, k: 0.3, quantity: 2, feesPerSpread: 2.6 }, updates: 20, seed }, `rough ${seed}`);
    const last = results[results.length - 1];
    // Rows tied at score 0 (price outside bounds) from more than one symbol, ranked by id across symbols.
    const zero = last.rows.filter((r) => r.score === 0);
    expect(new Set(zero.map((r) => r.symbol)).size).toBeGreaterThan(1);
  });

  it('typical filters: the funnel adds up over symbols in the held filter order', () => {
    const results = run({ market: syntheticMarket({ ...shape, seed: 5 }), config: { spreadTypes: ALL, widths: [1, 2.5, 5, 10], filters: TYPICAL, maxRows: 80 }, updates: 20, seed: 5 }, 'typical');
    expect(results[0].funnel.steps.length).toBe(2 + Object.keys(TYPICAL).length);
  });

  it.each([0, 1, 37, 2.7, -3, Number.POSITIVE_INFINITY])('maxRows %p: the cut of the merged ranking is the full one', (maxRows) => {
    run({ market: syntheticMarket({ ...shape, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 3), expiries: 3, seed: 13 }), config: { spreadTypes: ['bull-put', 'bear-call'], widths: [1, 5], maxRows }, updates: 6, seed: 13 }, `maxRows ${maxRows}`);
  });

  it('a new filter order: adopted once, every symbol re-scored, then incremental again with funnels in that order', () => {
    const market = syntheticMarket({ ...shape, seed: 21 });
    const symbols = market.definitions.map((d) => d.symbol);
    const config: ScanConfig = { spreadTypes: ALL, widths: [1, 2.5, 5], filters: TYPICAL, maxRows: 200 };
    const inc = new IncrementalScan(config);
    const inputs = () => symbols.map((symbol) => ({ symbol, chain: chainOf(market, symbol) }));
    inc.updateAll(inputs(), NOW);
    const declared = inc.merge(symbols).funnel.steps.map((s) => s.id);
    // The learned pass rates put the filters in another order than declared.
    expect(inc.adoptLearnedOrder()).toBe(true);
    expect(inc.adoptLearnedOrder()).toBe(false);
    inc.updateAll(inputs(), NOW);
    const learned = inc.merge(symbols);
    expect(learned.funnel.steps.map((s) => s.id)).not.toEqual(declared);
    // A full engine that learned from the same runs has the same order; its funnel and rows are the merged ones.
    const full = new ScanEngine(config, { holdOrder: true });
    for (const i of inputs()) full.run([i.chain], NOW);
    full.adoptLearnedOrder();
    updateSymbol(market, symbols[2], 77);
    inc.update({ symbol: symbols[2], chain: chainOf(market, symbols[2]) }, NOW);
    const merged = inc.merge(symbols);
    const whole = full.run(
      symbols.map((s) => chainOf(market, s)),
      NOW,
    );
    expect(merged.funnel.steps.map((s) => s.id)).toEqual(whole.funnel.steps.map((s) => s.id));
    expect(merged.funnel).toEqual(whole.funnel);
    expectSameRows(merged.rows, whole.rows, 'after adopting');
  });

  it('nothing held: no rows, the empty funnel of every step', () => {
    const inc = new IncrementalScan({ spreadTypes: ALL, widths: [5], filters: TYPICAL });
    const merged = inc.merge(['SPY']);
    expect(merged.rows).toEqual([]);
    expect(merged.funnel).toEqual(new ScanEngine({ spreadTypes: ALL, widths: [5], filters: TYPICAL }).run([], NOW).funnel);
  });

  it('mergeRanked: score, then id, then list order; stops at keep', () => {
    const r = (id: string, score: number) => ({ id, score }) as SpreadRow;
    const a = [r('b', 9), r('a', 5), r('c', 5)];
    const b = [r('x', 9), r('a', 5), r('d', 1)];
    const merged = mergeRanked([a, b, []], 5);
    expect(merged.map((x) => `${x.id}${x.score}`)).toEqual(['b9', 'x9', 'a5', 'a5', 'c5']);
    expect(merged[2]).toBe(a[1]);
    expect(merged[3]).toBe(b[1]);
    expect(mergeRanked([a, b], 0)).toEqual([]);
    expect(mergeRanked([a, b], 100).length).toBe(6);
  });
});
