/**
 * The scoring worker (ADR 0025) against the same host on the main thread: over seeded updates (one symbol's quotes
 * ticking, a symbol dropped and back, new settings, the learned filter order), the rows a ScanDiffer holds when fed
 * each backend's replies are the same, in the same order, field for field; the pruning plan made in the worker is
 * the main thread's; a worker that dies fails its pending requests and the next scoring starts a new one with every
 * chain, so the table is whole again.
 */
import type { SpreadRow } from '@ibsc/shared-dto';
import { anchorContracts } from '../acquisition/quote-estimator';
import { planQuotes, PruneThreshold, type PruneInputs } from '../acquisition/score-pruning';
import { chainFromDefinition, contractKey, type OptionQuote } from '../chain/option-chain';
import { prefilterContracts } from '../prefilter';
import { ScanDiffer } from '../scan/scan-diff';
import type { ScanConfig } from '../scan/scan-engine';
import type { HeldChain } from '../service/held-scoring';
import { plainRows, ScanRow } from '../service/scan-row';
import { rowsDifference } from '../testing/same-rows';
import { roughenMarket, seededRandom, syntheticMarket, tickQuotes, type SyntheticMarket } from '../testing/synthetic-market';
import { MainThreadScoring, WorkerScoring, type ScoringBackend } from './scoring-backend';

const NOW = Date.UTC(2026, 0, 5, 15, 0, 0);
const BROAD: ScanConfig = { spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [1, 2, 5], k: 1, maxRows: 300 };
const FILTERED: ScanConfig = { ...BROAD, filters: { pop: { min: 0.55 }, shortDelta: { min: 0.1, max: 0.35 } }, maxRows: 150 };

function heldOf(m: SyntheticMarket): Map<string, HeldChain> {
  const out = new Map<string, HeldChain>();
  m.definitions.forEach((d, i) => out.set(d.symbol, { chain: chainFromDefinition(d, m.underlyings[i], m.rate, m.quotes), listed: 100 + i, quoted: 90 + i }));
  return out;
}

/** One symbol's quotes tick and the scan holds a new chain for it. */
function tick(m: SyntheticMarket, held: Map<string, HeldChain>, symbol: string, seed: number): void {
  const own = new Map([...m.quotes].filter(([k]) => k.startsWith(`${symbol}|`)));
  tickQuotes({ ...m, quotes: own }, 0.6, seed, NOW);
  for (const [k, q] of own) m.quotes.set(k, q);
  const i = m.definitions.findIndex((d) => d.symbol === symbol);
  held.set(symbol, { chain: chainFromDefinition(m.definitions[i], m.underlyings[i], m.rate, m.quotes), listed: 100 + i, quoted: 90 + i });
}

/** A scan's view of a backend: its differ fed with the replies, as the continuous scan does. */
class Table {
  readonly differ = new ScanDiffer<SpreadRow>();
  funnel: unknown = null;
  constructor(readonly backend: ScoringBackend) {}
  async score(changed: string[] | null, symbols: string[], chains: Map<string, HeldChain>, opts: { adopt?: boolean; resetRows?: boolean } = {}): Promise<SpreadRow[]> {
    const r = await this.backend.score({ changed, symbols, chains, now: NOW, adoptLearnedOrder: opts.adopt, resetRows: opts.resetRows });
    this.differ.applyChanges(
      r.changed.map((e) => new ScanRow(e)),
      r.order,
    );
    this.funnel = r.funnel;
    expect(r.rows).toBe(this.differ.current().length);
    return plainRows(this.differ.current());
  }
}

function expectSame(a: readonly SpreadRow[], b: readonly SpreadRow[], label: string): void {
  expect({ label, ids: a.map((r) => r.id) }).toEqual({ label, ids: b.map((r) => r.id) });
  expect({ label, diff: rowsDifference(a, b) }).toEqual({ label, diff: null });
}

describe('the scoring worker (ADR 0025)', () => {
  const backends: ScoringBackend[] = [];
  afterAll(async () => {
    for (const b of backends) await b.dispose();
  });
  function pair(): [Table, Table] {
    const main = new MainThreadScoring();
    const worker = new WorkerScoring();
    backends.push(main, worker);
    return [new Table(main), new Table(worker)];
  }

  it('gives the main thread’s rows, order and funnel over seeded updates, dropped symbols, new settings and the learned order', async () => {
    const market = roughenMarket(syntheticMarket({ seed: 11, now: NOW }), 12, NOW);
    const held = heldOf(market);
    const symbols = market.definitions.map((d) => d.symbol);
    const [main, worker] = pair();
    for (const t of [main, worker]) t.backend.configure(BROAD);
    expectSame(await worker.score(null, symbols, held), await main.score(null, symbols, held), 'first');
    expect(worker.differ.current().length).toBeGreaterThan(100);
    expect(worker.funnel).toEqual(main.funnel);
    const rnd = seededRandom(5);
    for (let step = 0; step < 12; step++) {
      const symbol = symbols[Math.floor(rnd() * symbols.length)];
      if (step === 4) held.delete(symbol);
      else tick(market, held, symbol, 100 + step);
      if (step === 7) for (const t of [main, worker]) t.backend.configure(FILTERED);
      const changed = step === 7 ? null : [symbol];
      const adopt = step === 9;
      const a = await worker.score(changed, symbols, held, { adopt });
      const b = await main.score(changed, symbols, held, { adopt });
      expectSame(a, b, `step ${step}`);
      expect(worker.funnel).toEqual(main.funnel);
      expect(worker.differ.seq).toBe(main.differ.seq);
    }
  });

  it('runs its thread at a lower priority than the API’s (Linux: nice 10), so serving requests wins the cores', async () => {
    const market = syntheticMarket({ seed: 2, now: NOW });
    const [, worker] = pair();
    worker.backend.configure(BROAD);
    await worker.score(null, market.definitions.map((d) => d.symbol), heldOf(market));
    if (process.platform !== 'linux') return;
    const { readdirSync, readFileSync } = await import('node:fs');
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the command's closing parenthesis).
    const nice = readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]));
    expect(nice).toContain(10);
  });

  it('makes the pruning plan the main thread makes, and carries the cycle threshold back', async () => {
    const market = syntheticMarket({ seed: 3, now: NOW });
    const [, worker] = pair();
    const mainThreshold = new PruneThreshold(200);
    const workerThreshold = new PruneThreshold(200);
    for (let i = 0; i < 2; i++) {
      const inputs = (threshold: PruneThreshold): PruneInputs => {
        const def = market.definitions[i];
        const und = market.underlyings[i];
        const candidates = prefilterContracts(def, und, { now: NOW, rate: market.rate, spreadTypes: BROAD.spreadTypes, widths: BROAD.widths }).contracts;
        const anchors = new Map<string, OptionQuote>();
        for (const c of anchorContracts(def, und, new Set(candidates.map((x) => x.expiry)), NOW, market.rate)) {
          const q = market.quotes.get(contractKey(c));
          if (q) anchors.set(contractKey(c), q);
        }
        return { def, und, rate: market.rate, now: NOW, candidates, anchors, config: { ...BROAD, maxRows: 200 }, threshold };
      };
      const a = inputs(workerThreshold);
      const got = await worker.backend.plan(a);
      const want = await planQuotes(inputs(mainThreshold));
      expect(got).toStrictEqual(want);
      // The main thread's own contract objects come back.
      if (got.quote.length) expect(a.candidates).toContain(got.quote[0]);
      expect(workerThreshold.value()).toBe(mainThreshold.value());
    }
  });

  it('a worker that dies fails what it was doing; the next scoring starts a new one with every chain and the whole table', async () => {
    const market = syntheticMarket({ seed: 21, now: NOW });
    const held = heldOf(market);
    const symbols = market.definitions.map((d) => d.symbol);
    const started: boolean[] = [];
    const failures: string[] = [];
    const backend = new WorkerScoring({ started: (restart) => started.push(restart), failed: (reason) => failures.push(reason) });
    backends.push(backend);
    const table = new Table(backend);
    const [reference] = pair();
    backend.configure(BROAD);
    reference.backend.configure(BROAD);
    await table.score(null, symbols, held);
    await reference.score(null, symbols, held);
    const inFlight = backend.score({ changed: [symbols[0]], symbols, chains: held, now: NOW });
    await backend.stopWorker();
    await expect(inFlight).rejects.toThrow(/scoring worker/);
    expect(failures.length).toBe(1);
    // A symbol ticks meanwhile; the new worker gets the settings again and every chain, not only the changed one.
    tick(market, held, symbols[1], 7);
    expectSame(await table.score([symbols[1]], symbols, held), await reference.score([symbols[1]], symbols, held), 'after the restart');
    expect(started).toEqual([false, true]);
  });
});
