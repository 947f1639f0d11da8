/**
 * The pruning is safe (issue 17): on seeded markets of the simulator's model, the top maxRows from pruned
 * acquisition equal the top rows from quoting every contract, and far fewer contracts are quoted. Estimates never
 * reach a row: a pruned acquisition's chain holds the market's own quotes only.
 */
import { acquireChain } from '../scan/acquire-chain';
import { syntheticInMemoryMarket } from '../testing/synthetic-market';
import { simMarket } from '../testing/sim-market';
import { comparePruned } from './pruning-audit';
import { PruneThreshold } from './score-pruning';
import type { ScanConfig } from '../scan/scan-engine';

const BROAD: ScanConfig = { spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [1, 2, 5], maxRows: 200 };

describe('pruned acquisition', () => {
  it.each([1, 2, 3])('seed %i, broad scan: the top maxRows equal quoting everything, with half the contracts or fewer', async (seed) => {
    const m = simMarket({ seed, minutes: 5, symbols: ['SPY', 'IWM', 'AAPL', 'TSLA'] });
    const c = await comparePruned(m, m.now, BROAD);
    expect({ missing: c.missing, extra: c.extra, rows: c.pruned_rows.length }).toEqual({ missing: [], extra: [], rows: 200 });
    expect(c.pruned_rows.map((r) => r.score)).toEqual(c.full_rows.map((r) => r.score));
    expect(c.quoted).toBeLessThan(c.candidates / 2);
    expect(c.pruned + c.quoted).toBe(c.candidates);
  }, 120_000);

  it('with filters (short delta, POP, credit spreads only): the same top rows', async () => {
    const m = simMarket({ seed: 4, minutes: 5, symbols: ['QQQ', 'NVDA'] });
    const cfg: ScanConfig = { spreadTypes: ['bull-put', 'bear-call'], widths: [2, 5], maxRows: 100, filters: { shortDelta: { min: 0.1, max: 0.35 }, pop: { min: 0.6 } } };
    const c = await comparePruned(m, m.now, cfg);
    expect({ missing: c.missing, extra: c.extra }).toEqual({ missing: [], extra: [] });
    expect(c.pruned).toBeGreaterThan(0);
  }, 120_000);

  it('a chain acquired with pruning holds only the market’s real quotes: anchors first, then the kept contracts', async () => {
    const m = simMarket({ seed: 5, minutes: 1, symbols: ['IWM'] });
    const market = syntheticInMemoryMarket(m);
    const got = await acquireChain('IWM', market, { now: m.now, rate: m.rate, spreadTypes: BROAD.spreadTypes, widths: BROAD.widths, prune: { config: BROAD, threshold: new PruneThreshold(200) } });
    expect(market.requests.length).toBe(2);
    expect(got.requested).toBe(market.requests[0].length + market.requests[1].length);
    expect(got.pruned).toBe(got.prefilter.contracts.length - got.requested);
    expect(got.pruned).toBeGreaterThan(0);
    const asked = new Set(market.requests.flat());
    let held = 0;
    for (const e of got.chain.expiries)
      for (const o of [...e.calls, ...e.puts]) {
        if (!o?.quote) continue;
        held++;
        const key = `IWM|${e.expiry}|${o.contract.right}|${o.contract.strike}`;
        expect(asked.has(key)).toBe(true);
        expect(o.quote).toBe(market.quoteFor(key));
      }
    expect(held).toBe(got.requested - got.missing.length);
  }, 60_000);

  it('the threshold is the maxRows-th lower bound over the symbols offered so far', () => {
    const t = new PruneThreshold(3);
    t.offer([10, 5]);
    expect(t.value()).toBe(Number.NEGATIVE_INFINITY);
    t.offer([7, 1]);
    expect(t.value()).toBe(5);
    t.offer([20]);
    expect(t.value()).toBe(7);
  });
});
