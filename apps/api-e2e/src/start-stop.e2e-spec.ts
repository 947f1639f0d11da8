import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { apiNodeFlags, freePort, MAIN, newDataDir, postgresProcessesUsing, processesRunning, ROOT, startBuiltApi } from './built-api';

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

/** The command line (arguments) of the built API process started with this DATA_DIR; null while none runs. */
function apiCommandLine(dataDir: string): string[] | null {
  return processesRunning((args) => args.some((a) => a.endsWith('dist/apps/api/main.js')), `DATA_DIR=${dataDir}`)[0]?.args ?? null;
}

describe('npm start (the script itself)', () => {
  it("builds (cached), runs the API with API_NODE_FLAGS, answers health, and stops with its PostgreSQL on Ctrl+C", async () => {
    const dataDir = newDataDir();
    const env = await envFor(dataDir);
    let out = '';
    // Its own process group, as a terminal runs it: Ctrl+C reaches npm, the script, the API and PostgreSQL alike.
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    npm.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((res) => {
      npm.on('exit', () => res());
      npm.on('error', (e) => ((out += `\nspawn: ${e.message}`), res()));
    });
    try {
      const deadline = Date.now() + 240_000;
      for (;;) {
        if (npm.exitCode !== null) throw new Error(`npm start exited early (${npm.exitCode}):\n${out}`);
        const live = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/health/live`).catch(() => null);
        if (live?.status === 200) break;
        if (Date.now() > deadline) throw new Error(`npm start: no live API within 240 s:\n${out}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const args = apiCommandLine(dataDir);
      expect(args).not.toBeNull();
      expect(args).toEqual(expect.arrayContaining([...apiNodeFlags()]));
      expect(apiNodeFlags()).toContain('--max-semi-space-size=4');
    } finally {
      const pid = npm.pid ?? NaN; // NaN (spawn failed): process.kill throws, and nothing is signalled
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          /* the group has ended */
        }
      };
      signal('SIGINT'); // Ctrl+C
      // npm may exit before the script it runs: wait until the API and its PostgreSQL are gone too.
      const gone = () => npm.exitCode !== null || npm.signalCode !== null;
      const deadline = Date.now() + 60_000;
      while (!(gone() && apiCommandLine(dataDir) === null && postgresProcessesUsing(dataDir).length === 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
      }
      const stopped = gone();
      signal('SIGKILL');
      await exited;
      expect(stopped).toBe(true);
    }
    expect(apiCommandLine(dataDir)).toBeNull();
    expect(postgresProcessesUsing(dataDir)).toEqual([]);
  }, 330_000);
});

describe('the built API as npm start runs it (embedded PostgreSQL)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run nx build api first (the e2e target does)`);
  });

  it.each([
    ['PORT', 'abc'],
    ['ACCOUNT_TYPE', 'real'],
    ['IB_GATEWAY', 'ibkr'],
  ])('a bad %s prints one clear line and exits non-zero', (name, value) => {
    const r = spawnSync(process.execPath, [...apiNodeFlags(), MAIN], { cwd: ROOT, env: { PATH: process.env['PATH'], [name]: value }, encoding: 'utf8', timeout: 30_000 });
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
      expect(apiCommandLine(dataDir)).toEqual(expect.arrayContaining([...apiNodeFlags()]));
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      const deepLink = await fetch(`${base}/scanner`, { headers: { accept: 'text/html' } });
      expect(deepLink.status).toBe(200);
      const health = await (await fetch(`${base}/api/v1/health`)).json();
      expect(health.details.database.status).toBe('up');
      // ADR 0013: the embedded default migrates as postgres and runs the app as its own login, which owns nothing.
      expect(health.details.databaseRoles).toMatchObject({ status: 'up', mode: 'login', appRole: 'ibsc_app', roleSeparated: true, problems: [] });
      expect(health.details.auditChain).toMatchObject({ status: 'up', ok: true });
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

    const env2 = await envFor(dataDir);
    const again = await startBuiltApi(env2);
    try {
      const base2 = `http://127.0.0.1:${again.port}`;
      const login = await (
        await fetch(`${base2}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
      ).json();
      const presets = await (await fetch(`${base2}/api/v1/presets`, { headers: { authorization: `Bearer ${login.accessToken}` } })).json();
      expect(presets.map((p: { name: string }) => p.name)).toContain('Survives restarts');
      const health = await (await fetch(`${base2}/api/v1/health`)).json();
      expect(health.details.databaseRoles).toMatchObject({ mode: 'login', appRole: 'ibsc_app', roleSeparated: true });
      // The audit log kept by the first run is still chained, and verified by the operator's command too.
      const verify = await (await fetch(`${base2}/api/v1/system/audit/verify`, { headers: { authorization: `Bearer ${login.accessToken}` } })).json();
      expect(verify).toMatchObject({ ok: true, broken: null, database: { mode: 'login', roleSeparated: true } });
      const cli = spawnSync('npm', ['run', '-s', 'audit:verify'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, EMBEDDED_PG_PORT: env2.EMBEDDED_PG_PORT }, encoding: 'utf8', timeout: 120_000 });
      expect(cli.stdout).toMatch(/audit chain intact: \d+ rows verified/);
      expect(cli.status).toBe(0);
    } finally {
      await again.stop('SIGTERM');
    }
    expect(postgresProcessesUsing(dataDir)).toEqual([]);
  });
});
