import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Provider } from '@nestjs/common';
import type { Role } from '@ibsc/shared-dto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../app/app.module';
import { configureApp } from '../app/configure-app';
import type { AppConfig } from '../app/config/app-config';
import { validateEnvironment } from '../app/config/env.validation';
import { SCRYPT_PARAMS, UsersService } from '../app/users/users.service';
import { SESSION_EXIT } from '../app/session/session-roles.service';
import { createTestDatabase, type TestDatabase } from '@ibsc/orders/testing';
import type { NowFn } from '../app/config/config.tokens';
import { startTcpProxy, type TcpProxy } from '@ibsc/ibkr/testing';
import { prepareDatabase } from '../app/database/prepare-database';
import type { DatabaseRoleStatus } from '../app/database/app-role';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
const FAST_SCRYPT = { N: 1 << 10, r: 8, p: 1 };

export interface TestApp {
  app: NestExpressApplication;
  /** With `databaseProxy`: the proxy between the API and PostgreSQL, to cut (an outage) and restore. */
  dbProxy: TcpProxy | null;
  config: AppConfig;
  db: TestDatabase;
  /** The URL the app's connections use (the app role's, ADR 0013). */
  appDatabaseUrl: string;
  databaseRoles: DatabaseRoleStatus;
  baseUrl: string;
  http(): ReturnType<typeof request>;
  login(username: string, password: string): Promise<string>;
  /** A token for a fresh user with the role (admin: the bootstrap admin). */
  tokenFor(role: Role): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  overrides?: Provider[];
  /**
   * `none` (default): no connection layer, nothing binds a gateway port. `simulator`: the API starts its
   * in-process simulator on a random port (SIM_PORT=0) and connects to it, as `npm start` does.
   */
  gateway?: 'none' | 'simulator' | 'tws';
  /** Share this database (another replica's) instead of creating one; it is not dropped on close. */
  database?: TestDatabase;
  /** The API's clock (tokens, throttling, socket expiry); default real time. */
  now?: NowFn;
  /** Connect the API to PostgreSQL through a TcpProxy the test can cut. */
  databaseProxy?: boolean;
  /** The app's own login (as DATABASE_URL beside DATABASE_MIGRATION_URL); default: one login, the app role by SET ROLE. */
  appLoginUrl?: string;
}

/** The real API on a real PostgreSQL database of its own, listening on a random port (never 3000 or 4002). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  let dbProxy: TcpProxy | null = null;
  const prepared = await prepareDatabase({ ownerUrl: db.url, appLoginUrl: options.appLoginUrl ?? null, appRole: 'ibsc_app' }, { log: () => undefined, warn: () => undefined, error: () => undefined });
  let databaseUrl = prepared.appUrl;
  if (options.databaseProxy) {
    const url = new URL(prepared.appUrl);
    dbProxy = await startTcpProxy(Number(url.port || 5432), url.hostname);
    url.hostname = '127.0.0.1';
    url.port = String(dbProxy.port);
    databaseUrl = url.toString();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ibsc-api-test-'));
  const config = validateEnvironment({
    ADMIN_PASSWORD,
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    WEB_ROOT: join(dataDir, 'web'),
    LOG_LEVEL: 'error',
    ...(options.gateway === 'simulator' ? { IB_GATEWAY: 'simulator', SIM_PORT: '0' } : {}),
    ...options.env,
  });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({
      config,
      databaseUrl,
      databaseRoles: prepared.roles,
      now: options.now,
      gateway: options.gateway === 'simulator' || options.gateway === 'tws' ? 'connect' : 'none',
      // A deposed session owner must not end the Jest worker (the product exits with code 3): tests override it to watch.
      overrides: [{ provide: SCRYPT_PARAMS, useValue: FAST_SCRYPT }, { provide: SESSION_EXIT, useValue: () => undefined }, ...(options.overrides ?? [])],
    }),
    { logger: false },
  );
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const http = () => request(app.getHttpServer());
  const login = async (username: string, password: string) => {
    const res = await http().post('/api/v1/auth/login').send({ username, password }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  };
  let n = 0;
  return {
    app,
    dbProxy,
    config,
    db,
    appDatabaseUrl: prepared.appUrl,
    databaseRoles: prepared.roles,
    baseUrl,
    http,
    login,
    tokenFor: async (role: Role) => {
      if (role === 'admin') return login('admin', ADMIN_PASSWORD);
      const username = `${role}${++n}`;
      await app.get(UsersService).create({ username, password: 'password-for-' + username, role });
      return login(username, 'password-for-' + username);
    },
    close: async () => {
      await dbProxy?.restore();
      await app.close();
      await dbProxy?.close();
      if (!options.database) await db.drop();
    },
  };
}
