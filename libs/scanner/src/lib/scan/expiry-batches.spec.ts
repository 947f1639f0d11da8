import { contractKey, listedContracts } from '../chain/option-chain';
import { InMemoryMarket } from '../sources/in-memory-market';
import type { QuoteBatch, QuoteRequest, QuoteResult } from '../sources/market-sources';
import { syntheticInMemoryMarket, syntheticMarket } from '../testing/synthetic-market';
import { planExpiryBatches, requestQuotesInBatches, type QuotedBatch } from './expiry-batches';

const now = Date.UTC(2026, 10, 2, 15, 0);
const market = syntheticMarket({ now, underlyings: [{ symbol: 'IWM', spot: 220, iv: 0.2, increment: 1, dividendYield: 0.011 }], expiries: 4, strikesPerExpiry: 30 });

/** Answers in a given order (a quote source whose contracts complete out of order), all at once. */
class ShuffledMarket extends InMemoryMarket {
  constructor(private readonly order: (n: number) => number[]) {
    super();
  }
  override async requestQuotes(request: QuoteRequest): Promise<QuoteBatch> {
    const answers: Array<[number, QuoteResult]> = [];
    const all = await super.requestQuotes({ ...request, onResult: (i, r) => answers.push([i, r]) });
    for (const i of this.order(answers.length)) request.onResult?.(answers[i][0], answers[i][1]);
    return all;
  }
}

describe('expiry batches (progressive acquisition)', () => {
  // The pre-filter's priority order mixes expiries: reversed here so the nearest expiry comes last.
  const contracts = listedContracts(market.definitions[0]).reverse();

  it('plans batches nearest expiry first, at most maxPerBatch each, keeping the given order within an expiry', () => {
    const plan = planExpiryBatches(contracts, 25);
    const expiries = [...new Set(contracts.map((c) => c.expiry))].sort();
    expect(plan.contracts).toHaveLength(contracts.length);
    expect([...new Set(plan.batches.map((b) => b.expiry))]).toEqual(expiries);
    // 60 contracts per expiry → batches of 25, 25, 10
    expect(plan.batches.slice(0, 3).map((b) => b.end - b.start)).toEqual([25, 25, 10]);
    for (const b of plan.batches) {
      expect(b.end - b.start).toBeLessThanOrEqual(25);
      const slice = plan.contracts.slice(b.start, b.end);
      expect(slice.every((c) => c.expiry === b.expiry)).toBe(true);
    }
    const first = contracts.filter((c) => c.expiry === expiries[0]);
    expect(plan.contracts.slice(0, first.length)).toEqual(first);
    expect(() => planExpiryBatches(contracts, 0)).toThrow(/maxPerBatch/);
  });

  it('reports every batch once, when its last contract is answered, even out of order; the whole batch resolves as one request', async () => {
    // Contracts answered in reverse: the last batch completes first.
    const source = new ShuffledMarket((n) => Array.from({ length: n }, (_, i) => n - 1 - i));
    for (const d of market.definitions) source.setDefinition(d);
    for (const [k, q] of market.quotes) source.setQuote(k, q);
    source.deleteQuote(contractKey(contracts[0])); // one contract without a market
    const seen: QuotedBatch[] = [];
    let answered = 0;
    const all = await requestQuotesInBatches(source, contracts, { maxPerBatch: 25, onBatch: (b) => seen.push(b), onContract: () => answered++ });
    const plan = planExpiryBatches(contracts, 25);
    expect(seen.map((b) => b.index)).toEqual(plan.batches.map((_, i) => i).reverse());
    expect(answered).toBe(contracts.length);
    expect(seen.reduce((n, b) => n + b.quotes.size + b.missing.length, 0)).toBe(contracts.length);
    expect(seen.flatMap((b) => b.missing)).toEqual([{ key: contractKey(contracts[0]), reason: 'no-market' }]);
    expect(all.quotes.size).toBe(contracts.length - 1);
    for (const b of seen) for (const k of b.quotes.keys()) expect(k.split('|')[1]).toBe(b.expiry);
    // in order (the in-memory source answers in order): batch 0 (the nearest expiry) first
    const inOrder: number[] = [];
    await requestQuotesInBatches(syntheticInMemoryMarket(market), contracts, { maxPerBatch: 25, onBatch: (b) => inOrder.push(b.index) });
    expect(inOrder).toEqual(plan.batches.map((_, i) => i));
  });
});
