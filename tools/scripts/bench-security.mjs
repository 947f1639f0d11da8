// Measures what issue 15 #5 and #6 named: the cost of refusing deeply nested JSON (the audit saw 230-300 ms of main
// thread per request) and liveness latency while 20 sign-ins run in parallel (the audit saw 1.5 s).
// Runs the built API (as `npm start` does) on a throw-away data directory and free ports, loopback only.
// Usage: npm run bench:security [-- --rounds 20]   (rounds of the deep-JSON request)
// LOGIN_MAX_CONCURRENT and the other settings are read from the environment like `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_NODE_FLAGS, checkNode, childEnv, root } from './node-check.mjs';

checkNode();
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 20;
const ADMIN_PASSWORD = 'bench-admin-password';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);

async function waitHealthy(base, deadline) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/v1/health/live`)).status === 200) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const login = (base, username, password, body) =>
  fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body ?? JSON.stringify({ username, password }) });

const build = spawnSync('nx', ['run', 'api:build'], { cwd: root, env: childEnv(), stdio: 'ignore' });
if (build.status !== 0) throw new Error('build failed');

const dataDir = mkdtempSync(join(process.getuid?.() === 0 ? '/var/tmp' : tmpdir(), 'ibsc-bench-security-'));
chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
const ports = new Set();
while (ports.size < 3) ports.add(await freePort());
const [port, pgPort, simPort] = [...ports];
const base = `http://127.0.0.1:${port}`;
const env = childEnv({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), SIM_PORT: String(simPort), DATA_DIR: dataDir, LOG_LEVEL: 'error', ADMIN_PASSWORD });
const api = spawn(process.execPath, [...API_NODE_FLAGS, 'dist/apps/api/main.js'], { cwd: root, env, stdio: 'ignore' });
try {
  if (!(await waitHealthy(base, Date.now() + 120_000))) throw new Error('API did not start within 120 s');

  // 1. Deep JSON: 100,000 nested arrays (200 kB) on login, without a token.
  const deep = `{"username":"admin","password":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  const deepMs = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const res = await login(base, '', '', deep);
    deepMs.push(performance.now() - t0);
    if (res.status !== 400) throw new Error(`deep JSON answered ${res.status}, expected 400`);
  }

  // Baseline: liveness for 2 s with nothing else running (this machine's own noise).
  const idleMs = [];
  for (const end = Date.now() + 2000; Date.now() < end; ) {
    const t0 = performance.now();
    await fetch(`${base}/api/v1/health/live`);
    idleMs.push(performance.now() - t0);
    await new Promise((res) => setTimeout(res, 10));
  }

  // 2. Liveness while 20 sign-ins (wrong passwords, distinct names) run at once. One burst: 20 failures stay under
  // the per-address window (30 per 15 min), so the bench measures the cost of the checks, not the throttle.
  const liveMs = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${base}/api/v1/health/live`);
      liveMs.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 10));
    }
  })();
  const t0 = performance.now();
  const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(base, `bench-${i}`, 'wrong-password').then((res) => res.status)));
  const burstMs = performance.now() - t0;
  running = false;
  await probe;
  if (statuses.some((s) => s !== 401)) throw new Error(`sign-ins answered ${statuses.join(',')}, expected 401 (none throttled or refused as busy)`);

  console.log(`deep JSON (100,000 levels) refused with 400: median ${median(deepMs).toFixed(1)} ms, max ${max(deepMs).toFixed(1)} ms (${deepMs.length} requests)`);
  console.log(`liveness idle: median ${median(idleMs).toFixed(1)} ms, max ${max(idleMs).toFixed(1)} ms (${idleMs.length} probes)`);
  console.log(`liveness during 20 parallel sign-ins: median ${median(liveMs).toFixed(1)} ms, max ${max(liveMs).toFixed(1)} ms (${liveMs.length} probes); the 20 sign-ins took ${burstMs.toFixed(0)} ms`);
} finally {
  const done = new Promise((r) => api.on('exit', r));
  api.kill('SIGINT');
  await done;
  rmSync(dataDir, { recursive: true, force: true });
}
