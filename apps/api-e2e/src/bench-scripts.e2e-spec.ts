import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { freePort, newDataDir, postgresProcessesUsing, ROOT } from './built-api';

/**
 * Smoke runs of the scripts a user may type that no other test starts (the benchmarks, `migrate`), each in its shortest mode, after the
 * e2e target's builds (so none of them builds again). No timing is asserted (docs/benchmarks.md holds the figures);
 * each must finish, exit 0 and print its report.
 */
function npmRun(script: string, args: string[] = [], env: Record<string, string> = {}, timeout = 240_000): string {
  const r = spawnSync('npm', ['run', '-s', script, ...(args.length ? ['--', ...args] : [])], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout });
  const out = `${r.stdout}\n${r.stderr}`;
  expect({ script, status: r.status, signal: r.signal, tail: r.status === 0 ? '' : out.slice(-3000) }).toEqual({ script, status: 0, signal: null, tail: '' });
  return out;
}

describe('npm run migrate (smoke)', () => {
  it('migrates a new embedded database (DATA_DIR, no DATABASE_URL), then finds nothing to apply, and stops its PostgreSQL', async () => {
    const dataDir = newDataDir();
    try {
      const env = { DATABASE_URL: '', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
      const applied = (out: string) => {
        const line = out.split('\n').find((l) => l.includes('"context":"migrate"'));
        return line ? (JSON.parse(line.slice(line.indexOf('{'))) as { count: number; names?: string[] }) : null;
      };
      const first = applied(npmRun('migrate', [], env));
      expect(first?.count).toBeGreaterThan(0);
      expect(first?.names).toContain('InitUsersPresets1763760000000');
      expect(applied(npmRun('migrate', [], env))?.count ?? 0).toBe(0);
      expect(postgresProcessesUsing(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('benchmark scripts (smoke)', () => {
  it('npm run bench:security -- --rounds 2: deep JSON refused, liveness while sign-ins run', () => {
    const out = npmRun('bench:security', ['--rounds', '2']);
    expect(out).toMatch(/deep JSON \(100,000 levels\) refused with 400: median [\d.]+ ms, max [\d.]+ ms \(2 requests\)/);
    expect(out).toMatch(/liveness during 20 parallel sign-ins: median [\d.]+ ms/);
  }, 300_000);

  it('npm run bench:startup -- --runs 1: npm start to a healthy API, first start and restart', () => {
    const out = npmRun('bench:startup', ['--runs', '1']);
    expect(out).toMatch(/npm start → healthy, first start \(new database\): median \d+ ms \(runs: \d+\)/);
    expect(out).toMatch(/npm start → healthy, restart \(existing database\): median \d+ ms \(runs: \d+\)/);
  }, 300_000);

  it('npm run bench:ibkr: the 1,000-request burst through the request coordinator, no error 100', () => {
    const out = npmRun('bench:ibkr');
    expect(out).toMatch(/requests\s+1000 contract-details queries/);
    expect(out).toMatch(/errors 100\s+0\b/);
    expect(out).toMatch(/failed requests\s+0\b/);
  }, 300_000);

  it('npm run bench:orders -- 3: preview → acknowledgement through the order engine', () => {
    const out = npmRun('bench:orders', ['3']);
    expect(out).toMatch(/iterations\s+3 /);
    expect(out).toMatch(/preview\s+median [\d.]+ ms/);
  }, 300_000);

  it("npm run bench:grid -- --no-build --seconds=1: the grid's scenarios in Chromium, a table of frame times", () => {
    const out = npmRun('bench:grid', ['--no-build', '--seconds=1']);
    expect(out).toMatch(/\| scenario \| row updates\/s \| fps \|/);
    expect(out.match(/^\| (idle|2,000 rows|stress)/gm)).toHaveLength(4);
  }, 300_000);
});
