/**
 * The fresh lane over the real wire (issue 17, ADR 0024): the continuous scan on the ibkr sources, talking to the
 * simulator over TCP through @stoqey/ib, manual clock, a long pause between cycles. Between cycles the top rows'
 * quote times advance (from the lane's held streams and its rotations), the rows are re-scored through the publish
 * throttle, and no error 100 or 101 occurs.
 */
import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, drive, driveUntil } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import { Registry } from 'prom-client';
import { createIbkrMarketSources } from '../ibkr/ibkr-market-sources';
import { ContinuousScanService, type ScanSettings } from '../service/continuous-scan.service';
import { ScannerMetrics } from '../service/scanner.metrics';
import { FreshRows } from './fresh-rows';

jest.setTimeout(240_000);

describe('fresh lane (continuous scan, simulator over TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(11);
  let sim: IbSimulator & { clock: ManualClock };
  let rt: IbkrRuntime;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market });
    rt = createTestRuntime(sim.port, clock, { clientId: 43, maxSubscriptions: 90, requestRate: 40 });
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
  });
  afterAll(async () => {
    await rt.stop();
    await drive(clock, 100);
    await sim.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('refreshes the top rows between cycles from held streams and rotations, without error 100/101', async () => {
    const sources = createIbkrMarketSources({ coordinator: rt.coordinator, lines: rt.lines, clock });
    const registry = new Registry();
    // 12 held lines, the rest of the top 20 rows' legs by rotation, within 40 % of the 40 messages/s paced (the manual
    // clock delivers a step's messages a little late, so the pace keeps a margin under the simulator's 50 per window)
    const fresh = new FreshRows(rt, { topRows: 20, holdLines: 12, messagesPerSecond: 40, messageShare: 0.4 });
    const scan = new ContinuousScanService(sources, clock, { metrics: new ScannerMetrics(registry), warmUp: false, cyclePauseMs: 3_600_000, release: () => sources.release(), freshRows: fresh });
    let cycleEndedAt: number | null = null;
    scan.events$.subscribe((e) => {
      if (e.type === 'status' && e.status.scans >= 1 && cycleEndedAt === null) cycleEndedAt = clock.now();
    });
    const settings: ScanSettings = { symbols: ['IWM'], spreadTypes: ['bull-put', 'bear-call'], widths: [1, 2], filters: { dte: { min: 1, max: 21 }, shortDelta: { min: 0.15, max: 0.35 } } };
    const start = scan.start(settings);
    await driveUntil(clock, () => scan.status().state !== 'idle', { stepMs: 5, what: 'start' });
    await start;
    await driveUntil(clock, () => cycleEndedAt !== null, { stepMs: 5, maxMs: 900_000, realMs: 200_000, what: 'the first cycle' });
    const ended = cycleEndedAt as unknown as number;
    const top = () => scan.results({ page: 0, pageSize: 20, sort: 'score', order: 'desc' }).rows;
    expect(top().length).toBe(20);

    // 30 s of the pause (the next cycle starts in an hour): the lane alone moves the quotes. On a loaded machine a
    // rotation can miss (its line's first tick later than the clock moves), so wait on the condition, not a duration.
    const messagesBefore = sim.counts().messagesReceived;
    const laneBefore = scan.status().freshLane?.messages ?? 0;
    const pauseStart = clock.now();
    await drive(clock, 30_000, 25);
    await driveUntil(clock, () => top().every((r) => (r.quoteTime ?? 0) > ended), { stepMs: 25, maxMs: 120_000, realMs: 120_000, what: 'every top row re-quoted after the cycle ended' });
    const seconds = (clock.now() - pauseStart) / 1000;
    const rows = top();
    const now = clock.now();
    expect(rows.length).toBeGreaterThan(0);
    // Ages within the median target (≤ 5 s): legs on held lines are current, legs on rotation come round
    // every few seconds; without the lane every row would be ≥ 30 s old here.
    const ages = rows.map((r) => now - (r.quoteTime ?? 0)).sort((a, b) => a - b);
    expect(ages[Math.floor(ages.length / 2)]).toBeLessThanOrEqual(5_000);
    const st = scan.status();
    expect(st.scans).toBe(1);
    const lane = st.freshLane;
    expect(lane).toBeDefined();
    expect(lane?.held).toBe(12);
    expect(lane?.fromStreams).toBeGreaterThan(0);
    expect(lane?.fromRotation).toBeGreaterThan(0);
    // within its share: 40 % of 40/s over the pause, plus one second's burst
    expect((lane?.messages ?? 0) - laneBefore).toBeLessThanOrEqual(16 * (seconds + 1));
    // at the simulator: the lane's and a few of the scan's own (its underlyings)
    expect(sim.counts().messagesReceived - messagesBefore).toBeLessThanOrEqual(16 * (seconds + 1) + 40);
    const text = await registry.metrics();
    expect(Number(/scanner_fresh_lane_quotes_total\{source="rotation"\} (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThan(0);
    expect(Number(/scanner_fresh_lane_messages_total (\d+)/.exec(text)?.[1] ?? 0)).toBeGreaterThan(0);

    await scan.stop();
    await drive(clock, 1_000);
    expect(fresh.stats().held).toBe(0);
    expect(rt.policy.count(100)).toBe(0);
    expect(rt.policy.count(101)).toBe(0);
  });
});
