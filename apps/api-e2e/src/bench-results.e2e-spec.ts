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
    const report = JSON.parse(line.slice(5)) as { full: { byStatus: Record<string, number> }; notModified: { byStatus: Record<string, number> }; pageBytes: Record<string, number> };
    expect(report.full.byStatus['200']).toBe(100);
    // The conditional phase answers 304 while a page's seq holds still and 200 once it moved: the table moves up to 4
    // times a second, so in 2 s either may be all there is. That a matching ETag gets a 304 is scan-results.int-spec's.
    expect((report.notModified.byStatus['200'] ?? 0) + (report.notModified.byStatus['304'] ?? 0)).toBe(100);
    expect(Object.keys(report.pageBytes)).toContain('br');
  }, 300_000);
});
