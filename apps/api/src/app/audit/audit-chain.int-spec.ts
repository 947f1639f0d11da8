/**
 * ADR 0013 through the running API: the audit log's hash chain verified on the endpoint (admin), by the rolling
 * monitor behind the metric and the health check, and by `npm run audit:verify` as an operator types it. Tampering is
 * done as the superuser (the owner's powers), which is the only way left once the app runs as its own role.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { AuditChainMonitor } from './audit-chain.monitor';

const root = join(__dirname, '..', '..', '..', '..', '..');

/** `npm run audit:verify` with DATABASE_URL pointing at the test database. */
function npmAuditVerify(databaseUrl: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'audit:verify'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PATH: `${join(root, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('audit chain verification through the API (real PostgreSQL)', () => {
  let t: TestApp;
  let su: Client;
  let admin: string;
  let clock = Date.parse('2026-11-23T15:00:00Z');
  const metric = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec((await t.http().get('/metrics').expect(200)).text)?.[1]);
  const tamper = async (statement: string) => {
    await su.query('BEGIN');
    await su.query(`ALTER TABLE order_audit_log DISABLE TRIGGER order_audit_log_no_update_delete`);
    await su.query(statement);
    await su.query(`ALTER TABLE order_audit_log ENABLE TRIGGER order_audit_log_no_update_delete`);
    await su.query('COMMIT');
  };
  /** Rows appended through the app's own connection (the app role). */
  const append = (n: number) =>
    t.app.get(DataSource).transaction(async (em) => {
      for (let i = 0; i < n; i++) {
        await em.query(`INSERT INTO order_audit_log (at, actor, action, reason, after) VALUES ($1, 'trader1', 'order.status', $2, $3)`, [new Date(clock), `row ${i}`, JSON.stringify({ i })]);
      }
    });

  beforeAll(async () => {
    t = await createTestApp({ env: { AUDIT_VERIFY_MAX_ROWS: '100', AUDIT_VERIFY_INTERVAL_MS: '3600000' }, now: () => new Date(clock) });
    su = new Client({ connectionString: t.db.url });
    await su.connect();
    admin = await t.tokenFor('admin');
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  it('the endpoint is for admins only', async () => {
    await t.http().get('/api/v1/system/audit/verify').expect(401);
    const trader = await t.tokenFor('trader');
    await t.http().get('/api/v1/system/audit/verify').set({ Authorization: `Bearer ${trader}` }).expect(403);
  });

  it('the monitor verifies a bounded stretch per tick and completes a pass; the endpoint verifies all at once', async () => {
    const monitor = t.app.get(AuditChainMonitor);
    await monitor.tick(); // the start-up walk may have run: a fresh pass starts at the first row either way
    await append(250);
    const before = monitor.status().rowsVerified;
    const passBefore = monitor.status().lastPassAt;
    clock += 60_000;
    await monitor.tick();
    expect(monitor.status().rowsVerified - before).toBe(100);
    expect(monitor.status().lastPassAt).toBe(passBefore);
    await monitor.tick();
    await monitor.tick();
    expect(monitor.status()).toMatchObject({ ok: true, broken: null, lastPassAt: new Date(clock).toISOString() });
    expect(await metric('api_audit_chain_ok')).toBe(1);
    expect(await metric('api_audit_chain_last_pass_timestamp_seconds')).toBe(clock / 1000);

    const res = await t.http().get('/api/v1/system/audit/verify').set({ Authorization: `Bearer ${admin}` }).expect(200);
    expect(res.body).toMatchObject({ ok: true, broken: null, database: { mode: 'set-role', roleSeparated: true } });
    expect(res.body.rowsChecked).toBeGreaterThanOrEqual(250);
    expect(res.body.head.lastHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('npm run audit:verify: exit 0 and the head when intact', async () => {
    const run = await npmAuditVerify(t.db.url);
    expect(run.out).toMatch(/audit chain intact: \d+ rows verified/);
    expect(run.code).toBe(0);
  }, 120_000);

  it('a row changed by the owner is named by the endpoint, the metric, the health check and npm run audit:verify', async () => {
    const [{ id }] = (await su.query(`SELECT id::text FROM order_audit_log WHERE reason = 'row 7'`)).rows as Array<{ id: string }>;
    await tamper(`UPDATE order_audit_log SET after = '{"i": 700}' WHERE id = ${id}`);

    const res = await t.http().get('/api/v1/system/audit/verify').set({ Authorization: `Bearer ${admin}` }).expect(200);
    expect(res.body).toMatchObject({ ok: false, broken: { id, kind: 'content_changed' } });
    expect(res.body.broken.detail).toContain(`row ${id}`);
    expect(await metric('api_audit_chain_ok')).toBe(0);

    // The rolling monitor finds it on its own too, and stays at 0 through later clean stretches.
    const monitor = t.app.get(AuditChainMonitor);
    for (let i = 0; i < 4; i++) await monitor.tick();
    expect(monitor.status()).toMatchObject({ ok: false, broken: { id } });
    const health = await t.http().get('/api/v1/health').expect(200);
    expect(health.body.info.auditChain).toMatchObject({ status: 'up', ok: false, broken: { id, kind: 'content_changed' } });

    const run = await npmAuditVerify(t.db.url);
    expect(run.out).toContain(`audit chain BROKEN at row ${id} (content_changed)`);
    expect(run.code).toBe(1);
  }, 120_000);

  it('npm run audit:verify: exit 2 naming the problem when it cannot verify', async () => {
    const url = new URL(t.db.url);
    url.pathname = '/ibsc_no_such_database';
    const run = await npmAuditVerify(url.toString());
    expect(run.out).toMatch(/audit:verify: cannot verify: .*ibsc_no_such_database/);
    expect(run.code).toBe(2);
  }, 120_000);
});
