import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { AppLogger } from './app/common/app-logger';
import { ConfigError, validateEnvironment } from './app/config/env.validation';
import type { AppConfig } from './app/config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './app/database/embedded-postgres';
import { prepareDatabase } from './app/database/prepare-database';
import { AdminBootstrapService } from './app/users/admin-bootstrap.service';
import { SESSION_EXIT, SessionRolesService } from './app/session/session-roles.service';

function loadConfig(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return validateEnvironment(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + '\n');
      process.exit(2);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = new AppLogger({ level: config.logLevel, replica: config.replicaId });
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger);
  // ADR 0013: migrations and grants as the owner; the app connects as a role that owns nothing.
  const connections = embedded
    ? { ownerUrl: embedded.url, appLoginUrl: embedded.appUrl }
    : { ownerUrl: config.databaseMigrationUrl ?? (config.databaseUrl as string), appLoginUrl: config.databaseMigrationUrl ? config.databaseUrl : null };

  let app: NestExpressApplication | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'shutting down', signal }, 'main');
    try {
      await app?.close();
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const database = await prepareDatabase({ ...connections, appRole: config.databaseAppRole }, logger);
  logger.log({ msg: 'migrations applied', count: database.migrations.length, names: database.migrations }, 'migrate');
  if (process.argv.includes('--migrate-only')) {
    await embedded?.stop();
    return;
  }

  // A deposed session owner (its database connection lost) leaves at once; `npm start` and orchestrators restart it.
  const exitDeposed = (code: number) => void (embedded?.stop() ?? Promise.resolve()).finally(() => process.exit(code));
  app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, databaseUrl: database.appUrl, databaseRoles: database.roles, overrides: [{ provide: SESSION_EXIT, useValue: exitDeposed }] }), {
    logger,
    bufferLogs: true,
  });
  configureApp(app, config);
  const roles = app.get(SessionRolesService);
  logger.reportOwner(() => roles.isOwner);
  await app.listen(config.port, config.host);
  if (!/^(127\.|::1$|localhost$)/.test(config.host) && !config.metricsToken) {
    logger.warn({ msg: 'listening beyond loopback with a public /metrics: set METRICS_TOKEN (docs/security.md)', host: config.host }, 'security');
  }
  const url = `http://localhost:${config.port}`;
  const created = app.get(AdminBootstrapService).createdPassword;
  const lines = [
    '',
    `  IB Spread Console is ready at ${url}  (API ${url}/api/v1, docs ${url}/api/docs, metrics ${url}/metrics)`,
    `  replica: ${config.replicaId} (${roles.isOwner ? 'owns the IB session' : 'standby: another replica owns the IB session'})`,
    `  gateway: ${config.ibGateway}   database: ${embedded ? 'embedded PostgreSQL (' + config.dataDir + '/postgres)' : 'DATABASE_URL'}   account type: ${config.accountType}`,
    created
      ? `  first start: created user "admin" with password  ${created}  (shown once; change it or set ADMIN_PASSWORD)`
      : '  sign in with your user (the first admin password was printed on the first start, or is ADMIN_PASSWORD)',
    `  started in ${Date.now() - started} ms. Ctrl+C stops everything.`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`fatal: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
