import { spawnSync } from 'node:child_process';
import { ROOT } from './built-api';

/** `npm run bench:results` in a short mode (2 s a phase, a small table): the script a user may type still runs. */
describe('npm run bench:results (smoke)', () => {
  it('loads GET /scan/results with compression on and reports latency percentiles of full and 304 answers', () => {
    const r = spawnSync('npm', ['run', '-s', 'bench:results'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_NO_BUILD: '1', BENCH_SECONDS: '2', BENCH_RATE: '50', BENCH_MIN_ROWS: '50', BENCH_FILL_S: '120' },
      encoding: 'utf8',
      timeout: 280_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect({ status: r.status, tail: r.status === 0 ? '' : out.slice(-3000) }).toEqual({ status: 0, tail: '' });
    expect(out).toMatch(/full\s+100 requests at 50\/s .*p99 [\d.]+ ms/);
    const line = out.split('\n').find((l) => l.startsWith('JSON ')) as string;
    type Loop = { p99: number; max: number };
    const report = JSON.parse(line.slice(5)) as { full: { byStatus: Record<string, number>; eventLoopDelayMs: Loop; clientEventLoopDelayMs: Loop }; notModified: { byStatus: Record<string, number> }; pageBytes: Record<string, number> };
    expect(report.full.byStatus['200']).toBe(100);
    // The conditional phase answers 304 while a page's seq holds still and 200 once it moved: the table moves up to 4
    // times a second, so in 2 s either may be all there is. That a matching ETag gets a 304 is scan-results.int-spec's.
    expect((report.notModified.byStatus['200'] ?? 0) + (report.notModified.byStatus['304'] ?? 0)).toBe(100);
    expect(Object.keys(report.pageBytes)).toContain('br');
    // the API's loop beyond prom-client's 10 ms tick, and the load generator's own loop (a stalled client is not a slow server)
    for (const loop of [report.full.eventLoopDelayMs, report.full.clientEventLoopDelayMs]) {
      expect(loop.p99).toBeGreaterThanOrEqual(0);
      expect(loop.max).toBeGreaterThanOrEqual(loop.p99);
    }
    expect(out).toMatch(/event-loop held p99 [\d.]+ ms, max [\d.]+ ms \(beyond the 10 ms tick\); this client's loop: p99 [\d.]+ ms/);
  }, 300_000);
});
