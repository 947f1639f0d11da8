import { Client, escapeIdentifier, escapeLiteral } from 'pg';

/**
 * How the API's connections are kept from the owner's powers (ADR 0013):
 * - `login`: the app logs in as its own role, which owns nothing (DATABASE_MIGRATION_URL set, or the embedded default);
 * - `set-role`: one login (DATABASE_URL only) that migrates, then every app connection starts with `-c role=<app role>`,
 *   so all of the app's statements run as the restricted role (the login could switch back: weaker than `login`);
 * - `none`: the login could not create or use the restricted role; the app runs with the owner's powers.
 */
export type RoleSeparationMode = 'login' | 'set-role' | 'none';

export interface DatabaseRoleStatus {
  mode: RoleSeparationMode;
  /** The role the app's statements run as (current_user of its connections). */
  appRole: string;
  /** The app role is no superuser, owns no table (cannot ALTER, DISABLE TRIGGER, DROP) and cannot change the audit log. */
  roleSeparated: boolean;
  /** Why not separated (empty when separated). */
  problems: string[];
}

export const UNCHECKED_ROLES: DatabaseRoleStatus = { mode: 'none', appRole: 'unknown', roleSeparated: false, problems: ['not checked'] };

/**
 * Tables where the app role gets less than SELECT, INSERT, UPDATE, DELETE: the audit log and fills are append-only
 * (the chain head changes only through the audit trigger), the migrations table is the owner's. Every other table,
 * present or added by a later migration, gets the four (grants re-run after every migration run).
 */
export const RESTRICTED_TABLES: Readonly<Record<string, string>> = {
  order_audit_log: 'SELECT, INSERT',
  order_audit_chain: 'SELECT',
  order_executions: 'SELECT, INSERT',
  order_commissions: 'SELECT, INSERT',
  migrations: 'SELECT',
};

const GRANTS_LOCK = "hashtext('ibsc:app-role-grants')";

function code(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}

/**
 * Creates the NOLOGIN role `role` if it does not exist and lets the session user SET ROLE to it. Roles are
 * cluster-wide and API processes on other databases of the same server may race here: duplicates are fine.
 */
export async function ensureSetRole(owner: Client, role: string): Promise<void> {
  const exists = await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  if (exists.rowCount === 0) {
    try {
      await owner.query(`CREATE ROLE ${escapeIdentifier(role)} NOLOGIN`);
    } catch (e) {
      // 42710 duplicate_object / 23505 on pg_authid: created meanwhile by another process.
      if (code(e) !== '42710' && code(e) !== '23505') throw e;
    }
  }
  const member = await owner.query(`SELECT pg_has_role(session_user, $1, 'MEMBER') AS ok`, [role]);
  if (member.rows[0]?.ok !== true) {
    try {
      await owner.query(`GRANT ${escapeIdentifier(role)} TO ${escapeIdentifier(await sessionUser(owner))}`);
    } catch (e) {
      if (code(e) !== '42710' && code(e) !== '23505' && code(e) !== 'XX000') throw e;
    }
  }
}

/**
 * The app's own login named in its URL: created by the owner when it does not exist yet and the owner may create
 * roles (Compose: the image's superuser), with the URL's password. An existing role is left as it is.
 */
export async function ensureLoginRole(owner: Client, appLoginUrl: string): Promise<string> {
  const url = new URL(appLoginUrl);
  const role = decodeURIComponent(url.username);
  if (!role) throw new Error('the app login URL (DATABASE_URL) names no user');
  const exists = await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  if (exists.rowCount === 0) {
    const password = url.password ? ` PASSWORD ${escapeLiteral(decodeURIComponent(url.password))}` : '';
    try {
      await owner.query(`CREATE ROLE ${escapeIdentifier(role)} LOGIN${password}`);
    } catch (e) {
      if (code(e) === '42501') throw new Error(`role ${role} does not exist and the owner may not create it: create it as described in docs/operators.md`);
      if (code(e) !== '42710' && code(e) !== '23505') throw e;
    }
  }
  return role;
}

async function sessionUser(c: Client): Promise<string> {
  return String((await c.query(`SELECT session_user AS u`)).rows[0].u);
}

/**
 * Grants the app role what it needs on the owner's schema, and no more (see RESTRICTED_TABLES), for the tables there
 * now and (default privileges) those the owner creates later. Serialized per database: replicas start together.
 */
export async function grantAppPrivileges(owner: Client, role: string): Promise<void> {
  const r = escapeIdentifier(role);
  await owner.query('BEGIN');
  try {
    await owner.query(`SELECT pg_advisory_xact_lock(${GRANTS_LOCK})`);
    const schema = escapeIdentifier(String((await owner.query(`SELECT current_schema() AS s`)).rows[0].s));
    await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${r}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${r}`);
    await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${r}`);
    await owner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`);
    await owner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`);
    const present = await owner.query(`SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname = ANY($1)`, [
      Object.keys(RESTRICTED_TABLES),
    ]);
    for (const { relname } of present.rows as Array<{ relname: string }>) {
      await owner.query(`REVOKE ALL ON ${schema}.${escapeIdentifier(relname)} FROM ${r}`);
      await owner.query(`GRANT ${RESTRICTED_TABLES[relname]} ON ${schema}.${escapeIdentifier(relname)} TO ${r}`);
    }
    await owner.query('COMMIT');
  } catch (e) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** What the app's own connection may do: the facts behind `roleSeparated`. */
export async function checkAppRole(app: Client, mode: RoleSeparationMode): Promise<DatabaseRoleStatus> {
  const { rows } = await app.query(`
    SELECT current_user AS role, r.rolsuper AS super, r.rolbypassrls AS bypass,
      (SELECT count(*) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         AND pg_has_role(current_user, c.relowner, 'USAGE'))::int AS owned,
      (to_regclass('order_audit_log') IS NOT NULL AND (has_table_privilege('order_audit_log', 'UPDATE')
         OR has_table_privilege('order_audit_log', 'DELETE') OR has_table_privilege('order_audit_log', 'TRUNCATE'))) AS audit_writable
    FROM pg_roles r WHERE r.rolname = current_user`);
  const f = rows[0] as { role: string; super: boolean; bypass: boolean; owned: number; audit_writable: boolean };
  const problems: string[] = [];
  if (f.super) problems.push(`${f.role} is a superuser`);
  if (f.owned > 0) problems.push(`${f.role} owns (or inherits the owner of) ${f.owned} tables, so it can alter them and their triggers`);
  if (f.audit_writable) problems.push(`${f.role} may UPDATE, DELETE or TRUNCATE the audit log`);
  return { mode, appRole: f.role, roleSeparated: problems.length === 0, problems };
}

/** The same URL with every connection starting as `role` (PostgreSQL's startup option `-c role=…`). */
export function withStartupRole(url: string, role: string): string {
  const u = new URL(url);
  const options = u.searchParams.get('options');
  u.searchParams.set('options', `${options ? options + ' ' : ''}-c role=${role}`);
  return u.toString();
}
