/**
 * Progressive publishing over the real wire (issue 17, item 3): the continuous scan on the ibkr sources, talking to
 * the simulator over TCP through @stoqey/ib, manual clock. The first rows are published long before the first cycle
 * ends, nearest expiries first, at most 4 publications a second; the status reports the first cycle's progress; a
 * row's quote time is its oldest leg's, and every leg's quote time is when the simulator's quote arrived.
 */
import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, drive, driveUntil } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { ScanCycleProgress, ScanDeltaEvent } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import type { MarketSources, QuoteRequest } from '../sources/market-sources';
import { createIbkrMarketSources } from '../ibkr/ibkr-market-sources';
import { ContinuousScanService, type ScanSettings } from './continuous-scan.service';
import { ScannerMetrics } from './scanner.metrics';

jest.setTimeout(240_000);

/** Spearman's rank correlation between the order of `items` and their sorted order (1: sorted, −1: reversed). */
function spearman(items: readonly string[]): number {
  const sorted = [...items].sort();
  const n = items.length;
  const d2 = items.reduce((sum, x, i) => sum + (i - sorted.indexOf(x)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('progressive publishing (continuous scan, simulator over TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(9);
  let sim: IbSimulator & { clock: ManualClock };
  let rt: IbkrRuntime;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market });
    rt = createTestRuntime(sim.port, clock, { clientId: 41, maxSubscriptions: 90 });
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
  });
  afterAll(async () => {
    await rt.stop();
    await drive(clock, 100);
    await sim.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('publishes rows per expiry batch before the first cycle ends, reports its progress, and stamps rows with their legs\' quote times', async () => {
    const ibkr = createIbkrMarketSources({ coordinator: rt.coordinator, lines: rt.lines, clock });
    // The contracts the scan asks for, with the clock time each contract's quote arrived.
    let asked = 0;
    const answeredAt = new Map<string, number>();
    const sources: MarketSources = {
      chains: ibkr.chains,
      underlyings: ibkr.underlyings,
      quotes: {
        requestQuotes: (r: QuoteRequest) => {
          asked += r.contracts.length;
          return ibkr.quotes.requestQuotes({
            ...r,
            onResult: (i, res) => {
              const c = r.contracts[i];
              if ('quote' in res && !answeredAt.has(`${c.expiry}|${c.right}|${c.strike}`)) answeredAt.set(`${c.expiry}|${c.right}|${c.strike}`, res.quote.quoteTime);
              r.onResult?.(i, res);
            },
          });
        },
      },
    };
    const registry = new Registry();
    const scan = new ContinuousScanService(sources, clock, { metrics: new ScannerMetrics(registry), warmUp: false, batchContracts: 30, publishesPerSecond: 4, release: () => ibkr.release() });
    const deltas: Array<{ at: number; delta: ScanDeltaEvent }> = [];
    const progress: ScanCycleProgress[] = [];
    let firstCycleEndedAt: number | null = null;
    scan.events$.subscribe((e) => {
      if (e.type === 'delta') deltas.push({ at: clock.now(), delta: e.delta });
      if (e.type === 'status') {
        if (e.status.firstCycle) progress.push(e.status.firstCycle);
        if (e.status.scans >= 1 && firstCycleEndedAt === null) firstCycleEndedAt = clock.now();
      }
    });
    const settings: ScanSettings = {
      symbols: ['IWM', 'QQQ'],
      spreadTypes: ['bull-put', 'bear-call'],
      widths: [1, 2],
      filters: { dte: { min: 1, max: 30 }, shortDelta: { min: 0.15, max: 0.35 } },
    };
    const start = scan.start(settings);
    await driveUntil(clock, () => scan.status().state !== 'idle', { stepMs: 5, what: 'start' });
    await start;
    await driveUntil(clock, () => firstCycleEndedAt !== null, { stepMs: 5, maxMs: 900_000, realMs: 200_000, what: 'the first cycle' });
    const endedAt = firstCycleEndedAt as unknown as number;
    const scanStartedAt = Date.parse(scan.status().startedAt as string);
    await scan.stop();

    // First rows well before the first cycle ended (and before the first symbol's chain was done).
    const firstWithRows = deltas.find((d) => d.delta.added.length > 0);
    expect(firstWithRows).toBeDefined();
    const first = firstWithRows as { at: number; delta: ScanDeltaEvent };
    expect(first.at).toBeLessThan(endedAt);
    // The status's time to first rows: from the scan's start (after the request was validated) to that delta.
    expect(scan.status().firstRowsMs).toBe(first.at - scanStartedAt);
    const duringCycle = deltas.filter((d) => d.at < endedAt && d.delta.added.length > 0);
    expect(duringCycle.length).toBeGreaterThan(2);
    // Nearest expiries first: per symbol, the order in which expiries first appear follows the calendar (80 lines
    // quote several batches at once, so neighbours may swap: a rank correlation near 1, where the pre-filter's
    // order, which mixes expiries, gives about 0).
    for (const symbol of settings.symbols) {
      const order: string[] = [];
      for (const d of deltas) for (const r of d.delta.added) if (r.symbol === symbol && !order.includes(r.expiry)) order.push(r.expiry);
      expect(order.length).toBeGreaterThan(3);
      expect(spearman(order)).toBeGreaterThan(0.8);
    }
    // At most 4 publications a second while batches arrive (the manual clock makes this exact).
    const batchDeltas = deltas.filter((d) => d.at < endedAt);
    for (let i = 1; i < batchDeltas.length; i++) {
      if (batchDeltas[i].at !== endedAt) expect(batchDeltas[i].at - batchDeltas[i - 1].at).toBeGreaterThanOrEqual(250);
    }

    // Progress: symbols and contracts done of the totals, growing; the total is what the pre-filter asked for.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p) => p.symbolsTotal === 2 && p.symbolsDone <= 2)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i].contractsDone).toBeGreaterThanOrEqual(progress[i - 1].contractsDone);
    expect(progress.some((p) => p.symbolsDone === 1 && p.contractsDone > 0)).toBe(true);
    const lastTotal = progress[progress.length - 1].contractsTotal;
    expect(lastTotal).toBe(asked);
    expect(progress.every((p) => p.contractsDone <= asked)).toBe(true);
    expect(scan.status().firstCycle).toBeNull();

    // Every row's quote time is its oldest leg's; every leg's quote time is its quote's arrival in the first cycle.
    const seen = deltas.filter((d) => d.at <= endedAt).flatMap((d) => [...d.delta.added, ...d.delta.updated]);
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) {
      expect(r.quoteTime).toBe(Math.min(r.short.quoteTime, r.long.quoteTime));
      for (const leg of [r.short, r.long]) expect({ id: r.id, t: leg.quoteTime }).toEqual({ id: r.id, t: answeredAt.get(`${r.expiry}|${leg.right}|${leg.strike}`) });
    }

    // Metrics: publications by trigger, batches, time to first rows.
    const text = await registry.metrics();
    const batchPublishes = Number(/scanner_publishes_total\{trigger="batch"\} (\d+)/.exec(text)?.[1] ?? 0);
    expect(batchPublishes).toBeGreaterThan(2);
    expect(Number(/scanner_quote_batches_total (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThan(2);
    expect(text).toMatch(/scanner_time_to_first_rows_seconds_count 1/);
  });
});
