import { ManualClock } from '@ibsc/clock';
import { Registry } from 'prom-client';
import { InMemoryMarket } from '../sources/in-memory-market';
import type { QuoteBatch, QuoteRequest } from '../sources/market-sources';
import { syntheticMarket } from '../testing/synthetic-market';
import { ContinuousScanService, type ScanSettings } from './continuous-scan.service';
import { PreviewBudgetError, PreviewBusyError } from './preview-budget';
import { ScannerMetrics } from './scanner.metrics';

const now = Date.UTC(2026, 10, 2, 15, 0);

/** An in-memory market whose quote requests wait until released (a slow gateway), recording aborts. */
class SlowMarket extends InMemoryMarket {
  readonly pending: Array<{ request: QuoteRequest; release: () => void }> = [];
  abortedRequests = 0;

  override requestQuotes(request: QuoteRequest): Promise<QuoteBatch> {
    return new Promise((resolve) => {
      const release = () => resolve(super.requestQuotes(request));
      request.signal?.addEventListener('abort', () => {
        this.abortedRequests++;
        release();
      });
      this.pending.push({ request, release });
    });
  }
}

function setup() {
  const m = syntheticMarket({ now, underlyings: [{ symbol: 'SPY', spot: 665, iv: 0.16, increment: 1, dividendYield: 0.012 }, { symbol: 'IWM', spot: 220, iv: 0.2, increment: 1, dividendYield: 0.011 }], expiries: 8, strikesPerExpiry: 60 });
  const market = new SlowMarket();
  for (const d of m.definitions) market.setDefinition(d);
  for (const u of m.underlyings) market.setUnderlying(u);
  for (const [k, q] of m.quotes) market.setQuote(k, q);
  const clock = new ManualClock(now);
  const registry = new Registry();
  const metrics = new ScannerMetrics(registry);
  const scan = new ContinuousScanService(market, clock, { warmUp: false, metrics });
  return { market, clock, scan, registry };
}

const settings: ScanSettings = { symbols: ['SPY', 'IWM'], spreadTypes: ['bull-put'], widths: [5], filters: { dte: { min: 1, max: 60 }, shortDelta: { min: 0.1, max: 0.4 } } };
const flush = () => new Promise((r) => setImmediate(r));

async function waitPending(market: SlowMarket, n: number): Promise<void> {
  for (let i = 0; i < 100 && market.pending.length < n; i++) await flush();
  expect(market.pending.length).toBe(n);
}

describe('preview count budget (orders first, ADR 0012)', () => {
  it('counts within budget; a second preview while one runs is refused as busy', async () => {
    const { market, scan, registry } = setup();
    const first = scan.previewCount(settings, { timeoutMs: 10_000, maxContracts: 5_000 });
    await waitPending(market, 1);
    await expect(scan.previewCount(settings)).rejects.toBeInstanceOf(PreviewBusyError);
    market.pending[0].release();
    await waitPending(market, 2);
    market.pending[1].release();
    const res = await first;
    expect(res.acquired).toEqual(['SPY', 'IWM']);
    expect(res.matched).toBeGreaterThan(0);
    // free again once it is done
    const again = scan.previewCount(settings);
    await waitPending(market, 3);
    market.pending[2].release();
    await waitPending(market, 4);
    market.pending[3].release();
    await again;
    const text = await registry.metrics();
    expect(text).toContain('scanner_previews_total{outcome="busy"} 1');
    expect(text).toContain('scanner_previews_total{outcome="ok"} 2');
  });

  it('over the contract budget: refused before quoting the symbol that would exceed it', async () => {
    const { market, scan } = setup();
    const p = scan.previewCount(settings, { maxContracts: 10 });
    await expect(p).rejects.toMatchObject({ reason: 'contracts' });
    await expect(p).rejects.toBeInstanceOf(PreviewBudgetError);
    expect(market.requests).toHaveLength(0);
  });

  it('over the time budget: the quotes in flight are aborted and no further symbol is quoted', async () => {
    const { market, scan, clock } = setup();
    const p = scan.previewCount(settings, { timeoutMs: 3_000 });
    const outcome = p.then(() => 'resolved', (e: unknown) => e);
    await waitPending(market, 1);
    clock.advance(3_001);
    const e = await outcome;
    expect(e).toBeInstanceOf(PreviewBudgetError);
    expect(e).toMatchObject({ reason: 'time' });
    expect(market.abortedRequests).toBe(1);
    expect(market.pending).toHaveLength(1);
  });

  it('the caller goes away: it stops quoting at once', async () => {
    const { market, scan } = setup();
    const gone = new AbortController();
    const p = scan.previewCount(settings, { signal: gone.signal });
    const outcome = p.then(() => 'resolved', (e: unknown) => e);
    await waitPending(market, 1);
    gone.abort();
    expect(await outcome).toMatchObject({ reason: 'cancelled' });
    expect(market.pending).toHaveLength(1);
    // and the next preview may run
    const next = scan.previewCount({ ...settings, symbols: ['IWM'] });
    await waitPending(market, 2);
    market.pending[1].release();
    await expect(next).resolves.toMatchObject({ acquired: ['IWM'] });
  });
});
