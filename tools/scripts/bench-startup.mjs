// Measures the time from `npm start` (after the first build) to a healthy API (/api/v1/health = 200).
// Runs the same command `npm start` runs, on a throw-away data directory and free ports, loopback only.
// Usage: npm run bench:startup [-- --runs 5]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkNode, childEnv, root } from './node-check.mjs';

checkNode();
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitHealthy(port, deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.status === 200) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function once(dataDir) {
  const ports = new Set();
  while (ports.size < 3) ports.add(await freePort());
  const [port, pgPort, simPort] = [...ports];
  const env = childEnv({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), SIM_PORT: String(simPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_PASSWORD: 'bench-admin-password' });
  const t0 = performance.now();
  const child = spawn('node', ['tools/scripts/start.mjs'], { cwd: root, env, stdio: 'ignore' });
  const ok = await waitHealthy(port, Date.now() + 120_000);
  const ms = performance.now() - t0;
  const exited = child.exitCode !== null || child.signalCode !== null;
  if (!exited) {
    const done = new Promise((r) => child.on('exit', r));
    child.kill('SIGINT');
    await done;
  }
  if (!ok) throw new Error('API did not become healthy within 120 s');
  return ms;
}

const build = spawnSync('nx', ['run-many', '-t', 'build', '--projects=api,web'], { cwd: root, env: childEnv(), stdio: 'ignore' });
if (build.status !== 0) throw new Error('build failed');

const base = mkdtempSync(join(process.getuid?.() === 0 ? '/var/tmp' : tmpdir(), 'ibsc-bench-'));
chmodSync(base, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
const first = [];
const again = [];
try {
  for (let i = 0; i < runs; i++) {
    const dir = join(base, `run${i}`);
    first.push(await once(dir)); // new data directory: initdb + migrations
    again.push(await once(dir)); // existing data: the everyday restart
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
console.log(`npm start → healthy, first start (new database): ${fmt(first)}`);
console.log(`npm start → healthy, restart (existing database): ${fmt(again)}`);
