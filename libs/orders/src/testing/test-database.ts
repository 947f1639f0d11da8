import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ORDERS_ENTITIES } from '../lib/persistence/entities';
import { ORDERS_MIGRATIONS } from '../lib/persistence/migrations';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface OrdersTestDatabase extends TestDatabase {
  dataSource: DataSource;
}

/**
 * A fresh, empty database on the server in DATABASE_URL (set by tools/jest/postgres-global-setup.mjs), named
 * `<prefix>_<pid>_<random>`; `drop()` removes it. One per test file (the API's tests use it too).
 */
export async function createTestDatabase(prefix = 'ibsc_t'): Promise<TestDatabase> {
  const serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run through jest with the postgres global setup');
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A DataSource over the orders entities at `url` (e.g. through a TcpProxy a test cuts), initialized. */
export async function openOrdersDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: ORDERS_ENTITIES,
    migrations: ORDERS_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 12, connectionTimeoutMillis: 2_000 },
  });
  return dataSource.initialize();
}

/** A fresh database with the orders migrations run on it, and a DataSource over the orders entities. */
export async function createOrdersTestDatabase(): Promise<OrdersTestDatabase> {
  const db = await createTestDatabase('ibsc_orders');
  const dataSource = await openOrdersDataSource(db.url);
  await dataSource.runMigrations();
  return {
    url: db.url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
