import { Registry } from 'prom-client';
import { sharedWorkspace } from '../scan/lean/workspace';
import { ScannerMetrics } from './scanner.metrics';

describe('ScannerMetrics: scanner_engine_workspace_bytes', () => {
  it("reports the bytes the engines' shared columns hold at scrape time, growing with a reserve", async () => {
    const registry = new Registry();
    new ScannerMetrics(registry);
    const value = async (): Promise<number> => Number(/^scanner_engine_workspace_bytes (\d+)$/m.exec(await registry.metrics())?.[1]);
    const before = await value();
    expect(before).toBe(sharedWorkspace().bytes());
    const cap = sharedWorkspace().capacity();
    sharedWorkspace().reserve(cap.legs + 1000, cap.spreads + 4000);
    const after = await value();
    // At least 8 bytes per added leg and per added spread (every table has Float64 columns).
    expect(after - before).toBeGreaterThanOrEqual(8 * 5000);
    expect(after).toBe(sharedWorkspace().bytes());
  });

  it("adds the scoring worker's workspace as its last scoring reported, and names the scoring thread (ADR 0025)", async () => {
    const registry = new Registry();
    const metrics = new ScannerMetrics(registry);
    metrics.scoringThread('worker');
    metrics.scoringWaited(0.012, 1_000_000);
    const text = await registry.metrics();
    expect(Number(/^scanner_engine_workspace_bytes (\d+)$/m.exec(text)?.[1])).toBe(sharedWorkspace().bytes() + 1_000_000);
    expect(text).toMatch(/^scanner_scoring_thread\{thread="worker"\} 1$/m);
    expect(text).toMatch(/^scanner_scoring_wait_seconds_count 1$/m);
    metrics.scoringThread('main');
    expect(await registry.metrics()).not.toMatch(/thread="worker"/);
  });
});
