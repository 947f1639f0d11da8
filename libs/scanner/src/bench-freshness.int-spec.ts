/**
 * Smoke run of `npm run bench:freshness` (issue 17) as a user types it, in its short bounded mode (one symbol, 15 s):
 * it must start the realistic-timings simulator and the product's scanner module, run, and print every figure (a
 * figure it cannot measure yet prints as n/a). No timing is asserted (docs/benchmarks.md holds the measured figures).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

describe('npm run bench:freshness (smoke)', () => {
  it('runs bounded and prints first row, first cycle, quote ages, messages/s, lines and errors 100/101', () => {
    const r = spawnSync('npm', ['run', '-s', 'bench:freshness'], {
      cwd: root,
      env: { ...process.env, BENCH_DURATION_S: '15', BENCH_SAMPLE_S: '5', BENCH_SYMBOLS: 'IWM' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    expect({ status: r.status, tail: r.status === 0 ? '' : out.slice(-3000) }).toEqual({ status: 0, tail: '' });
    for (const label of ['time to first row', 'time to first full cycle', "top 100 rows' quote age", "all rows' quote age", 'messages/s to gateway', 'market-data lines', 'errors 100 / 101']) {
      expect(out).toContain(label);
    }
    expect(out).toContain('simulator timings realistic');
    const line = out.split('\n').find((l) => l.startsWith('JSON '));
    const report = JSON.parse((line as string).slice(5)) as { timings: string; msgs: { max: number }; lines: { max: number }; end: { quotedAtGateway: number }; errors: Record<string, number> };
    expect(report.timings).toBe('realistic');
    // the scan really asked the gateway for quotes within the 15 s
    expect(report.end.quotedAtGateway).toBeGreaterThan(0);
    expect(report.lines.max).toBeGreaterThan(0);
    expect(typeof report.errors['100']).toBe('number');
  }, 300_000);
});
