import { HAND_NOW, handChain } from '../testing/hand-chain';
import { syntheticInMemoryMarket, syntheticMarket } from '../testing/synthetic-market';
import { acquireChain } from './acquire-chain';
import { checkRequestAgainstChains } from './request-check';
import { ScanEngine } from './scan-engine';

describe('ScanEngine on the hand chain', () => {
  const all = ['bull-put', 'bear-call', 'bull-call', 'bear-put'] as const;

  it('builds, prices, scores and ranks every vertical, reporting the funnel', () => {
    const res = new ScanEngine({ spreadTypes: all, widths: [5, 10] }).run([handChain()], HAND_NOW);
    // 2 strikes pairs at width 5 and 1 at width 10, per type: 3 × 4 = 12.
    expect(res.funnel.candidates).toBe(12);
    expect(res.funnel.contractsListed).toBe(6);
    expect(res.funnel.contractsQuoted).toBe(6);
    expect(res.funnel.steps.map((s) => [s.id, s.before, s.after])).toEqual([
      ['priced', 12, 12],
      ['metrics', 12, 12],
    ]);
    expect(res.rows).toHaveLength(12);
    for (let i = 1; i < res.rows.length; i++) expect(res.rows[i - 1].score).toBeGreaterThanOrEqual(res.rows[i].score);
    expect(new Set(res.rows.map((r) => r.id)).size).toBe(12);
  });

  it('runs the filters and counts rows left after each; missing OI is kept and flagged unless excluded', () => {
    const chain = handChain({ override: { P95: { openInterest: null } } });
    const filters = { legOpenInterest: { min: 100 }, pop: { min: 0.5 }, creditToWidth: { min: 0.2 } };
    const res = new ScanEngine({ spreadTypes: ['bull-put', 'bear-call'], widths: [5], filters }).run([chain], HAND_NOW);
    const oi = res.funnel.steps.find((s) => s.id === 'legOpenInterest');
    expect(oi).toMatchObject({ before: 4, after: 4, keptMissing: 1 });
    const bp = res.rows.find((r) => r.id.endsWith('bull-put|100/95'));
    expect(bp?.flags).toContain('MISSING_OPEN_INTEREST');
    const excluded = new ScanEngine({ spreadTypes: ['bull-put', 'bear-call'], widths: [5], filters: { ...filters, onMissing: 'exclude' } }).run([chain], HAND_NOW);
    expect(excluded.funnel.steps.find((s) => s.id === 'legOpenInterest')).toMatchObject({ before: 4, after: 3, keptMissing: 0 });
    expect(excluded.rows.find((r) => r.id.endsWith('bull-put|100/95'))).toBeUndefined();
    // Every row that survives satisfies every filter.
    for (const r of res.rows) {
      expect(r.pop).toBeGreaterThanOrEqual(0.5);
      expect(r.creditToWidth as number).toBeGreaterThanOrEqual(0.2);
    }
    expect(res.funnel.matched).toBe(res.rows.length);
  });

  it('counts one-sided markets in the "priced" step instead of dropping them unseen', () => {
    const res = new ScanEngine({ spreadTypes: ['bull-put'], widths: [5] }).run([handChain({ override: { P95: { bid: null } } })], HAND_NOW);
    expect(res.funnel.steps[0]).toMatchObject({ id: 'priced', before: 2, after: 1 });
  });

  it('earnings: exclude drops the spreads whose window holds the date; flag keeps them flagged', () => {
    const chain = handChain({ earningsDate: '20260120' });
    const flagged = new ScanEngine({ spreadTypes: ['bull-put'], widths: [5], filters: { earnings: 'flag' } }).run([chain], HAND_NOW);
    expect(flagged.rows.every((r) => r.flags.includes('EARNINGS_IN_WINDOW'))).toBe(true);
    const excluded = new ScanEngine({ spreadTypes: ['bull-put'], widths: [5], filters: { earnings: 'exclude' } }).run([chain], HAND_NOW);
    expect(excluded.rows).toEqual([]);
  });

  it('IV rank and percentile filters read the underlying (history 0.1, 0.3; today 0.2 → rank 50, percentile 50)', () => {
    const e = (filters: object) => new ScanEngine({ spreadTypes: ['bull-put'], widths: [5], filters }).run([handChain()], HAND_NOW).rows.length;
    expect(e({ ivRank: { min: 50, max: 50 } })).toBe(2);
    expect(e({ ivRank: { min: 51 } })).toBe(0);
    expect(e({ ivPercentile: { max: 49 } })).toBe(0);
  });

  it('cuts to maxRows after ranking', () => {
    const res = new ScanEngine({ spreadTypes: all, widths: [5], maxRows: 3 }).run([handChain()], HAND_NOW);
    expect(res.rows).toHaveLength(3);
    expect(res.funnel).toMatchObject({ matched: 8, returned: 3 });
  });
});

describe('acquisition through the seam (InMemoryMarket)', () => {
  const now = HAND_NOW;
  const m = syntheticMarket({ now, underlyings: [{ symbol: 'SPY', spot: 665, iv: 0.16, increment: 1, dividendYield: 0.012 }], expiries: 6, strikesPerExpiry: 80 });

  it('quotes only what the pre-filter chose, most plausible first, and scans the result', async () => {
    const market = syntheticInMemoryMarket(m);
    const got = await acquireChain('SPY', market, { now, rate: m.rate, spreadTypes: ['bull-put'], widths: [5], dte: { min: 7, max: 45 }, shortDelta: { min: 0.2, max: 0.3 } });
    expect(market.requests).toHaveLength(1);
    expect(market.requests[0].length).toBe(got.prefilter.contracts.length);
    expect(got.prefilter.contracts.every((c) => c.right === 'P')).toBe(true);
    expect(got.prefilter.contracts.length).toBeLessThan(got.prefilter.listed / 4);
    const res = new ScanEngine({ spreadTypes: ['bull-put'], widths: [5], filters: { dte: { min: 7, max: 45 }, shortDelta: { min: 0.2, max: 0.3 } } }).run([got.chain], now);
    expect(res.rows.length).toBeGreaterThan(0);
    for (const r of res.rows) {
      // Legs without gateway greeks are filtered on their local Black–Scholes delta, and flagged.
      if (r.short.delta === null) expect(r.flags).toContain('MISSING_GREEKS');
      else expect(Math.abs(r.short.delta)).toBeGreaterThanOrEqual(0.2 - 1e-9);
    }
  });

  it('a budgeted quote source quotes the first N and reports the rest missing', async () => {
    const market = syntheticInMemoryMarket(m);
    market.budget = 10;
    const got = await acquireChain('SPY', market, { now, rate: m.rate, spreadTypes: ['bull-put'], widths: [5], shortDelta: { min: 0.2, max: 0.3 } });
    expect(got.missing.filter((x) => x.reason === 'not-quoted').length).toBe(got.prefilter.contracts.length - 10);
  });

  it('unknown symbols reject, and request checks name the field', async () => {
    await expect(acquireChain('NOPE', syntheticInMemoryMarket(m), { now, rate: 0, spreadTypes: ['bull-put'], widths: [5] })).rejects.toMatchObject({ code: 'UNKNOWN_SYMBOL' });
    const defs = new Map(m.definitions.map((d) => [d.symbol, d]));
    expect(checkRequestAgainstChains({ symbols: ['SPY', 'NOPE'], filters: { dte: { min: 400 } } }, defs, now)).toEqual([
      { field: 'symbols', problems: ['symbols has unknown symbols: NOPE'] },
      { field: 'filters.dte.min', problems: [expect.stringContaining('beyond the last listed expiry')] },
    ]);
    expect(checkRequestAgainstChains({ symbols: ['SPY'], filters: { dte: { min: 7 } } }, defs, now)).toEqual([]);
  });
});
