import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** TypeORM options for the app, the migration target and the tests: migrations, never synchronize. */
export function dataSourceOptions(url: string, applicationName?: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // `ibsc:<replica>` marks the API's own connections: the session fence (ADR 0010) checks writes from them.
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
