// `npm run bench:failover`: three built API replicas (dist/apps/api/main.js) on one PostgreSQL database and one
// simulated gateway; the session owner is killed with SIGKILL (BENCH_KILLS times, default 10), then stopped with
// SIGTERM (BENCH_TERMS times, default 10), each time with orders in flight (one walking, one placed as it dies).
// Measures kill → a new owner whose gateway session is ready (lock-loss detection included), and counts duplicate
// orders at the gateway and fills the database lacks. Targets: ≤ 5 s after SIGKILL, ≤ 1 s for a hand-over; 0 and 0.
// A replacement replica joins after each kill, as an orchestrator would restart it. Product defaults
// (SESSION_POLL_MS 500, SESSION_KEEPALIVE_MS 1000).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkNode, childEnv, root } from './node-check.mjs';
import setupPostgres from '../jest/postgres-global-setup.mjs';
import teardownPostgres from '../jest/postgres-global-teardown.mjs';

checkNode();
const kills = Number(process.env.BENCH_KILLS ?? 10);
const terms = Number(process.env.BENCH_TERMS ?? 10);
const guard = setTimeout(() => {
  process.stderr.write('bench:failover: no result within 15 minutes\n');
  process.exit(1);
}, 15 * 60_000);
guard.unref();

process.stdout.write('building the API (cached after the first time)...\n');
const build = spawnSync('nx', ['build', 'api'], { cwd: root, env: childEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('@swc-node/register');
const { ApiCluster, call, createDatabase, CLIENT_ID, FALLBACK_CLIENT_ID } = require(join(root, 'apps/api-e2e/src/cluster.ts'));
const { startSimulator } = require(join(root, 'libs/ib-sim/src/index.ts'));
const { nearMoneyOption } = require(join(root, 'libs/ib-sim/src/testing.ts'));
const { Client } = require('pg');

await setupPostgres();
const db = await createDatabase(process.env.DATABASE_URL);
const sim = await startSimulator({ port: 0, seed: 42 });
const cluster = new ApiCluster(db.url, sim.port);
const pg = new Client({ connectionString: db.url });
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return s.length ? `median ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${s.at(-1)} ms (n=${s.length})` : 'n=0';
};
let exitCode = 1;
try {
  await cluster.add();
  await Promise.all([cluster.add(), cluster.add()]);
  await pg.connect();
  const token = await cluster.login(cluster.replicas[0]);
  const o = nearMoneyOption(sim.market, 'SPY', 'C');
  let key = 0;
  const body = (over = {}) => ({
    underlying: 'SPY',
    legs: [
      { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
      { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
    ],
    quantity: 1,
    orderType: 'LMT',
    priceMode: 'natural',
    ...over,
  });
  const place = (r, over) => call(r.base, 'POST', '/orders', token, body(over), { 'idempotency-key': `bench-failover-${process.pid}-${++key}` });
  const retried = { placed: 0, refused503: 0 };

  async function round(signal) {
    const { owner } = await cluster.waitForReadyOwner(30_000);
    const standby = cluster.live().find((r) => r !== owner);
    await place(standby, { priceMode: 'mid', walk: { intervalMs: 1000, stepFraction: 0.05, maxSlippage: 0.02, timeoutMs: 15_000 } });
    const inFlight = place(standby);
    const t0 = Date.now();
    owner.proc.kill(signal);
    const ready = cluster.waitForReadyOwner(30_000, owner).then(() => Date.now() - t0);
    const placed = await inFlight;
    if (placed.status === 201) retried.placed++;
    else if (placed.status === 503) retried.refused503++;
    const ms = await ready;
    if (owner.proc.exitCode === null && owner.proc.signalCode === null) await new Promise((r) => owner.proc.once('exit', r));
    await cluster.add(); // the orchestrator's replacement
    return ms;
  }

  const killMs = [];
  for (let i = 0; i < kills; i++) killMs.push(await round('SIGKILL'));
  const termMs = [];
  for (let i = 0; i < terms; i++) termMs.push(await round('SIGTERM'));

  // settle: every order final, then compare with the gateway's own record
  const settleEnd = Date.now() + 90_000;
  for (;;) {
    const r = await pg.query(`SELECT count(*)::int AS n FROM orders WHERE status NOT IN ('filled', 'cancelled', 'rejected', 'inactive')`);
    if (r.rows[0].n === 0 || Date.now() > settleEnd) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  await new Promise((res) => setTimeout(res, 2000));
  const orders = (await pg.query(`SELECT order_ref, status FROM orders`)).rows;
  const refs = new Set(orders.map((x) => x.order_ref));
  const stuck = orders.filter((x) => !['filled', 'cancelled', 'rejected', 'inactive'].includes(x.status)).length;
  const gatewayExecs = (sim.orders?.executions() ?? []).filter((x) => refs.has(x.orderRef));
  const permIdsByRef = new Map();
  for (const x of gatewayExecs) permIdsByRef.set(x.orderRef, new Set([...(permIdsByRef.get(x.orderRef) ?? []), x.permId]));
  const duplicates = [...permIdsByRef.values()].filter((s) => s.size > 1).length;
  const booked = new Set((await pg.query(`SELECT exec_id FROM order_executions`)).rows.map((x) => x.exec_id));
  const lost = gatewayExecs.filter((x) => !booked.has(x.execId)).length;
  const group = sim.sessionGroup([CLIENT_ID, FALLBACK_CLIENT_ID]);
  process.stdout.write(
    [
      `SIGKILL → ready owner   ${stats(killMs)}   (target ≤ 5000 ms)`,
      `SIGTERM → ready owner   ${stats(termMs)}   (target ≤ 1000 ms)`,
      `orders                  ${orders.length} (in flight at the kill: ${retried.placed} answered 201, ${retried.refused503} answered 503 safe to retry), ${stuck} not final`,
      `gateway executions      ${gatewayExecs.length}, missing in PostgreSQL: ${lost}`,
      `duplicate orders        ${duplicates} (orderRefs with more than one permId at the gateway)`,
      `API sessions at once    ${group.maxConcurrent} (most, client ids ${CLIENT_ID} and ${FALLBACK_CLIENT_ID}; ${group.opened} opened)`,
    ].join('\n') + '\n',
  );
  const killMedian = [...killMs].sort((a, b) => a - b)[Math.floor(killMs.length / 2)] ?? 0;
  const termMedian = [...termMs].sort((a, b) => a - b)[Math.floor(termMs.length / 2)] ?? 0;
  const ok = duplicates === 0 && lost === 0 && stuck === 0 && group.maxConcurrent <= 1;
  process.stdout.write(ok ? `OK (medians ${killMedian} / ${termMedian} ms)\n` : 'FAILED: duplicates, lost fills, stuck orders or two sessions at once\n');
  exitCode = ok ? 0 : 1;
} finally {
  await cluster.stop();
  await pg.end().catch(() => undefined);
  await sim.stop();
  await db.drop().catch(() => undefined);
  await teardownPostgres();
}
process.exit(exitCode);
