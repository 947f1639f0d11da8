/**
 * Progressive publishing (issue 17, item 3) keeps the table exact: a symbol's chain is re-scored as its expiry
 * batches arrive (ProgressiveChain: the quotes held, overlaid batch by batch) and merged with the others' rows;
 * after EVERY batch the merged table equals one full scoring of every chain as held at that moment (ScanEngine.run
 * over all of them), row for row and funnel for funnel. Covered: the first cycle (symbols arriving batch by batch
 * from nothing) and a later cycle (a symbol's new quotes overlaying its old ones, some contracts losing their market),
 * clean and roughened markets, with and without filters. And a row never shows a leg that has no real quote yet.
 */
import type { ScanFilters } from '@ibsc/shared-dto';
import { chainFromDefinition, contractKey, type OptionQuote } from '../chain/option-chain';
import { prefilterContracts } from '../prefilter';
import { HeldScoring, type HeldChain } from '../service/held-scoring';
import { ProgressiveChain, quotesOf } from '../service/progressive-chain';
import { rowsDifference } from '../testing/same-rows';
import { roughenMarket, seededRandom, syntheticMarket, tickQuotes, SYNTHETIC_UNDERLYINGS, type SyntheticMarket } from '../testing/synthetic-market';
import { planExpiryBatches, type QuotedBatch } from './expiry-batches';
import { ScanEngine, type ScanConfig } from './scan-engine';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const ALL = ['bull-call', 'bear-put', 'bull-put', 'bear-call'] as const;
const RATE = 0.045;

/** The batches of one symbol's acquisition from `m`'s quotes (a share of contracts without a market). */
function batchesOf(m: SyntheticMarket, symbol: string, config: ScanConfig, perBatch: number, noMarket: number, seed: number) {
  const i = m.definitions.findIndex((d) => d.symbol === symbol);
  const def = m.definitions[i];
  const underlying = m.underlyings[i];
  const prefilter = prefilterContracts(def, underlying, { now: NOW, rate: RATE, spreadTypes: config.spreadTypes, widths: config.widths, dte: config.filters?.dte, shortDelta: config.filters?.shortDelta });
  const plan = planExpiryBatches(prefilter.contracts, perBatch);
  const rnd = seededRandom(seed);
  const batches: QuotedBatch[] = plan.batches.map((b, index) => {
    const quotes = new Map();
    const missing: QuotedBatch['missing'][number][] = [];
    for (const c of plan.contracts.slice(b.start, b.end)) {
      const key = contractKey(c);
      const q = m.quotes.get(key);
      if (q && rnd() >= noMarket) quotes.set(key, q);
      else missing.push({ key, reason: 'no-market' });
    }
    return { index, count: b.end - b.start, expiry: b.expiry, quotes, missing };
  });
  return { start: { def, underlying, prefilter }, batches };
}

/** Acquires `symbols` batch by batch into `chains`, checking the merged table against a full scoring after each. */
function acquireProgressively(m: SyntheticMarket, symbols: readonly string[], order: readonly string[], chains: Map<string, HeldChain>, scoring: HeldScoring, full: ScanEngine, config: ScanConfig, label: string, seed: number) {
  let checks = 0;
  const asked = new Set<string>();
  const lost = new Set<string>();
  for (const symbol of order) {
    const { start, batches } = batchesOf(m, symbol, config, 37, 0.05, seed);
    const partial = new ProgressiveChain(RATE, chains.get(symbol)?.chain);
    // What the partial chain must equal after each batch: the whole chain rebuilt from the quotes held so far.
    const expectedQuotes = chains.has(symbol) ? quotesOf((chains.get(symbol) as HeldChain).chain) : new Map<string, OptionQuote>();
    partial.begin(start);
    const prevExpiry: string[] = [];
    for (const b of batches) {
      expect(prevExpiry.every((e) => e <= b.expiry)).toBe(true); // nearest expiry first
      prevExpiry.push(b.expiry);
      partial.add(b);
      for (const [k, q] of b.quotes) expectedQuotes.set(k, q);
      for (const x of b.missing) if (x.reason !== 'aborted') expectedQuotes.delete(x.key);
      expect((partial.held() as HeldChain).chain).toEqual(chainFromDefinition(start.def, start.underlying, RATE, expectedQuotes));
      for (const k of b.quotes.keys()) asked.add(k);
      for (const x of b.missing) lost.add(x.key);
      chains.set(symbol, partial.held() as HeldChain);
      const merged = scoring.score([symbol], symbols, chains, NOW).result;
      const held = symbols.filter((s) => chains.has(s));
      const whole = full.run(
        held.map((s) => (chains.get(s) as HeldChain).chain),
        NOW,
        { contractsListed: held.reduce((n, s) => n + (chains.get(s) as HeldChain).listed, 0), contractsQuoted: held.reduce((n, s) => n + (chains.get(s) as HeldChain).quoted, 0) },
      );
      const tag = `${label} ${symbol} batch ${b.index}`;
      expect({ tag, diff: rowsDifference(merged.rows, whole.rows) }).toEqual({ tag, diff: null });
      expect({ tag, funnel: merged.funnel }).toEqual({ tag, funnel: whole.funnel });
      checks++;
    }
  }
  return { checks, asked, lost };
}

function scenario(market: SyntheticMarket, config: ScanConfig, label: string, seed: number) {
  const symbols = market.definitions.map((d) => d.symbol);
  const chains = new Map<string, HeldChain>();
  const scoring = new HeldScoring(config);
  const full = new ScanEngine(config, { holdOrder: true });
  // The first cycle: nothing held, symbols arrive one after the other, batch by batch.
  const first = acquireProgressively(market, symbols, symbols, chains, scoring, full, config, `${label} first cycle`, seed);
  expect(first.checks).toBeGreaterThan(symbols.length * 2);
  // Rows only from real quotes: every leg of every row was in a batch already answered.
  const rows = scoring.score([], symbols, chains, NOW).result.rows;
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    for (const leg of [r.short, r.long]) expect(first.asked.has(contractKey({ symbol: r.symbol, expiry: r.expiry, right: leg.right, strike: leg.strike }))).toBe(true);
    expect(r.quoteTime).toBe(Math.min(r.short.quoteTime, r.long.quoteTime));
  }
  // A later cycle: quotes tick, two symbols re-acquired batch by batch over their old quotes.
  tickQuotes(market, 0.5, seed + 1, NOW);
  const later = acquireProgressively(market, symbols, [symbols[1], symbols[0]], chains, scoring, full, config, `${label} later cycle`, seed + 2);
  // A contract found without a market this cycle lost its old quote: no row shows it.
  expect(later.lost.size).toBeGreaterThan(0);
  for (const r of scoring.score([], symbols, chains, NOW).result.rows) {
    for (const leg of [r.short, r.long]) expect(later.lost.has(contractKey({ symbol: r.symbol, expiry: r.expiry, right: leg.right, strike: leg.strike }))).toBe(false);
  }
}

const FILTERS: ScanFilters = { dte: { min: 3, max: 60 }, shortDelta: { min: 0.15, max: 0.4 }, pop: { min: 0.5 } };

describe('IncrementalScan at expiry-batch granularity: every publication equals a full re-score of the chains held', () => {
  const shape = { now: NOW, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 3), expiries: 5, strikesPerExpiry: 24 };

  it.each([7, 42])('clean market, seed %i, no filters, a binding cut (150 rows)', (seed) => {
    scenario(syntheticMarket({ ...shape, seed }), { spreadTypes: ALL, widths: [1, 2.5, 5], maxRows: 150 }, `clean ${seed}`, seed);
  });

  it('roughened market with filters (flags, missing data, crossed quotes, ties at 0)', () => {
    const market = roughenMarket(syntheticMarket({ ...shape, seed: 11, maxQuoteAgeMs: 90_000 }), 12, NOW);
    scenario(market, { spreadTypes: ALL, widths: [1, 5], filters: FILTERS, maxRows: 400 }, 'rough', 11);
  });
});

