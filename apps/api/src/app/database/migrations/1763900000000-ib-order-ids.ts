import { MigrationInterface, QueryRunner } from 'typeorm';

export class IbOrderIds1763900000000 implements MigrationInterface {
  name = 'IbOrderIds1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ib_order_ids (
        scope varchar(64) PRIMARY KEY,
        highest_used bigint NOT NULL CHECK (highest_used > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ib_order_ids`);
  }
}
