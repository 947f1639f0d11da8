import { spawnSync } from 'node:child_process';
import { ROOT } from './built-api';

/**
 * `npm run chaos` in its short mode (5 faults: one gateway restart, drop, farm outage, database outage and kill -9 of
 * the API, with short outages): the script a user may type still runs, and its invariants hold. Timings are printed,
 * never asserted.
 */
describe('npm run chaos (smoke)', () => {
  it('injects every kind of fault once and reports no duplicate, lost fill, position difference, stuck order, 5xx or crash', () => {
    const r = spawnSync('npm', ['run', 'chaos'], {
      cwd: ROOT,
      env: { ...process.env, CHAOS_SHORT: '1' },
      encoding: 'utf8',
      timeout: 840_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).toMatch(/faults injected\s+5 \(gateway-restart 1, drop 1, farm-outage 1, database-outage 1, api-kill 1\)/);
    expect(out).toMatch(/^orders\s+[1-9]\d* /m);
    for (const figure of ['duplicates', 'lost fills', 'position differences', 'stuck orders', 'fill quantity differences', 'gateway orders unknown to the DB', '5xx', 'crashes']) {
      expect(out).toMatch(new RegExp(`^${figure}\\s+0$`, 'm'));
    }
    expect(out).toMatch(/preview, scan running\s+median \d+ ms/);
    expect(r.status).toBe(0);
  }, 900_000);
});
