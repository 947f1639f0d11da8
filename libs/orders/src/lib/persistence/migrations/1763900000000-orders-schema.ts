import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders, legs, executions, commissions, walk steps, position snapshots, the audit log and the kill switch. */
export class OrdersSchema1763900000000 implements MigrationInterface {
  name = 'OrdersSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key varchar(128) NOT NULL,
        request_hash char(64) NOT NULL,
        order_ref varchar(64) NOT NULL,
        ib_client_id integer NOT NULL,
        ib_order_id integer NOT NULL CHECK (ib_order_id > 0),
        perm_id bigint,
        account varchar(32),
        status varchar(24) NOT NULL CHECK (status IN
          ('created','pending_submit','submitted','partially_filled','filled','cancelled','rejected','inactive','unknown')),
        status_reason text,
        cancel_requested boolean NOT NULL DEFAULT false,
        intent varchar(8) NOT NULL CHECK (intent IN ('open','close')),
        position_key uuid,
        parent_order_id uuid REFERENCES orders(id),
        exit_role varchar(16) CHECK (exit_role IN ('take_profit','stop_loss','manual')),
        oca_group varchar(80),
        spread_type varchar(16) NOT NULL CHECK (spread_type IN ('bull-call','bear-call','bull-put','bear-put')),
        underlying varchar(16) NOT NULL,
        expiry varchar(8) NOT NULL,
        width numeric(12,4) NOT NULL CHECK (width > 0),
        multiplier integer NOT NULL DEFAULT 100,
        action varchar(4) NOT NULL CHECK (action IN ('BUY','SELL')),
        quantity integer NOT NULL CHECK (quantity > 0),
        order_type varchar(4) NOT NULL CHECK (order_type IN ('LMT','MKT','STP')),
        limit_price numeric(12,4),
        aux_price numeric(12,4),
        price_mode varchar(10) NOT NULL CHECK (price_mode IN ('mid','natural','expected','manual','market')),
        tif varchar(3) NOT NULL CHECK (tif IN ('DAY','GTC')),
        walk jsonb,
        take_profit_pct numeric(6,2) CHECK (take_profit_pct > 0 AND take_profit_pct < 100),
        stop_loss_pct numeric(6,2) CHECK (stop_loss_pct > 0 AND stop_loss_pct <= 100),
        filled_quantity numeric(14,4) NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0),
        avg_fill_price numeric(14,6),
        last_fill_price numeric(14,6),
        mid_at_submit numeric(12,4),
        created_by varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        transmitted_at timestamptz,
        completed_at timestamptz,
        last_event_at timestamptz,
        CHECK (order_type <> 'LMT' OR limit_price IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX orders_idempotency_key_uq ON orders (idempotency_key)`);
    await q.query(`CREATE UNIQUE INDEX orders_order_ref_uq ON orders (order_ref)`);
    await q.query(`CREATE UNIQUE INDEX orders_ib_order_id_uq ON orders (ib_client_id, ib_order_id)`);
    await q.query(`CREATE INDEX orders_perm_id_ix ON orders (perm_id) WHERE perm_id IS NOT NULL`);
    await q.query(`CREATE INDEX orders_status_ix ON orders (status)`);
    await q.query(`CREATE INDEX orders_underlying_ix ON orders (underlying, status)`);
    await q.query(`CREATE INDEX orders_position_key_ix ON orders (position_key)`);
    await q.query(`CREATE INDEX orders_created_at_ix ON orders (created_at)`);

    await q.query(`
      CREATE TABLE order_legs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        leg_index smallint NOT NULL,
        con_id integer,
        expiry varchar(8) NOT NULL,
        strike numeric(12,4) NOT NULL CHECK (strike > 0),
        "right" char(1) NOT NULL CHECK ("right" IN ('C','P')),
        action varchar(4) NOT NULL CHECK (action IN ('BUY','SELL')),
        ratio smallint NOT NULL CHECK (ratio > 0),
        UNIQUE (order_id, leg_index)
      )`);

    await q.query(`
      CREATE TABLE order_executions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exec_id varchar(64) NOT NULL,
        order_id uuid NOT NULL REFERENCES orders(id),
        ib_order_id integer NOT NULL,
        perm_id bigint NOT NULL,
        con_id integer NOT NULL,
        sec_type varchar(8) NOT NULL,
        side varchar(3) NOT NULL CHECK (side IN ('BOT','SLD')),
        shares numeric(14,4) NOT NULL CHECK (shares > 0),
        price numeric(14,6) NOT NULL,
        cum_qty numeric(14,4) NOT NULL,
        avg_price numeric(14,6) NOT NULL,
        account varchar(32) NOT NULL,
        exchange varchar(16) NOT NULL,
        executed_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        source varchar(16) NOT NULL CHECK (source IN ('live','reconciliation'))
      )`);
    await q.query(`CREATE UNIQUE INDEX order_executions_exec_id_uq ON order_executions (exec_id)`);
    await q.query(`CREATE INDEX order_executions_order_ix ON order_executions (order_id)`);
    await q.query(`CREATE INDEX order_executions_executed_at_ix ON order_executions (executed_at)`);

    await q.query(`
      CREATE TABLE order_commissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exec_id varchar(64) NOT NULL,
        commission numeric(14,6),
        currency varchar(8) NOT NULL,
        realized_pnl numeric(16,6),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX order_commissions_exec_id_uq ON order_commissions (exec_id)`);

    await q.query(`
      CREATE TABLE order_walk_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        step integer NOT NULL,
        kind varchar(12) NOT NULL CHECK (kind IN ('place','reprice','stop','timeout','filled')),
        price numeric(12,4),
        bid numeric(12,4),
        ask numeric(12,4),
        mid numeric(12,4),
        filled_quantity numeric(14,4) NOT NULL,
        note text,
        at timestamptz NOT NULL,
        UNIQUE (order_id, step)
      )`);

    await q.query(`
      CREATE TABLE position_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        taken_at timestamptz NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('spread_mark','broker_leg')),
        account varchar(32),
        position_key uuid,
        con_id integer,
        quantity numeric(14,4) NOT NULL,
        avg_cost numeric(14,6),
        mark numeric(14,6),
        CHECK ((kind = 'spread_mark' AND position_key IS NOT NULL) OR (kind = 'broker_leg' AND con_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX position_snapshots_taken_at_ix ON position_snapshots (taken_at, kind)`);

    await q.query(`
      CREATE TABLE order_audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor varchar(64) NOT NULL,
        action varchar(32) NOT NULL,
        order_id uuid,
        reason text,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX order_audit_log_order_ix ON order_audit_log (order_id, id)`);
    await q.query(`CREATE INDEX order_audit_log_at_ix ON order_audit_log (at)`);
    await q.query(`
      CREATE FUNCTION order_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'order_audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER order_audit_log_no_update_delete BEFORE UPDATE OR DELETE ON order_audit_log
      FOR EACH ROW EXECUTE FUNCTION order_audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER order_audit_log_no_truncate BEFORE TRUNCATE ON order_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION order_audit_log_append_only()`);

    await q.query(`
      CREATE TABLE risk_kill_switch (
        id smallint PRIMARY KEY CHECK (id = 1),
        tripped boolean NOT NULL,
        reason text,
        tripped_at timestamptz,
        tripped_by varchar(64),
        reset_at timestamptz,
        reset_by varchar(64)
      )`);
    await q.query(`INSERT INTO risk_kill_switch (id, tripped) VALUES (1, false)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE risk_kill_switch`);
    await q.query(`DROP TABLE order_audit_log`);
    await q.query(`DROP FUNCTION order_audit_log_append_only()`);
    await q.query(`DROP TABLE position_snapshots`);
    await q.query(`DROP TABLE order_walk_steps`);
    await q.query(`DROP TABLE order_commissions`);
    await q.query(`DROP TABLE order_executions`);
    await q.query(`DROP TABLE order_legs`);
    await q.query(`DROP TABLE orders`);
  }
}
