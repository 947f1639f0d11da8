/**
 * The acceptance test of the lean scan path: on seeded synthetic markets (clean, and roughened with one-sided,
 * crossed, zero-bid and stale quotes, missing IV, greeks, volume and OI), with and without filters, over several
 * runs (so the learned filter order moves), ScanEngine must return what ReferenceScanEngine returns: the same ids in
 * the same order, every field equal (numbers to 1e-9; the score exactly, since ranking compares it), the same
 * funnel and the same next filter order.
 */
import type { ScanFilters } from '@ibsc/shared-dto';
import type { OptionChain } from '../chain/option-chain';
import { scoreSpread } from '../scoring/spread-score';
import { handChain } from '../testing/hand-chain';
import { rowsDifference } from '../testing/same-rows';
import { roughenMarket, syntheticChains, syntheticMarket, tickQuotes, SYNTHETIC_UNDERLYINGS } from '../testing/synthetic-market';
import { ScanEngine, type ScanConfig, type ScanResult } from './scan-engine';
import { ReferenceScanEngine } from './scan-engine.reference';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const ALL = ['bull-call', 'bear-put', 'bull-put', 'bear-call'] as const;

function expectSame(fast: ScanResult, ref: ScanResult, label: string): void {
  expect({ label, funnel: fast.funnel }).toEqual({ label, funnel: ref.funnel });
  expect({ label, ids: fast.rows.map((r) => r.id) }).toEqual({ label, ids: ref.rows.map((r) => r.id) });
  expect({ label, diff: rowsDifference(fast.rows, ref.rows) }).toEqual({ label, diff: null });
}

/** Runs both engines `runs` times on the same chains (ticking the market between runs when given one). */
function compare(config: ScanConfig, chainsOf: (run: number) => OptionChain[], runs: number, label: string): ScanResult[] {
  const fast = new ScanEngine(config);
  const ref = new ReferenceScanEngine(config);
  const out: ScanResult[] = [];
  for (let run = 0; run < runs; run++) {
    const chains = chainsOf(run);
    const a = fast.run(chains, NOW);
    const b = ref.run(chains, NOW);
    expectSame(a, b, `${label} run ${run}`);
    expect(fast.filterOrder()).toEqual(ref.filterOrder());
    out.push(a);
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

const EVERY_FILTER: ScanFilters = {
  dte: { min: 3, max: 200 },
  width: { min: 1, max: 5 },
  shortDelta: { min: 0.05, max: 0.6 },
  legVolume: { min: 5 },
  legOpenInterest: { min: 50, max: 1_000_000 },
  legBidAsk: { max: 2 },
  legBidAskPct: { max: 60 },
  ivRank: { min: 0, max: 100 },
  ivPercentile: { max: 100 },
  earnings: 'exclude',
  pop: { min: 0.2, max: 0.95 },
  returnOnRisk: { min: 0.05 },
  creditToWidth: { min: 0.05, max: 0.9 },
  minCredit: 0.1,
  maxDebit: 4,
  expectedValue: { min: -150 },
  netGamma: { min: -20, max: 20 },
  netTheta: { min: -50, max: 50 },
  netVega: { min: -200, max: 200 },
};

describe('ScanEngine (lean path) is equivalent to ReferenceScanEngine', () => {
  const shape = { now: NOW, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 4), expiries: 6, strikesPerExpiry: 24 };

  it.each([7, 42, 1234])('clean market, seed %i: no filters, every spread ranked (no cut), and the default cut', (seed) => {
    const m = syntheticMarket({ ...shape, seed });
    const chains = syntheticChains(m);
    const [all] = compare({ spreadTypes: ALL, widths: [1, 2.5, 5, 10], maxRows: Number.POSITIVE_INFINITY }, () => chains, 1, `all ${seed}`);
    expect(all.rows.length).toBe(all.funnel.matched);
    expect(all.rows.length).toBeGreaterThan(1000);
    // The lean score is the reference score of the built row, bit for bit.
    expect(all.rows.filter((r) => r.score !== scoreSpread(r)).map((r) => r.id)).toEqual([]);
    compare({ spreadTypes: ALL, widths: [1, 2.5, 5, 10] }, () => chains, 1, `cut ${seed}`);
  });

  it.each([3, 99])('roughened market, seed %i: flags, one-sided legs, missing data, ties at score 0', (seed) => {
    const m = roughenMarket(syntheticMarket({ ...shape, seed, maxQuoteAgeMs: 90_000 }), seed + 1, NOW);
    const chains = syntheticChains(m);
    const base: ScanConfig = { spreadTypes: ALL, widths: [0, 1, 2.5, 5, 5], maxRows: 100_000, k: 0.3, quantity: 2, feesPerSpread: 2.6 };
    // Crossed legs kept and penalised: every flag shows up, scores included.
    const [res] = compare({ ...base, crossedQuotes: 'penalize' }, () => chains, 1, `rough ${seed}`);
    const flags = new Set(res.rows.flatMap((r) => r.flags));
    for (const f of ['MISSING_GREEKS', 'MISSING_OPEN_INTEREST', 'MISSING_VOLUME', 'MISSING_IV', 'STALE_QUOTE', 'EARNINGS_IN_WINDOW', 'PRICE_OUTSIDE_BOUNDS', 'CROSSED_QUOTE', 'NO_BID'])
      expect(flags).toContain(f);
    expect(res.funnel.steps.find((s) => s.id === 'priced')?.after).toBeLessThan(res.funnel.candidates);
    expect(res.funnel.steps.find((s) => s.id === 'metrics')?.after).toBeLessThan(res.funnel.steps.find((s) => s.id === 'metrics')?.before ?? 0);
    // The default policy: crossed legs are not priced, so no row has one and fewer spreads are priced.
    const [excluded] = compare(base, () => chains, 1, `rough exclude ${seed}`);
    expect(excluded.rows.filter((r) => r.flags.includes('CROSSED_QUOTE'))).toEqual([]);
    expect(excluded.funnel.steps[0].after).toBeLessThan(res.funnel.steps[0].after);
    compare({ spreadTypes: ['bull-put', 'bear-call'], widths: [2.5, 5], maxRows: 37, staleAfterMs: 1_000 }, () => chains, 1, `rough cut ${seed}`);
    compare({ spreadTypes: ['bull-put', 'bear-call'], widths: [2.5, 5], maxRows: 37, staleAfterMs: 1_000, crossedQuotes: 'penalize' }, () => chains, 1, `rough cut penalize ${seed}`);
  });

  it('no filters over ticking runs (the approximate pass reuses the last threshold as a hint)', () => {
    const m = syntheticMarket({ ...shape, seed: 8 });
    compare({ spreadTypes: ALL, widths: [1, 2.5, 5, 10], maxRows: 120 }, (run) => (tickQuotes(m, 0.5, 300 + run, NOW), syntheticChains(m)), 5, 'ticking');
  });

  it('typical filters over ticking runs: same funnels, same learned order, same rows', () => {
    const m = syntheticMarket({ ...shape, seed: 5 });
    compare({ spreadTypes: ALL, widths: [1, 2.5, 5, 10], filters: TYPICAL }, (run) => (tickQuotes(m, 0.3, 100 + run, NOW), syntheticChains(m)), 4, 'typical');
  });

  it.each(['keep', 'exclude'] as const)('every filter at once (onMissing %s), on a roughened market, over runs', (onMissing) => {
    const m = roughenMarket(syntheticMarket({ ...shape, seed: 11, expiries: 10 }), 12, NOW);
    const results = compare(
      { spreadTypes: ALL, widths: [1, 2.5, 5], filters: { ...EVERY_FILTER, onMissing }, maxRows: 200 },
      (run) => (tickQuotes(m, 0.3, 200 + run, NOW), syntheticChains(m)),
      3,
      `every ${onMissing}`,
    );
    const last = results[results.length - 1];
    expect(last.funnel.steps.length).toBe(2 + Object.keys(EVERY_FILTER).length);
    expect(last.funnel.matched).toBeGreaterThan(0);
    if (onMissing === 'keep') expect(last.funnel.steps.some((s) => s.keptMissing > 0)).toBe(true);
  });

  it('row filters that cut hard, one at a time', () => {
    const chains = syntheticChains(syntheticMarket({ ...shape, seed: 21 }));
    const cases: ScanFilters[] = [
      { pop: { min: 0.6, max: 0.8 } },
      { returnOnRisk: { min: 0.3, max: 2 } },
      { creditToWidth: { min: 0.25 } },
      { minCredit: 0.5 },
      { maxDebit: 1.2 },
      { expectedValue: { min: 0 } },
      { netGamma: { max: 0 } },
      { netTheta: { min: 0 } },
      { netVega: { max: -1 } },
      { ivRank: { min: 40 }, ivPercentile: { max: 60 }, width: { min: 2.5, max: 2.5 }, legBidAsk: { max: 0.2 }, legVolume: { min: 100 } },
    ];
    for (const filters of cases) compare({ spreadTypes: ALL, widths: [1, 2.5, 5], filters, maxRows: 300 }, () => chains, 2, JSON.stringify(filters));
  });

  it('the hand chain, a repeated chain (equal ids: enumeration order breaks the tie) and maxRows edge values', () => {
    const hand = handChain();
    for (const maxRows of [0, 1, 5, 500, -3, 2.7])
      compare({ spreadTypes: ALL, widths: [5, 10], maxRows }, () => [hand, handChain({ override: { P95: { bid: 0.85 } } }), hand], 1, `hand ${maxRows}`);
    compare({ spreadTypes: ALL, widths: [5] }, () => [handChain({ underlyingIv: null, override: { C100: { iv: null }, P100: { iv: null } } })], 1, 'hand iv');
  });

  it('an empty scan', () => {
    const [res] = compare({ spreadTypes: ALL, widths: [5] }, () => [], 1, 'empty');
    expect(res.rows).toEqual([]);
  });
});
