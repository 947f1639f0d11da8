import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable cancel and modify intents (ADR 0011): a cancel or modify committed while the gateway could not take it
 * stays pending here until it is transmitted after reconnect (or the order ends first).
 */
export class PendingIntents1764900000000 implements MigrationInterface {
  name = 'PendingIntents1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN cancel_pending boolean NOT NULL DEFAULT false, ADD COLUMN modify_pending boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX orders_pending_intent_ix ON orders (id) WHERE cancel_pending OR modify_pending`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX orders_pending_intent_ix`);
    await q.query(`ALTER TABLE orders DROP COLUMN cancel_pending, DROP COLUMN modify_pending`);
  }
}
