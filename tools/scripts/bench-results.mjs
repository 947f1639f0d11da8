// `npm run bench:results` (issue 17): load on GET /api/v1/scan/results as a client would put it, on loopback. Runs the
// built API (as `npm start` does: embedded PostgreSQL, in-process simulator) on a throw-away data directory and free
// ports, starts a scan and waits for its table to fill, then sends 100-row pages open-loop at a fixed rate with
// compression on (Accept-Encoding: gzip, deflate, br, as browsers send) and measures each request from its scheduled
// time (a client that falls behind counts its wait). Phases: `full` (no validator: every page computed and
// serialised), `304` (If-None-Match with the ETag of the page last received, as a polling client sends it: 304 while
// the page has not moved, the new page once when it has).
// Env: BENCH_RATE (200 requests/s), BENCH_SECONDS (30 per phase), BENCH_MIN_ROWS (1000: rows to wait for, at most
// BENCH_FILL_S = 240 s), BENCH_PAGES (10: the pages cycled through), BENCH_NO_BUILD=1 (use dist/apps/api as it is),
// BENCH_GATEWAY (inprocess: `npm start`'s simulator inside the API's process, sharing its event loop; process: the
// simulator app in its own process, as a real IB Gateway always is, reached with IB_GATEWAY=tws).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { API_NODE_FLAGS, checkNode, childEnv, root } from './node-check.mjs';

checkNode();
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const MIN_ROWS = Number(process.env.BENCH_MIN_ROWS ?? 1000);
const FILL_MS = Number(process.env.BENCH_FILL_S ?? 240) * 1000;
const PAGES = Number(process.env.BENCH_PAGES ?? 10);
const GATEWAY = process.env.BENCH_GATEWAY ?? 'inprocess';
if (!['inprocess', 'process'].includes(GATEWAY)) {
  process.stderr.write(`BENCH_GATEWAY must be inprocess or process, not ${GATEWAY}\n`);
  process.exit(2);
}
const ADMIN_PASSWORD = 'bench-admin-password';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
/** prom-client's event-loop monitor resolution (its default; the API does not change it). */
const LAG_TICK_MS = 10;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (process.env.BENCH_NO_BUILD !== '1') {
  process.stdout.write('building the API (cached after the first time)...\n');
  for (const project of GATEWAY === 'process' ? ['api', 'ib-sim-app'] : ['api']) {
    const build = spawnSync('nx', ['run', `${project}:build`], { cwd: root, env: childEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

const dataDir = mkdtempSync(join(process.getuid?.() === 0 ? '/var/tmp' : tmpdir(), 'ibsc-bench-results-'));
chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
const ports = new Set();
while (ports.size < 3) ports.add(await freePort());
const [port, pgPort, simPort] = [...ports];
const base = `http://127.0.0.1:${port}`;
const gatewayEnv = GATEWAY === 'process' ? { IB_GATEWAY: 'tws', TWS_HOST: '127.0.0.1', TWS_PORT: String(simPort) } : { IB_GATEWAY: 'simulator', SIM_PORT: String(simPort) };
const sim =
  GATEWAY === 'process'
    ? spawn(process.execPath, ['dist/apps/ib-sim/main.js'], { cwd: root, env: { PATH: process.env.PATH ?? '', SIM_HOST: '127.0.0.1', SIM_PORT: String(simPort), SIM_CONTROL_PORT: 'off', SIM_LOG: 'quiet' }, stdio: 'ignore' })
    : null;
const env = childEnv({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, LOG_LEVEL: 'error', ADMIN_PASSWORD, ...gatewayEnv,
  // One process owns the session alone; a long keep-alive keeps a CPU-starved machine (the load generator shares it)
  // from deposing it mid-run, which would measure a fail-over instead of the results route.
  SESSION_KEEPALIVE_MS: '10000' });
delete env.DATABASE_URL; // the product's own embedded PostgreSQL, never a test database of the caller
const api = spawn(process.execPath, [...API_NODE_FLAGS, 'dist/apps/api/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
let apiOutput = '';
const keep = (c) => (apiOutput = (apiOutput + c.toString()).slice(-4000));
api.stdout.on('data', keep);
api.stderr.on('data', keep);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One GET: status, headers, body bytes on the wire, and the time from `scheduled` (ms, performance.now) to its end. */
function get(path, headers, scheduled = performance.now()) {
  return new Promise((resolve) => {
    const req = http.get(`${base}${path}`, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes, ms: performance.now() - scheduled }));
    });
    req.on('error', (e) => resolve({ status: 0, headers: {}, bytes: 0, ms: performance.now() - scheduled, error: e.message }));
  });
}
/** The API's own figures: the scan's scoring time (sum, count) and the event loop's delay since the last scrape. */
async function apiMetrics() {
  const text = await (await fetch(`${base}/metrics`)).text();
  const sum = (name) => text.split('\n').filter((l) => l.startsWith(name + ' ') || l.startsWith(name + '{')).reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return { scoreSum: sum('scanner_scan_duration_seconds_sum'), scoreCount: sum('scanner_scan_duration_seconds_count'), lagP99: sum('nodejs_eventloop_lag_p99_seconds'), lagMax: sum('nodejs_eventloop_lag_max_seconds') };
}
async function json(method, path, token, body) {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

try {
  await run();
} catch (e) {
  process.stderr.write(`bench:results failed: ${e instanceof Error ? e.stack : String(e)}\nAPI exit code ${api.exitCode}; its last output:\n${apiOutput}\n`);
  process.exitCode = 1;
} finally {
  agent.destroy();
  if (api.exitCode === null) {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
  }
  sim?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(process.exitCode ?? 0);

async function run() {
  for (const end = Date.now() + 120_000; ; ) {
    if (Date.now() > end) throw new Error('API did not start within 120 s');
    try {
      if ((await fetch(`${base}/api/v1/health/live`)).status === 200) break;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  const login = await json('POST', '/api/v1/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD });
  const token = login.body?.accessToken;
  if (!token) throw new Error(`login failed: ${login.status}`);
  const scanRequest = { symbols: ['SPY', 'QQQ'], spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [1, 2, 5], filters: { dte: { min: 14, max: 45 } }, maxRows: 5000 };
  for (let started = false, end = Date.now() + 60_000; !started; await sleep(250)) {
    const r = await json('POST', '/api/v1/scan/start', token, scanRequest);
    if (r.status === 200) started = true;
    else if (r.status !== 503 || Date.now() > end) throw new Error(`scan start: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const auth = { authorization: `Bearer ${token}` };
  let total = 0;
  const fillStart = Date.now();
  while (Date.now() - fillStart < FILL_MS) {
    total = (await json('GET', '/api/v1/scan/results?pageSize=1', token)).body?.total ?? 0;
    if (total >= MIN_ROWS) break;
    await sleep(1000);
  }
  const plain = await get('/api/v1/scan/results?pageSize=100', { ...auth, 'accept-encoding': 'identity' });
  const br = await get('/api/v1/scan/results?pageSize=100', { ...auth, 'accept-encoding': 'gzip, deflate, br' });
  const gz = await get('/api/v1/scan/results?pageSize=100', { ...auth, 'accept-encoding': 'gzip' });
  console.log(`table: ${total} rows after ${((Date.now() - fillStart) / 1000).toFixed(0)} s; a 100-row page is ${(plain.bytes / 1024).toFixed(0)} KB of JSON, ${(br.bytes / 1024).toFixed(1)} KB with ${br.headers['content-encoding'] ?? 'none'}, ${(gz.bytes / 1024).toFixed(1)} KB with ${gz.headers['content-encoding'] ?? 'none'}`);

  const pages = Math.max(1, Math.min(PAGES, Math.ceil(total / 100)));
  async function phase(name, headersFor, seen) {
    const before = await apiMetrics(); // also resets the process's event-loop delay histogram (prom-client)
    // This script's own event loop: a load generator that stalls would be measured as a slow server.
    const clientLag = monitorEventLoopDelay({ resolution: 1 });
    clientLag.enable();
    const n = Math.round(RATE * SECONDS);
    const t0 = performance.now() + 50;
    const pending = [];
    for (let i = 0; i < n; i++) {
      const at = t0 + (i * 1000) / RATE;
      const wait = at - performance.now();
      if (wait > 1) await sleep(wait);
      const page = i % pages;
      pending.push(get(`/api/v1/scan/results?pageSize=100&page=${page}`, headersFor(page), at).then((r) => (seen?.(page, r), r)));
    }
    const res = await Promise.all(pending);
    clientLag.disable();
    const wall = (performance.now() - t0) / 1000;
    const ms = res.map((r) => r.ms);
    const byStatus = {};
    for (const r of res) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const after = await apiMetrics();
    // What else the API's one event loop did meanwhile: the scan's scoring (its duration histogram) and the loop's delay.
    const scoring = { runs: after.scoreCount - before.scoreCount, ms: +((after.scoreSum - before.scoreSum) * 1000).toFixed(0), msPerSecond: +(((after.scoreSum - before.scoreSum) * 1000) / wall).toFixed(1) };
    // prom-client samples the loop with a 10 ms timer and records the time between ticks: an idle loop reads 10 ms.
    // What is reported is the delay beyond that tick, the time the loop was held.
    const loop = { p99: +Math.max(0, after.lagP99 * 1000 - LAG_TICK_MS).toFixed(1), max: +Math.max(0, after.lagMax * 1000 - LAG_TICK_MS).toFixed(1) };
    const clientLoop = { p99: +(clientLag.percentile(99) / 1e6).toFixed(1), max: +(clientLag.max / 1e6).toFixed(1) };
    const out = { name, requests: n, achievedPerSec: +(n / wall).toFixed(1), p50: +pct(ms, 50).toFixed(2), p95: +pct(ms, 95).toFixed(2), p99: +pct(ms, 99).toFixed(2), max: +Math.max(...ms).toFixed(2), meanBytes: Math.round(res.reduce((a, r) => a + r.bytes, 0) / n), byStatus, scoring, eventLoopDelayMs: loop, clientEventLoopDelayMs: clientLoop };
    console.log(`${name.padEnd(5)} ${n} requests at ${RATE}/s (achieved ${out.achievedPerSec}/s): p50 ${out.p50} ms, p95 ${out.p95} ms, p99 ${out.p99} ms, max ${out.max} ms; ${out.meanBytes} bytes each on the wire; statuses ${JSON.stringify(byStatus)}`);
    console.log(`      meanwhile in the API: the scan scored ${scoring.runs} times for ${scoring.ms} ms (${scoring.msPerSecond} ms/s); event-loop held p99 ${loop.p99} ms, max ${loop.max} ms (beyond the 10 ms tick); this client's loop: p99 ${clientLoop.p99} ms, max ${clientLoop.max} ms`);
    return out;
  }
  // One request at a time: the service time of a page without queueing behind other requests.
  const serialMs = [];
  for (let i = 0; i < Math.min(200, RATE * SECONDS); i++) serialMs.push((await get(`/api/v1/scan/results?pageSize=100&page=${i % pages}`, { ...auth, 'accept-encoding': 'gzip, deflate, br' })).ms);
  const serial = { requests: serialMs.length, p50: +pct(serialMs, 50).toFixed(2), p99: +pct(serialMs, 99).toFixed(2) };
  console.log(`serial ${serial.requests} requests one at a time: p50 ${serial.p50} ms, p99 ${serial.p99} ms`);
  const etags = new Map();
  const full = await phase('full', () => ({ ...auth, 'accept-encoding': 'gzip, deflate, br' }));
  for (let p = 0; p < pages; p++) etags.set(p, (await get(`/api/v1/scan/results?pageSize=100&page=${p}`, { ...auth, 'accept-encoding': 'gzip, deflate, br' })).headers.etag);
  // A polling client keeps the ETag of the last page it received: a page that moved is sent once, then 304 again.
  const cond = await phase(
    '304',
    (p) => ({ ...auth, 'accept-encoding': 'gzip, deflate, br', 'if-none-match': etags.get(p) }),
    (p, r) => r.status === 200 && r.headers.etag && etags.set(p, r.headers.etag),
  );
  console.log(`\nbench:results: gateway ${GATEWAY === 'process' ? 'in its own process' : "in the API's process (npm start)"}; 100-row pages of ${total} rows, compression on, ${RATE} requests/s open loop for ${SECONDS} s a phase, loopback; target p99 ≤ 10 ms (full: ${full.p99 <= 10 ? 'met' : 'NOT met'}); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('JSON ' + JSON.stringify({ gateway: GATEWAY, rows: total, pageBytes: { identity: plain.bytes, [br.headers['content-encoding'] ?? 'none']: br.bytes, gzip: gz.bytes }, serial, full, notModified: cond }));
}
