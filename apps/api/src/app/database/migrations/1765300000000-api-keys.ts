import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ADR 0016: API keys. One row per key, acting as its user (deleted with it); the secret is stored as sha256 only.
 * Revoked and expired keys stay listed (who made them, who revoked them, when last used) and are never reused.
 */
export class ApiKeys1765300000000 implements MigrationInterface {
  name = 'ApiKeys1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id varchar(16) PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
        name varchar(64) NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        scopes varchar(8)[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'trade', 'admin']::varchar(8)[]),
        secret_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL,
        created_by varchar(32),
        expires_at timestamptz,
        revoked_at timestamptz,
        revoked_by varchar(32),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_keys_user_idx ON api_keys (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
