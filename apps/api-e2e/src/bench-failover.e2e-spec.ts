import { spawnSync } from 'node:child_process';
import { ROOT } from './built-api';

/** `npm run bench:failover` in a short mode (one SIGKILL, one SIGTERM): the script a user may type still runs. */
describe('npm run bench:failover (smoke)', () => {
  it('kills and stops the owner once each and reports no duplicate, no lost fill, one session at a time', () => {
    const r = spawnSync('npm', ['run', 'bench:failover'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_KILLS: '1', BENCH_TERMS: '1' },
      encoding: 'utf8',
      timeout: 170_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).toMatch(/SIGKILL → ready owner\s+median \d+ ms/);
    expect(out).toMatch(/SIGTERM → ready owner\s+median \d+ ms/);
    expect(out).toMatch(/missing in PostgreSQL: 0/);
    expect(out).toMatch(/duplicate orders\s+0/);
    expect(out).toMatch(/API sessions at once\s+1/);
    expect(r.status).toBe(0);
  });
});
