import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { verifyAuditChain } from '@ibsc/orders';
import { ConfigError, validateEnvironment } from '../config/env.validation';
import { embeddedUrls } from '../database/embedded-postgres';

/** Exit codes of `npm run audit:verify`. */
export const AUDIT_VERIFY_EXIT = { intact: 0, broken: 1, cannotVerify: 2 } as const;

/**
 * `npm run audit:verify` (tools/scripts/audit-verify.mjs): verifies the whole audit log hash chain of the database
 * the API is configured for (DATABASE_MIGRATION_URL, else DATABASE_URL, else the embedded server of DATA_DIR, which
 * `npm start` must be running). Prints one line; exit 0 intact, 1 broken (naming the first broken row), 2 when it
 * cannot verify (configuration, connection, schema).
 */
export async function runAuditVerify(env: Record<string, string | undefined>, write: (line: string) => void): Promise<number> {
  let url: string;
  try {
    const config = validateEnvironment(env);
    if (config.databaseMigrationUrl ?? config.databaseUrl) url = (config.databaseMigrationUrl ?? config.databaseUrl) as string;
    else if (existsSync(resolve(config.dataDir, 'postgres.password'))) url = (await embeddedUrls(config.dataDir, config.embeddedPgPort)).appUrl;
    else {
      write(`audit:verify: no database: set DATABASE_URL, or run it beside \`npm start\` (embedded PostgreSQL in ${config.dataDir}/postgres)`);
      return AUDIT_VERIFY_EXIT.cannotVerify;
    }
  } catch (e) {
    write(`audit:verify: ${e instanceof ConfigError ? e.message : String(e)}`);
    return AUDIT_VERIFY_EXIT.cannotVerify;
  }
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'ibsc-audit-verify' });
  try {
    await c.connect();
    const started = Date.now();
    const r = await verifyAuditChain(async (q, p) => (await c.query(q, p)).rows);
    const took = Date.now() - started;
    if (r.broken) {
      write(`audit chain BROKEN at row ${r.broken.id} (${r.broken.kind}): ${r.broken.detail}; ${r.rowsChecked} rows intact before it`);
      return AUDIT_VERIFY_EXIT.broken;
    }
    write(`audit chain intact: ${r.rowsChecked} rows verified in ${took} ms; head row ${r.head.lastId}, hash ${r.head.lastHash}`);
    return AUDIT_VERIFY_EXIT.intact;
  } catch (e) {
    write(`audit:verify: cannot verify: ${(e as Error).message}`);
    return AUDIT_VERIFY_EXIT.cannotVerify;
  } finally {
    await c.end().catch(() => undefined);
  }
}
