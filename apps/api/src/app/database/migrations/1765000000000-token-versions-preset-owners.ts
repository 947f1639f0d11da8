import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ADR 0008: revocable tokens (users.token_version, bumped on logout, password, role or disable; users.disabled) and
 * owned presets (filter_presets.owner_id + shared). Presets made before owners existed stay visible to everyone:
 * owner NULL, shared true, managed by admins. Names are unique per owner.
 */
export class TokenVersionsPresetOwners1765000000000 implements MigrationInterface {
  name = 'TokenVersionsPresetOwners1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE filter_presets ADD COLUMN owner_id uuid REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE filter_presets ADD COLUMN shared boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE filter_presets SET shared = true WHERE owner_id IS NULL`);
    await q.query(`DROP INDEX filter_presets_name_lower_uq`);
    await q.query(
      `CREATE UNIQUE INDEX filter_presets_owner_name_lower_uq ON filter_presets (COALESCE(owner_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`,
    );
    await q.query(`CREATE INDEX filter_presets_owner_idx ON filter_presets (owner_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX filter_presets_owner_idx`);
    await q.query(`DROP INDEX filter_presets_owner_name_lower_uq`);
    await q.query(`CREATE UNIQUE INDEX filter_presets_name_lower_uq ON filter_presets (lower(name))`);
    await q.query(`ALTER TABLE filter_presets DROP COLUMN shared`);
    await q.query(`ALTER TABLE filter_presets DROP COLUMN owner_id`);
    await q.query(`ALTER TABLE users DROP COLUMN disabled`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
