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
});
