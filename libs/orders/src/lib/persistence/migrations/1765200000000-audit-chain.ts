import type { MigrationInterface, QueryRunner } from 'typeorm';

/** prev_hash of the first row of the chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * ADR 0013: the audit log chained by hash. Each row stores `prev_hash` (the previous row's `hash`) and
 * `hash = sha256(prev_hash || '|' || canonical content)`, computed by a BEFORE INSERT trigger that runs as the table's
 * owner (SECURITY DEFINER) and serializes appenders on the chain head row (`order_audit_chain`), so inserts from
 * several replicas form one chain and ids follow the chain order. The app role may only INSERT and SELECT here.
 * Existing rows are chained in id order.
 */
export class AuditChain1765200000000 implements MigrationInterface {
  name = 'AuditChain1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = (await q.query(`SELECT current_schema() AS schema`)) as Array<{ schema: string }>;
    const path = `${quoteIdent(schema)}, pg_catalog, pg_temp`;
    // The canonical content: fixed field order, the timestamp in UTC to the microsecond, jsonb as PostgreSQL prints it
    // (keys normalized, whitespace fixed), NULLs as a marker no text value renders alone.
    await q.query(`
      CREATE FUNCTION order_audit_row_hash(prev text, id bigint, at timestamptz, actor text, action text, order_id uuid, reason text, before jsonb, after jsonb)
      RETURNS text LANGUAGE sql IMMUTABLE SET search_path = ${path} AS $$
        SELECT encode(sha256(convert_to(concat_ws('|',
          prev, id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), quote_nullable(actor), quote_nullable(action),
          coalesce(order_id::text, 'NULL'), quote_nullable(reason), quote_nullable(before::text), quote_nullable(after::text)), 'UTF8')), 'hex')
      $$`);
    await q.query(`ALTER TABLE order_audit_log ADD COLUMN prev_hash char(64), ADD COLUMN hash char(64)`);
    await q.query(`
      CREATE TABLE order_audit_chain (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_id bigint NOT NULL DEFAULT 0,
        last_hash char(64) NOT NULL,
        row_count bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO order_audit_chain (id, last_hash) VALUES (1, $1)`, [AUDIT_GENESIS_HASH]);
    // Chain the rows written before this migration (the append-only trigger refuses UPDATE: lifted for this step only).
    await q.query(`ALTER TABLE order_audit_log DISABLE TRIGGER order_audit_log_no_update_delete`);
    await q.query(`
      DO $$
      DECLARE r record; h text := '${AUDIT_GENESIS_HASH}'; n bigint := 0; last bigint := 0;
      BEGIN
        FOR r IN SELECT * FROM order_audit_log ORDER BY id LOOP
          UPDATE order_audit_log SET prev_hash = h, hash = order_audit_row_hash(h, r.id, r.at, r.actor, r.action, r.order_id, r.reason, r.before, r.after)
            WHERE id = r.id RETURNING hash INTO h;
          n := n + 1; last := r.id;
        END LOOP;
        UPDATE order_audit_chain SET last_id = last, last_hash = h, row_count = n WHERE id = 1;
      END $$`);
    await q.query(`ALTER TABLE order_audit_log ENABLE TRIGGER order_audit_log_no_update_delete`);
    await q.query(`ALTER TABLE order_audit_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION order_audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${path} AS $$
      DECLARE head order_audit_chain%ROWTYPE;
      BEGIN
        -- The head row's lock is held until commit: appenders queue here, each sees the last committed link.
        SELECT * INTO head FROM order_audit_chain WHERE id = 1 FOR UPDATE;
        NEW.id := nextval(pg_get_serial_sequence('order_audit_log', 'id'));
        NEW.prev_hash := head.last_hash;
        NEW.hash := order_audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.action, NEW.order_id, NEW.reason, NEW.before, NEW.after);
        UPDATE order_audit_chain SET last_id = NEW.id, last_hash = NEW.hash, row_count = row_count + 1 WHERE id = 1;
        RETURN NEW;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION order_audit_log_chain() FROM PUBLIC`);
    // Ids come from the trigger alone (taken under the head's lock, so they follow the chain), not from the default.
    await q.query(`ALTER TABLE order_audit_log ALTER COLUMN id DROP DEFAULT`);
    await q.query(`CREATE TRIGGER order_audit_log_chain BEFORE INSERT ON order_audit_log FOR EACH ROW EXECUTE FUNCTION order_audit_log_chain()`);
    // The head row changes only through the trigger.
    await q.query(`
      CREATE TRIGGER order_audit_chain_no_delete BEFORE DELETE OR TRUNCATE ON order_audit_chain
      FOR EACH STATEMENT EXECUTE FUNCTION order_audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER order_audit_log_chain ON order_audit_log`);
    await q.query(`ALTER TABLE order_audit_log ALTER COLUMN id SET DEFAULT nextval(pg_get_serial_sequence('order_audit_log', 'id'))`);
    await q.query(`DROP FUNCTION order_audit_log_chain()`);
    await q.query(`DROP TABLE order_audit_chain`);
    await q.query(`ALTER TABLE order_audit_log DROP COLUMN prev_hash, DROP COLUMN hash`);
    await q.query(`DROP FUNCTION order_audit_row_hash(text, bigint, timestamptz, text, text, uuid, text, jsonb, jsonb)`);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
