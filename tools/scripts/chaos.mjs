// `npm run chaos`: a bounded soak (issue 15). The built API (one process, restarted after every exit as a supervisor
// would) against the simulated gateway in its own process (dist/apps/ib-sim/main.js), PostgreSQL (DATABASE_URL, else
// an embedded server) behind a TCP proxy. The 8-symbol scan runs; orders are placed through REST with
// Idempotency-Keys (at the natural price, or walking from mid), re-sent with the same key and cancelled; previews are
// timed. A seeded schedule of CHAOS_FAULTS faults (default 100) is injected one after another: gateway restarts
// (2–10 s), client drops, farm outages, database outages (5–30 s), kill -9 of the API. Then it settles and checks
// PostgreSQL against the gateway's own ledger (the simulator's GET /ledger). Prints orders, fills, duplicates, lost
// fills, position differences, stuck orders, 5xx and crashes; exits 1 unless every figure after the first two is 0.
// CHAOS_SEED (default 1); CHAOS_SHORT=1: a smoke run (default 5 faults, one of each kind, short outages, ~2 min).
// Logic: apps/api-e2e/src/chaos/.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { checkNode, childEnv, root } from './node-check.mjs';
import { buildSimulator } from './sim-build.mjs';
import setupPostgres from '../jest/postgres-global-setup.mjs';
import teardownPostgres from '../jest/postgres-global-teardown.mjs';

checkNode();
const short = process.env.CHAOS_SHORT === '1';
const intEnv = (name, dflt, min, max) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`chaos: ${name}="${raw}" is not allowed; expected an integer from ${min} to ${max}\n`);
    process.exit(2);
  }
  return n;
};
const faults = intEnv('CHAOS_FAULTS', short ? 5 : 100, 1, 10000);
const seed = intEnv('CHAOS_SEED', 1, 0, 2147483647);
const guardMin = Math.max(10, Math.ceil(faults * 0.5) + 10);
const guard = setTimeout(() => {
  process.stderr.write(`chaos: no result within ${guardMin} minutes\n`);
  process.exit(1);
}, guardMin * 60_000);
guard.unref();

process.stdout.write('building the API and the simulator (cached after the first time)...\n');
const env = childEnv();
delete env.NX_SKIP_NX_CACHE;
const build = spawnSync('nx', ['build', 'api'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
buildSimulator();

process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('@swc-node/register');
const { runChaos, formatReport } = require(join(root, 'apps/api-e2e/src/chaos/chaos-soak.ts'));

await setupPostgres();
let exitCode = 1;
try {
  const t = Date.now();
  const report = await runChaos({
    serverUrl: process.env.DATABASE_URL,
    faults,
    seed,
    short,
    log: (line) => process.stdout.write(`[${Math.round((Date.now() - t) / 1000)} s] ${line}\n`),
  });
  const { text, ok } = formatReport(report);
  process.stdout.write(text);
  process.stdout.write(`load average            ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  process.stdout.write(ok ? 'OK: no duplicate, no lost fill, no position difference, no stuck order, no 5xx, no crash\n' : 'FAILED: a must-be-0 figure is not 0\n');
  exitCode = ok ? 0 : 1;
} finally {
  await teardownPostgres();
}
process.exit(exitCode);
