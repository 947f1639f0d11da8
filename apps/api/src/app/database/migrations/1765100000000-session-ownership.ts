import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables written by the session owner: fenced (a deposed owner's writes are refused by the database). */
export const FENCED_TABLES = ['orders', 'order_legs', 'order_executions', 'order_commissions', 'order_walk_steps', 'position_snapshots', 'risk_kill_switch', 'ib_order_ids'] as const;

/**
 * Replicated deployment (ADR 0010): the one row naming the IB session owner and its fencing epoch, the command table
 * that carries commands from any replica to the owner, the scan the owner must run, the Socket.IO PostgreSQL
 * adapter's attachment table, and the fence: a trigger refusing writes to the session's tables from an API process
 * (application_name `ibsc:<replica>`) that is not the owner recorded in `ibsc_session`.
 */
export class SessionOwnership1765100000000 implements MigrationInterface {
  name = 'SessionOwnership1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ibsc_session (
        id smallint PRIMARY KEY CHECK (id = 1),
        epoch bigint NOT NULL DEFAULT 0,
        owner varchar(200),
        acquired_at timestamptz,
        released_at timestamptz,
        previous_owner varchar(200),
        last_failover_at timestamptz,
        failovers bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO ibsc_session (id) VALUES (1)`);
    await q.query(`
      CREATE TABLE session_commands (
        id uuid PRIMARY KEY,
        kind varchar(16) NOT NULL,
        payload jsonb NOT NULL,
        origin varchar(200) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'abandoned')),
        epoch bigint,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX session_commands_pending_idx ON session_commands (created_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE scan_intent (
        id smallint PRIMARY KEY CHECK (id = 1),
        running boolean NOT NULL,
        request jsonb,
        updated_by varchar(200),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
    await q.query(`
      CREATE FUNCTION ibsc_session_fence() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        app text := coalesce(current_setting('application_name', true), '');
        holder text;
      BEGIN
        IF app LIKE 'ibsc:%' THEN
          SELECT owner INTO holder FROM ibsc_session WHERE id = 1 FOR SHARE;
          IF holder IS DISTINCT FROM substr(app, 6) THEN
            RAISE EXCEPTION 'session fenced: replica % is not the IB session owner (owner: %)', substr(app, 6), coalesce(holder, 'none')
              USING ERRCODE = 'IBSF1';
          END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    for (const t of FENCED_TABLES) {
      await q.query(`CREATE TRIGGER ${t}_session_fence BEFORE INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ibsc_session_fence()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of FENCED_TABLES) await q.query(`DROP TRIGGER ${t}_session_fence ON ${t}`);
    await q.query(`DROP FUNCTION ibsc_session_fence()`);
    await q.query(`DROP TABLE socket_io_attachments`);
    await q.query(`DROP TABLE scan_intent`);
    await q.query(`DROP TABLE session_commands`);
    await q.query(`DROP TABLE ibsc_session`);
  }
}
