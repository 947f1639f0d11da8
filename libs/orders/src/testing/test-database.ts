import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ORDERS_ENTITIES } from '../lib/persistence/entities';
import { ORDERS_MIGRATIONS } from '../lib/persistence/migrations';

export interface OrdersTestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh database on the server in DATABASE_URL (set by tools/jest/postgres-global-setup.mjs), the orders
 * migrations run on it, and a DataSource over the orders entities. One per test file.
 */
export async function createOrdersTestDatabase(): Promise<OrdersTestDatabase> {
  const serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run through jest with the postgres global setup');
  const name = `ibsc_orders_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    entities: ORDERS_ENTITIES,
    migrations: ORDERS_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 12 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    url: url.toString(),
    dataSource,
    drop: async () => {
      await dataSource.destroy();
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
