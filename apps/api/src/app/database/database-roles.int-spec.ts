/**
 * ADR 0013 on a real PostgreSQL server: the app's connections run as a role that owns nothing, so the audit log's
 * triggers hold against the app itself; a login that owns the tables is reported as not separated.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '@ibsc/orders/testing';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { checkAppRole } from './app-role';
import { prepareDatabase } from './prepare-database';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

/** What the app role must not do, each refused by PostgreSQL with insufficient_privilege (42501). */
const FORBIDDEN = [
  `UPDATE order_audit_log SET reason = 'rewritten'`,
  `DELETE FROM order_audit_log`,
  `TRUNCATE order_audit_log`,
  `ALTER TABLE order_audit_log DISABLE TRIGGER order_audit_log_no_update_delete`,
  `ALTER TABLE order_audit_log DISABLE TRIGGER ALL`,
  `DROP TRIGGER order_audit_log_chain ON order_audit_log`,
  `DROP TABLE order_audit_log`,
  `UPDATE order_audit_chain SET last_id = 0`,
  `ALTER TABLE orders ADD COLUMN sneaky text`,
  `ALTER TABLE orders DISABLE TRIGGER orders_session_fence`,
  `UPDATE order_executions SET price = 0`,
  `DELETE FROM order_executions`,
  `SET session_replication_role = replica`,
  `CREATE TABLE scratch (x int)`,
];

async function expectAllRefused(app: Client): Promise<void> {
  const outcomes: Array<[string, string]> = [];
  for (const statement of FORBIDDEN) {
    const code = await app.query(statement).then(
      () => 'allowed',
      (e: { code?: string }) => e.code ?? 'error',
    );
    outcomes.push([statement, code]);
  }
  expect(outcomes).toEqual(FORBIDDEN.map((s) => [s, '42501']));
}

describe('database roles (real PostgreSQL)', () => {
  describe('one login (DATABASE_URL only, a superuser as in CI): the app switches to ibsc_app', () => {
    let t: TestApp;
    let app: Client;
    beforeAll(async () => {
      t = await createTestApp();
      app = await connect(t.appDatabaseUrl);
    });
    afterAll(async () => {
      await app.end();
      await t.close();
    });

    it('reports the separation in health and metrics', async () => {
      expect(t.databaseRoles).toEqual({ mode: 'set-role', appRole: 'ibsc_app', roleSeparated: true, problems: [] });
      const health = await t.http().get('/api/v1/health').expect(200);
      expect(health.body.info.databaseRoles).toMatchObject({ status: 'up', roleSeparated: true, mode: 'set-role', appRole: 'ibsc_app' });
      expect((await t.http().get('/metrics').expect(200)).text).toMatch(/^api_database_role_separated 1$/m);
    });

    it('the app role appends to the audit log (chained) but cannot change it, its triggers, the tables or the fills', async () => {
      expect((await app.query(`SELECT current_user AS u`)).rows[0].u).toBe('ibsc_app');
      await app.query(`INSERT INTO order_audit_log (at, actor, action, reason) VALUES (now(), 'admin', 'risk.decision', 'by the app role')`);
      const [row] = (await app.query(`SELECT prev_hash, hash FROM order_audit_log WHERE reason = 'by the app role'`)).rows;
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      await expectAllRefused(app);
      // RESET ROLE keeps the startup role: the app's connections stay restricted.
      await app.query('RESET ROLE');
      expect((await app.query(`SELECT current_user AS u`)).rows[0].u).toBe('ibsc_app');
    });

    it('the app still works as that role: sign-in, users, presets', async () => {
      const admin = await t.tokenFor('admin');
      const trader = await t.tokenFor('trader');
      await t.http().get('/api/v1/users').set({ Authorization: `Bearer ${admin}` }).expect(200);
      await t.http().get('/api/v1/presets').set({ Authorization: `Bearer ${trader}` }).expect(200);
    });
  });

  describe('two logins (DATABASE_MIGRATION_URL for the owner, DATABASE_URL for the app, created by the owner when missing)', () => {
    const role = `ibsc_t_app_${randomBytes(4).toString('hex')}`;
    let t: TestApp;
    let app: Client;
    beforeAll(async () => {
      const db = await createTestDatabase();
      const url = new URL(db.url);
      url.username = role;
      url.password = 'app-password';
      t = await createTestApp({ database: db, appLoginUrl: url.toString() });
      app = await connect(t.appDatabaseUrl);
      // createTestApp does not drop a database it was given
      afterAllDrop = db.drop;
    });
    let afterAllDrop: () => Promise<void> = async () => undefined;
    afterAll(async () => {
      await app.end();
      await t.close();
      await afterAllDrop();
      const su = await connect(process.env['DATABASE_URL'] as string);
      await su.query(`DROP ROLE IF EXISTS ${role}`);
      await su.end();
    });

    it('the app logs in as its own role, separated, and cannot change the audit log or the schema', async () => {
      expect(t.databaseRoles).toEqual({ mode: 'login', appRole: role, roleSeparated: true, problems: [] });
      const su = await connect(process.env['DATABASE_URL'] as string);
      const { rows } = await su.query(`SELECT rolcanlogin, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = $1`, [role]);
      await su.end();
      expect(rows).toEqual([{ rolcanlogin: true, rolsuper: false, rolcreaterole: false }]);
      expect((await app.query(`SELECT session_user AS s, current_user AS u`)).rows[0]).toEqual({ s: role, u: role });
      await expectAllRefused(app);
      // The app cannot become the owner either.
      await expect(app.query(`SET ROLE postgres`)).rejects.toMatchObject({ code: '42501' });
    });

    it('works end to end as that login', async () => {
      const admin = await t.tokenFor('admin');
      await t.http().get('/api/v1/users').set({ Authorization: `Bearer ${admin}` }).expect(200);
      const verify = await t.http().get('/api/v1/system/audit/verify').set({ Authorization: `Bearer ${admin}` }).expect(200);
      expect(verify.body).toMatchObject({ ok: true, database: { mode: 'login', appRole: role, roleSeparated: true } });
    });
  });

  it('a login that owns the tables (DATABASE_URL given as the app login) is reported as not separated, with why', async () => {
    const db = await createTestDatabase();
    try {
      const prepared = await prepareDatabase({ ownerUrl: db.url, appLoginUrl: db.url, appRole: 'ibsc_app' }, quiet);
      expect(prepared.roles).toMatchObject({ mode: 'login', roleSeparated: false });
      expect(prepared.roles.problems.join('; ')).toMatch(/is a superuser.*owns/);
    } finally {
      await db.drop();
    }
  });

  it('a login that may not create roles runs unseparated and says so (mode none)', async () => {
    const owner = `ibsc_t_owner_${randomBytes(4).toString('hex')}`;
    const su = await connect(process.env['DATABASE_URL'] as string);
    const name = `ibsc_t_${randomBytes(4).toString('hex')}`;
    await su.query(`CREATE ROLE ${owner} LOGIN PASSWORD 'owner-password' NOCREATEROLE`);
    await su.query(`CREATE DATABASE ${name} OWNER ${owner}`);
    try {
      const url = new URL(process.env['DATABASE_URL'] as string);
      url.username = owner;
      url.password = 'owner-password';
      url.pathname = `/${name}`;
      // PostgreSQL 15+: the database owner owns its public schema (pg_database_owner), so it can migrate there.
      const prepared = await prepareDatabase({ ownerUrl: url.toString(), appLoginUrl: null, appRole: `ibsc_t_missing_${randomBytes(3).toString('hex')}` }, quiet);
      expect(prepared.roles.mode).toBe('none');
      expect(prepared.roles.roleSeparated).toBe(false);
      expect(prepared.roles.problems.join('; ')).toMatch(/cannot create or use role/);
      expect(prepared.appUrl).toBe(url.toString());
      const app = await connect(prepared.appUrl);
      expect((await checkAppRole(app, 'none')).problems.join('; ')).toMatch(/owns/);
      await app.end();
    } finally {
      await su.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await su.query(`DROP ROLE IF EXISTS ${owner}`);
      await su.end();
    }
  });

  it('parallel start-ups on other databases of the same server create the shared role once, without failing', async () => {
    const dbs = await Promise.all(Array.from({ length: 4 }, () => createTestDatabase()));
    try {
      const prepared = await Promise.all(dbs.map((d) => prepareDatabase({ ownerUrl: d.url, appLoginUrl: null, appRole: 'ibsc_app' }, quiet)));
      expect(prepared.map((p) => p.roles.roleSeparated)).toEqual([true, true, true, true]);
      // Two replicas preparing the same database at once (grants serialized per database).
      const again = await Promise.all([0, 1, 2].map(() => prepareDatabase({ ownerUrl: dbs[0].url, appLoginUrl: null, appRole: 'ibsc_app' }, quiet)));
      expect(again.map((p) => p.roles.roleSeparated)).toEqual([true, true, true]);
    } finally {
      await Promise.all(dbs.map((d) => d.drop()));
    }
  });
});
