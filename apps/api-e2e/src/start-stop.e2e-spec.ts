import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, MAIN, newDataDir, postgresProcessesUsing, ROOT, startBuiltApi } from './built-api';

const ADMIN_PASSWORD = 'e2e-admin-password';

async function envFor(dataDir: string): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    SIM_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
  };
}

describe('the built API as npm start runs it (embedded PostgreSQL)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run nx build api first (the e2e target does)`);
  });

  it.each([
    ['PORT', 'abc'],
    ['ACCOUNT_TYPE', 'real'],
    ['IB_GATEWAY', 'ibkr'],
  ])('a bad %s prints one clear line and exits non-zero', (name, value) => {
    const r = spawnSync(process.execPath, [MAIN], { cwd: ROOT, env: { PATH: process.env['PATH'], [name]: value }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${name}="${value}"`);
    expect(lines[0]).toMatch(/expected/);
  });

  it('serves the console, answers health and metrics, keeps data across restarts, and leaves no postgres behind', async () => {
    const dataDir = newDataDir();
    const env = await envFor(dataDir);
    const api = await startBuiltApi(env);
    const base = `http://127.0.0.1:${api.port}`;
    try {
      expect(api.output()).toMatch(/ready at http:\/\/localhost:\d+/);
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      const deepLink = await fetch(`${base}/scanner`, { headers: { accept: 'text/html' } });
      expect(deepLink.status).toBe(200);
      const health = await (await fetch(`${base}/api/v1/health`)).json();
      expect(health.details.database.status).toBe('up');
      expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/process_cpu_seconds_total/);
      const openapi = await (await fetch(`${base}/api/docs-json`)).json();
      expect(openapi.openapi).toMatch(/^3\./);

      const login = await (
        await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
      ).json();
      const created = await fetch(`${base}/api/v1/presets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
        body: JSON.stringify({ name: 'Survives restarts', filters: { dte: { min: 7, max: 45 } } }),
      });
      expect(created.status).toBe(201);
    } finally {
      expect(postgresProcessesUsing(dataDir).length).toBeGreaterThan(0);
      await api.stop('SIGINT');
    }
    expect(postgresProcessesUsing(dataDir)).toEqual([]);

    const again = await startBuiltApi(await envFor(dataDir));
    try {
      const base2 = `http://127.0.0.1:${again.port}`;
      const login = await (
        await fetch(`${base2}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
      ).json();
      const presets = await (await fetch(`${base2}/api/v1/presets`, { headers: { authorization: `Bearer ${login.accessToken}` } })).json();
      expect(presets.map((p: { name: string }) => p.name)).toContain('Survives restarts');
    } finally {
      await again.stop('SIGTERM');
    }
    expect(postgresProcessesUsing(dataDir)).toEqual([]);
  });
});
