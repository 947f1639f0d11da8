import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createOrdersTestDatabase, createTestDatabase, openOrdersDataSource, type OrdersTestDatabase } from '../../testing/test-database';
import { ORDERS_ENTITIES } from './entities';
import { OrdersSchema1763900000000, PendingIntents1764900000000, ORDERS_MIGRATIONS } from './migrations';
import { appendAudit } from './audit-log';
import { AUDIT_CHAIN_START, AUDIT_GENESIS_HASH, verifyAuditChain, type AuditSql } from './audit-chain';

const at = (i: number) => new Date(Date.UTC(2026, 10, 23, 15, 0, 0, i));

describe('the audit log chained by hash (real PostgreSQL, ADR 0013)', () => {
  let db: OrdersTestDatabase;
  let sql: AuditSql;
  /** The superuser, with the append-only trigger lifted: an attacker with the owner's powers. */
  const tamper = async (statement: string) => {
    await db.dataSource.transaction(async (em) => {
      await em.query(`ALTER TABLE order_audit_log DISABLE TRIGGER order_audit_log_no_update_delete`);
      await em.query(statement);
      await em.query(`ALTER TABLE order_audit_log ENABLE TRIGGER order_audit_log_no_update_delete`);
    });
  };
  const append = (i: number, extra: Partial<{ orderId: string; before: object; after: object; reason: string }> = {}) =>
    db.dataSource.transaction((em) => appendAudit(em, at(i), { actor: 'trader1', action: 'order.status', reason: `step ${i}`, ...extra }));

  beforeEach(async () => {
    db = await createOrdersTestDatabase();
    sql = (q, p) => db.dataSource.query(q, p);
  });
  afterEach(() => db.drop());

  it('the database links each row to the previous one with sha256(prev_hash | canonical content), whatever the app sends', async () => {
    await append(1, { after: { b: 2, a: 'x' }, orderId: '00000000-0000-4000-8000-000000000001' });
    // The app tries to forge the chain: its id, prev_hash and hash are replaced by the trigger's.
    await db.dataSource.query(
      `INSERT INTO order_audit_log (id, at, actor, action, reason, prev_hash, hash) VALUES (999, $1, 'trader1', 'order.status', 'forged', $2, $2)`,
      [at(2), 'f'.repeat(64)],
    );
    const rows: Array<{ id: string; prev_hash: string; hash: string }> = await db.dataSource.query(`SELECT id::text, prev_hash, hash FROM order_audit_log ORDER BY id`);
    expect(rows).toHaveLength(2);
    expect(rows[1].id).not.toBe('999');
    expect(rows[0].prev_hash).toBe(AUDIT_GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    // The canonical content, recomputed here from the documented format (docs/security.md).
    const expected = createHash('sha256')
      .update(
        [
          AUDIT_GENESIS_HASH,
          rows[0].id,
          '2026-11-23T15:00:00.001000Z',
          `'trader1'`,
          `'order.status'`,
          '00000000-0000-4000-8000-000000000001',
          `'step 1'`,
          'NULL',
          `'{"a": "x", "b": 2}'`,
        ].join('|'),
      )
      .digest('hex');
    expect(rows[0].hash).toBe(expected);
    const report = await verifyAuditChain(sql);
    expect(report).toMatchObject({ ok: true, complete: true, rowsChecked: 2, broken: null, head: { lastId: rows[1].id, lastHash: rows[1].hash, rows: '2' } });
  });

  it('names the first row changed, then the row after one whose hash was recomputed, then rows cut from the end', async () => {
    for (let i = 1; i <= 5; i++) await append(i);
    const ids: string[] = (await db.dataSource.query(`SELECT id::text FROM order_audit_log ORDER BY id`)).map((r: { id: string }) => r.id);
    await tamper(`UPDATE order_audit_log SET reason = 'nothing happened' WHERE id = ${ids[2]}`);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: false, rowsChecked: 2, broken: { id: ids[2], kind: 'content_changed' } });
    expect((await verifyAuditChain(sql)).broken?.detail).toContain(`row ${ids[2]}`);

    // The attacker recomputes that row's hash: the next row's link no longer matches.
    await tamper(`UPDATE order_audit_log SET hash = order_audit_row_hash(prev_hash, id, at, actor, action, order_id, reason, before, after) WHERE id = ${ids[2]}`);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: false, broken: { id: ids[3], kind: 'link_broken' } });

    // Restored, then the newest row removed: the head still names it.
    await tamper(`UPDATE order_audit_log SET reason = 'step 3' WHERE id = ${ids[2]}`);
    await tamper(`UPDATE order_audit_log SET hash = order_audit_row_hash(prev_hash, id, at, actor, action, order_id, reason, before, after) WHERE id = ${ids[2]}`);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true, rowsChecked: 5 });
    await tamper(`DELETE FROM order_audit_log WHERE id = ${ids[4]}`);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: false, complete: true, broken: { id: ids[4], kind: 'head_mismatch' } });

    // A row removed from the middle breaks the link of the one after it.
    await tamper(`DELETE FROM order_audit_log WHERE id = ${ids[1]}`);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: false, broken: { id: ids[2], kind: 'link_broken' } });
  });

  it('verifies incrementally from a cursor, a bounded number of rows at a time', async () => {
    for (let i = 1; i <= 7; i++) await append(i);
    const first = await verifyAuditChain(sql, { maxRows: 3, batch: 2 });
    expect(first).toMatchObject({ ok: true, complete: false, rowsChecked: 3 });
    const second = await verifyAuditChain(sql, { from: first.cursor, maxRows: 3 });
    expect(second).toMatchObject({ ok: true, complete: false, rowsChecked: 3 });
    const third = await verifyAuditChain(sql, { from: second.cursor, maxRows: 3 });
    expect(third).toMatchObject({ ok: true, complete: true, rowsChecked: 1, cursor: { lastId: third.head.lastId } });
    // A row changed behind the cursor is not seen incrementally, but is from the start.
    await tamper(`UPDATE order_audit_log SET reason = 'x' WHERE id = ${first.cursor.lastId}`);
    expect(await verifyAuditChain(sql, { from: third.cursor })).toMatchObject({ ok: true, rowsChecked: 0 });
    expect(await verifyAuditChain(sql, { from: AUDIT_CHAIN_START })).toMatchObject({ ok: false, broken: { id: first.cursor.lastId, kind: 'content_changed' } });
  });

  it('concurrent appenders (8 connections, as replicas would) still form one chain in id order', async () => {
    const writers = await Promise.all(Array.from({ length: 8 }, () => openOrdersDataSource(db.url)));
    try {
      await Promise.all(
        writers.map((w, k) =>
          (async () => {
            for (let i = 0; i < 20; i++) {
              await w.transaction(async (em) => {
                await appendAudit(em, at(i), { actor: `replica${k}`, action: 'order.status', reason: `r${k}-${i}`, after: { k, i } });
                if (i % 3 === 0) await appendAudit(em, at(i), { actor: `replica${k}`, action: 'order.fill', reason: `f${k}-${i}` });
              });
            }
          })(),
        ),
      );
    } finally {
      await Promise.all(writers.map((w) => w.destroy()));
    }
    const report = await verifyAuditChain(sql, { batch: 50 });
    expect(report).toMatchObject({ ok: true, complete: true, rowsChecked: 8 * (20 + 7), head: { rows: String(8 * 27) } });
  });

  it('a rolled-back append leaves no trace in the chain', async () => {
    await append(1);
    await expect(
      db.dataSource.transaction(async (em) => {
        await appendAudit(em, at(2), { actor: 'x', action: 'order.status' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await append(3);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true, rowsChecked: 2 });
  });
});

describe('chaining an audit log written before the chain existed (the migration)', () => {
  it('links the existing rows in id order and goes on from there', async () => {
    const db = await createTestDatabase('ibsc_orders');
    const old = new DataSource({ type: 'postgres', url: db.url, entities: ORDERS_ENTITIES, migrations: [OrdersSchema1763900000000, PendingIntents1764900000000], logging: false });
    try {
      await old.initialize();
      await old.runMigrations();
      for (let i = 0; i < 4; i++) {
        await old.query(`INSERT INTO order_audit_log (at, actor, action, reason, after) VALUES ($1, 'admin', 'risk.decision', $2, $3)`, [at(i), `old ${i}`, JSON.stringify({ i })]);
      }
      await old.destroy();
      const now = await openOrdersDataSource(db.url);
      expect((await now.runMigrations()).map((m) => m.name)).toEqual([ORDERS_MIGRATIONS[2].name]);
      await now.transaction((em) => appendAudit(em, at(9), { actor: 'admin', action: 'risk.decision', reason: 'new' }));
      const report = await verifyAuditChain((q, p) => now.query(q, p));
      expect(report).toMatchObject({ ok: true, complete: true, rowsChecked: 5, head: { rows: '5' } });
      const c = new Client({ connectionString: db.url });
      await c.connect();
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM order_audit_log WHERE hash IS NULL OR prev_hash IS NULL`);
      await c.end();
      expect(rows[0].n).toBe(0);
      await now.destroy();
    } finally {
      if (old.isInitialized) await old.destroy();
      await db.drop();
    }
  });
});
