/**
 * Smoke runs of the scanner's benchmark scripts as a user types them (`npm run bench:scanner`, `npm run bench:scan`),
 * in their short bounded modes: they must start, run the product-path cases (issue 16) end to end and print their
 * figures. No timing is asserted (docs/benchmarks.md holds the measured figures).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

function npmRun(script: string, env: Record<string, string>): { status: number | null; out: string } {
  const r = spawnSync('npm', ['run', '-s', script], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, out: `${r.stdout ?? ''}\n${r.stderr ?? ''}` };
}

function jsonLine(out: string, prefix: string): unknown {
  const line = out.split('\n').find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`no "${prefix}" line in:\n${out.slice(-3000)}`);
  return JSON.parse(line.slice(prefix.length));
}

describe('benchmark scripts (smoke)', () => {
  it('npm run bench:scanner: case C, cold fresh processes, one-symbol update among 30 held, the 100k universe', () => {
    const r = npmRun('bench:scanner', { BENCH_CASES: 'C,cold,update,scale', BENCH_RUNS: '2', BENCH_WARMUP: '0', BENCH_COLD_PROCS: '1', BENCH_IDLE_MS: '0', BENCH_UPDATES: '2' });
    expect({ status: r.status, tail: r.status === 0 ? '' : r.out.slice(-3000) }).toEqual({ status: 0, tail: '' });
    expect(r.out).toContain('| C |');
    const cold = jsonLine(r.out, 'JSON cold ') as Record<'plain' | 'warmedUp', { first: { ms: number }; warm: { ms: number } }>;
    for (const v of [cold.plain, cold.warmedUp]) expect(v.first.ms).toBeGreaterThan(0);
    const updates = jsonLine(r.out, 'JSON updates ') as Array<{ label: string; symbols: number; quotes: number; update: { ms: number }; full: { ms: number } }>;
    expect(updates.map((u) => u.label)).toEqual(['D: 30 held, one updated', 'E: 100k, SPX updated', 'E: 100k, SPY updated']);
    expect(updates[0].symbols).toBe(30);
    expect(updates[1].quotes).toBeGreaterThanOrEqual(100_000);
    for (const u of updates) expect(u.update.ms).toBeGreaterThan(0);
  }, 300_000);

  it('npm run bench:scan, BENCH_CASE=product: the continuous scan on the simulator reports lastScanMs per cycle', () => {
    const r = npmRun('bench:scan', { BENCH_CASE: 'product', BENCH_CYCLES: '1', BENCH_SIM_RATE: '2000', BENCH_BUDGET_MS: '120000' });
    expect({ status: r.status, tail: r.status === 0 ? '' : r.out.slice(-3000) }).toEqual({ status: 0, tail: '' });
    const cycles = jsonLine(r.out, 'JSON ') as Array<{ cycle: number; lastScanMs: number; candidates: number; quoted: number }>;
    expect(cycles.length).toBe(1);
    expect(cycles[0].lastScanMs).toBeGreaterThan(0);
    expect(cycles[0].candidates).toBeGreaterThan(1000);
  }, 300_000);

  it('npm run bench:pruning, one seed and symbol: pruned acquisition vs quoting everything, and the estimate error', () => {
    const r = npmRun('bench:pruning', { BENCH_SEEDS: '1', BENCH_SYMBOLS: 'IWM', BENCH_MAX_ROWS: '50' });
    expect({ status: r.status, tail: r.status === 0 ? '' : r.out.slice(-3000) }).toEqual({ status: 0, tail: '' });
    const rows = jsonLine(r.out, 'JSON ') as Array<{ seed: number; listed: number; quoted: number; pruned: number; equal: boolean }>;
    expect(rows.length).toBe(1);
    expect(rows[0].quoted + rows[0].pruned).toBeLessThanOrEqual(rows[0].listed);
    expect(rows[0].pruned).toBeGreaterThan(0);
  }, 300_000);
});
