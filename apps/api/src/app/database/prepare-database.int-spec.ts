/**
 * Start-up while the database is away (an outage, or the whole stack restarting): the API waits for it within a
 * bound, as @nestjs/typeorm did before migrations moved ahead of Nest (ADR 0013), instead of exiting at once;
 * anything else fails the start-up at once.
 */
import { startTcpProxy, type TcpProxy } from '@ibsc/ibkr/testing';
import { createTestDatabase, type TestDatabase } from '@ibsc/orders/testing';
import { prepareDatabase } from './prepare-database';

describe('prepareDatabase at start-up', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  const warnings: unknown[] = [];
  const logger = { log: () => undefined, warn: (m: unknown) => void warnings.push(m), error: () => undefined };

  beforeAll(async () => {
    db = await createTestDatabase('ibsc_prep');
    proxy = await startTcpProxy(Number(new URL(db.url).port || 5432), new URL(db.url).hostname);
  });
  afterAll(async () => {
    await proxy.close();
    await db.drop();
  });

  const viaProxy = () => {
    const u = new URL(db.url);
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    return u.toString();
  };

  it('waits for a database that comes back, logging each attempt, then migrates and separates the roles', async () => {
    await proxy.cut();
    warnings.length = 0;
    const pending = prepareDatabase({ ownerUrl: viaProxy(), appLoginUrl: null, appRole: 'ibsc_app' }, logger, { attempts: 30, delayMs: 200 });
    await new Promise((r) => setTimeout(r, 1000));
    await proxy.restore();
    const prepared = await pending;
    expect(prepared.migrations.length).toBeGreaterThan(0);
    expect(prepared.roles.roleSeparated).toBe(true);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatchObject({ msg: 'database unreachable at start-up; retrying', attempt: 1, of: 30 });
  });

  it('gives up after its attempts with the connection error', async () => {
    await proxy.cut();
    try {
      await expect(prepareDatabase({ ownerUrl: viaProxy(), appLoginUrl: null, appRole: 'ibsc_app' }, logger, { attempts: 2, delayMs: 50 })).rejects.toThrow(/ECONNREFUSED|Connection terminated|connect/);
    } finally {
      await proxy.restore();
    }
  });

  it('does not retry what waiting cannot fix: a database that does not exist fails at once', async () => {
    const u = new URL(db.url);
    u.pathname = '/ibsc_no_such_database';
    warnings.length = 0;
    await expect(prepareDatabase({ ownerUrl: u.toString(), appLoginUrl: null, appRole: 'ibsc_app' }, logger, { attempts: 5, delayMs: 2000 })).rejects.toThrow(/does not exist/);
    expect(warnings).toHaveLength(0);
  });
});
