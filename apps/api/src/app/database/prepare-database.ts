import type { LoggerService } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { checkAppRole, ensureLoginRole, ensureSetRole, grantAppPrivileges, type DatabaseRoleStatus, type RoleSeparationMode, withStartupRole } from './app-role';
import { dataSourceOptions } from './data-source-options';
import { isDatabaseUnavailable } from './pg-errors';

export interface DatabaseConnections {
  /** The owner's URL: runs the migrations and the grants. */
  ownerUrl: string;
  /** The app's own login (DATABASE_URL beside DATABASE_MIGRATION_URL, or the embedded app login); null: one login. */
  appLoginUrl: string | null;
  /** With one login: the restricted role the app's connections switch to (DATABASE_APP_ROLE). */
  appRole: string;
}

export interface PreparedDatabase {
  /** The URL every app connection uses (TypeORM, the session lease, the Socket.IO adapter). */
  appUrl: string;
  roles: DatabaseRoleStatus;
  migrations: string[];
}

function pgCode(e: unknown): string {
  return (e as { code?: string } | null)?.code ?? '';
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'ibsc-migrate' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Runs the pending migrations as the owner. */
export async function migrate(ownerUrl: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(ownerUrl));
  await ds.initialize();
  try {
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Start-up (ADR 0013): migrations as the owner, then the app role's grants, then a check of what the app's own
 * connection may do. With one login (DATABASE_URL only) the API creates the restricted role itself when the login may
 * (superuser or CREATEROLE), else it runs unseparated and says so (warning, health, metric).
 */
export async function prepareDatabase(c: DatabaseConnections, logger: LoggerService, retry: StartupRetry = {}): Promise<PreparedDatabase> {
  const attempts = retry.attempts ?? 10;
  const delayMs = retry.delayMs ?? 3000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await prepareOnce(c, logger);
    } catch (e) {
      // A server that is down or restarting (an outage, a restart of the whole stack): wait for it as a supervisor
      // would, within a bound; anything else (a bad password, a failed migration) fails the start-up at once.
      if (!isDatabaseUnavailable(e) || attempt >= attempts) throw e;
      logger.warn?.({ msg: 'database unreachable at start-up; retrying', attempt, of: attempts, retryInMs: delayMs, error: (e as Error).message }, 'database');
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** How long start-up waits for an unreachable database (as @nestjs/typeorm did before: 10 attempts, 3 s apart). */
export interface StartupRetry {
  attempts?: number;
  delayMs?: number;
}

async function prepareOnce(c: DatabaseConnections, logger: LoggerService): Promise<PreparedDatabase> {
  const migrations = await migrate(c.ownerUrl);
  let appUrl = c.appLoginUrl ?? c.ownerUrl;
  let mode = 'none' as RoleSeparationMode;
  const problems: string[] = [];
  await withClient(c.ownerUrl, async (owner) => {
    if (c.appLoginUrl) {
      const role = await ensureLoginRole(owner, c.appLoginUrl);
      await grantAppPrivileges(owner, role);
      mode = 'login';
      return;
    }
    try {
      await ensureSetRole(owner, c.appRole);
      await grantAppPrivileges(owner, c.appRole);
      appUrl = withStartupRole(c.ownerUrl, c.appRole);
      mode = 'set-role';
    } catch (e) {
      if (pgCode(e) !== '42501') throw e;
      problems.push(`cannot create or use role ${c.appRole}: ${(e as Error).message}`);
    }
  });
  const checked = await withClient(appUrl, (a) => checkAppRole(a, mode));
  const roles: DatabaseRoleStatus = { ...checked, roleSeparated: checked.roleSeparated && mode !== 'none', problems: [...problems, ...checked.problems] };
  if (roles.roleSeparated && mode === 'login') logger.log({ msg: 'database roles separated', mode, appRole: roles.appRole }, 'database');
  else if (roles.roleSeparated) {
    logger.warn?.(
      { msg: 'database roles separated by SET ROLE only: the login can switch back; set DATABASE_MIGRATION_URL and a non-owner DATABASE_URL (docs/operators.md)', mode, appRole: roles.appRole },
      'database',
    );
  } else {
    logger.warn?.({ msg: 'database roles NOT separated: the app can alter tables and disable the audit log trigger (docs/operators.md)', mode, appRole: roles.appRole, problems: roles.problems }, 'database');
  }
  return { appUrl, roles, migrations };
}
