import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { KillSwitchService } from '../risk/kill-switch.service';
import { appendAudit } from './audit-log';

describe('audit log and kill switch (real PostgreSQL)', () => {
  let db: OrdersTestDatabase;
  let t = Date.parse('2026-11-23T15:00:00Z');
  const now = () => new Date(t);

  beforeAll(async () => {
    db = await createOrdersTestDatabase();
  });
  afterAll(() => db.drop());

  it('the audit log is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await db.dataSource.transaction((em) => appendAudit(em, now(), { actor: 'admin', action: 'risk.decision', reason: 'test', after: { a: 1 } }));
    await expect(db.dataSource.query(`UPDATE order_audit_log SET reason = 'rewritten'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.dataSource.query(`DELETE FROM order_audit_log`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.dataSource.query(`TRUNCATE order_audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const rows = await db.dataSource.query(`SELECT reason FROM order_audit_log`);
    expect(rows).toEqual([{ reason: 'test' }]);
  });

  it('the kill switch persists across restarts until an admin resets it, each change audited', async () => {
    const ks = new KillSwitchService(db.dataSource, now);
    expect((await ks.state()).tripped).toBe(false);
    await ks.trip('system', "daily_loss_limit: today's P&L -2100 reached the daily loss limit −2000");
    t += 60_000;
    await ks.trip('system', 'again'); // keeps the first reason
    // A "restart": a new service over the same database.
    const after = new KillSwitchService(db.dataSource, now);
    expect(await after.state()).toEqual({ tripped: true, reason: "daily_loss_limit: today's P&L -2100 reached the daily loss limit −2000", trippedAt: new Date('2026-11-23T15:00:00Z') });
    const reset = await after.reset('admin', 'reviewed the losses');
    expect(reset).toMatchObject({ tripped: false, resetBy: 'admin' });
    const audit = await db.dataSource.query(`SELECT actor, action, reason FROM order_audit_log WHERE action LIKE 'kill_switch.%' ORDER BY id`);
    expect(audit).toEqual([
      { actor: 'system', action: 'kill_switch.tripped', reason: "daily_loss_limit: today's P&L -2100 reached the daily loss limit −2000" },
      { actor: 'admin', action: 'kill_switch.reset', reason: 'reviewed the losses' },
    ]);
  });

  it('there is exactly one kill switch row', async () => {
    await expect(db.dataSource.query(`INSERT INTO risk_kill_switch (id, tripped) VALUES (2, false)`)).rejects.toThrow(/check constraint/);
  });
});
