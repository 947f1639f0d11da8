/**
 * Smoke run of `npm run bench:preview` as a user types it, in its short mode (BENCH_SHORT=1): it must start the
 * simulator, the 8-symbol scan and the order engine, time previews while the scan acquires, and print its figures.
 * No timing is asserted (docs/benchmarks.md holds the measured figures).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

describe('npm run bench:preview (smoke)', () => {
  it('times previews while the 8-symbol scan runs and prints them', () => {
    const r = spawnSync('npm', ['run', '-s', 'bench:preview'], { cwd: root, env: { ...process.env, BENCH_SHORT: '1', NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 200_000 });
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    expect({ status: r.status, tail: r.status === 0 ? '' : out.slice(-3000) }).toEqual({ status: 0, tail: '' });
    const line = out.split('\n').find((l) => l.startsWith('JSON '));
    expect(line).toBeDefined();
    const res = JSON.parse((line as string).slice(5)) as { previews: number; medianMs: number; whatIfAnswered: number; scanQueueDepthMedian: number };
    expect(res.previews).toBe(3);
    expect(res.medianMs).toBeGreaterThan(0);
    expect(res.whatIfAnswered).toBe(3);
    // the previews really ran while the scan's acquisition had requests queued
    expect(res.scanQueueDepthMedian).toBeGreaterThan(0);
  }, 240_000);
});
