import { syntheticChains, syntheticMarket, SYNTHETIC_UNDERLYINGS, tickQuotes } from '../testing/synthetic-market';
import { ScanEngine, type ScanConfig } from '../scan/scan-engine';
import { HeldScoring, warmUpOnce, type HeldChain } from './held-scoring';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const CONFIG: ScanConfig = { spreadTypes: ['bull-put', 'bear-call'], widths: [1, 5], maxRows: 60 };

describe('HeldScoring (the continuous scan scoring the chains it holds)', () => {
  const market = syntheticMarket({ now: NOW, seed: 4, underlyings: SYNTHETIC_UNDERLYINGS.slice(0, 3), expiries: 3, strikesPerExpiry: 20 });
  const symbols = market.definitions.map((d) => d.symbol);
  const held = (): Map<string, HeldChain> => new Map(syntheticChains(market).map((chain, i) => [symbols[i], { chain, listed: 100 + i, quoted: 90 + i }]));
  const full = (chains: Map<string, HeldChain>, only = symbols) => new ScanEngine(CONFIG, { holdOrder: true }).run(only.filter((s) => chains.has(s)).map((s) => (chains.get(s) as HeldChain).chain), NOW);

  it('scores every chain held first, then the updated symbol alone, and the table is a full scoring of what is held', () => {
    const scoring = new HeldScoring(CONFIG);
    let chains = held();
    const first = scoring.score(symbols[1], symbols, chains, NOW);
    expect(first.scope).toBe('all');
    expect(first.result.rows.map((r) => r.id)).toEqual(full(chains).rows.map((r) => r.id));
    expect(first.result.funnel.contractsListed).toBe(100 + 101 + 102);
    tickQuotes(market, 0.5, 9, NOW);
    const fresh = held();
    chains = new Map(chains).set(symbols[2], fresh.get(symbols[2]) as HeldChain);
    const next = scoring.score(symbols[2], symbols, chains, NOW);
    expect(next.scope).toBe('symbol');
    expect(next.result.rows.map((r) => r.id)).toEqual(full(chains).rows.map((r) => r.id));
    expect(next.result.rows.map((r) => r.score)).toEqual(full(chains).rows.map((r) => r.score));
    // A symbol no longer held (its chain dropped) leaves the table; null re-scores everything held.
    chains.delete(symbols[0]);
    expect(scoring.score(symbols[0], symbols, chains, NOW).result.rows.some((r) => r.symbol === symbols[0])).toBe(false);
    const all = scoring.score(null, symbols, chains, NOW);
    expect(all.scope).toBe('all');
    expect(all.result.rows.map((r) => r.id)).toEqual(full(chains).rows.map((r) => r.id));
  });

  it('warms the engine once per process and settings', async () => {
    const config = { ...CONFIG, k: 0.37 };
    const ms = await warmUpOnce(config, NOW);
    expect(ms).toBeGreaterThan(0);
    expect(await warmUpOnce(config, NOW)).toBeNull();
    expect(await warmUpOnce({ ...config, k: 0.38 }, NOW)).toBeGreaterThan(0);
  });
});
