/**
 * Position reconciliation against the simulated gateway over TCP (issue 15, item 3): a spread filled through the
 * engine, then the simulator's paper account drifts behind the product's back (legs closed "in TWS", a foreign
 * position opened) through its in-process API; the next pass records the difference, the audit row, the metric,
 * the positions view's drift and the gateway's truth for the open-spread count.
 */
import { createTestMarket, nearMoneyOption, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, drive, settleOnClock } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { PlaceOrderDto } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { marketableTicket } from '../../testing/marketable-ticket';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from '../engine/orders-engine';

// One open spread per underlying: the preview's risk check shows which count the guard uses.
const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 1, maxLegSpreadPctOfWidth: 1000, maxUnderlyingMovePct: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null, positionsReconcileSec: 60 };

describe('position reconciliation with the gateway (simulator over TCP, manual clock, real PostgreSQL)', () => {
  const { clock, market } = createTestMarket(12);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let rt: IbkrRuntime;
  let engine: OrdersEngine;
  const registry = new Registry();

  const settle = <T>(p: Promise<T>, maxMs = 60_000): Promise<T> => settleOnClock(clock, p, maxMs);

  const metric = async (name: string) => Number(new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(await registry.metrics())?.[1]);
  const auditRows = async () =>
    (await db.dataSource.query(`SELECT reason, after FROM order_audit_log WHERE action = 'reconcile.positions' ORDER BY id`)) as Array<{ reason: string; after: { differences: Array<{ conId: number; kind: string; expected: number; gateway: number }> } }>;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 0 } } });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 9 });
    engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: CONFIG, registry, absentGraceMs: 10_000 });
    engine.start();
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
    await settle(engine.reconcileNow());
  });
  afterAll(async () => {
    engine.stop();
    await rt.stop();
    await sim.stop();
    await db.drop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('records legs closed outside the product and foreign legs: audit row, metric, positions view, risk count', async () => {
    // a bull put on SPY, filled through the product
    const o = nearMoneyOption(sim.market, 'SPY', 'P');
    const dto = {
      underlying: 'SPY',
      legs: [
        { expiry: o.expiry, strike: o.strike, right: 'P', action: 'BUY' },
        { expiry: o.expiry, strike: o.strike + 5, right: 'P', action: 'SELL' },
      ],
      quantity: 2,
      orderType: 'LMT',
      priceMode: 'natural',
    } as PlaceOrderDto;
    const { order } = await settle(engine.place(await marketableTicket(engine, dto, settle), 'position-drift-1', 'trader1'));
    await driveUntil(clock, () => (sim.orders?.positions() ?? []).filter((p) => p.position !== 0).length === 2, { what: 'the spread filled at the gateway', stepMs: 50, maxMs: 120_000 });
    let v = await engine.view(order.id);
    for (let i = 0; i < 200 && !(v.status === 'filled' && engine.feed.backlog() === 0); i++) {
      await drive(clock, 250, 50);
      v = await engine.view(order.id);
    }
    expect(v.status).toBe('filled');

    // in agreement: no difference, no audit row, the risk count is the database's
    await settle(engine.reconcilePositions());
    expect(engine.positionReconciliation.latest()?.differences).toEqual([]);
    expect(await auditRows()).toHaveLength(0);
    expect(await metric('ibkr_positions_drift')).toBe(0);
    expect((await settle(engine.portfolio.risk())).openByUnderlying['SPY']).toBe(1);
    const openCheck = async () => (await settle(engine.preview(dto))).risk.find((r) => r.rule === 'max_open_per_underlying');
    expect(await openCheck()).toMatchObject({ passed: false, actual: 2 });

    // the account drifts: both legs closed in TWS, and 3 QQQ options bought there
    const [buy, sell] = v.legs.map((l) => l.conId as number);
    const account = sim.orders!;
    expect(account.adjustPosition(buy, -2)).toBe(true);
    expect(account.adjustPosition(sell, 2)).toBe(true);
    const foreign = sim.market.findContracts({ secType: 'OPT', symbol: 'QQQ' })[0].conId;
    expect(account.adjustPosition(foreign, 3)).toBe(true);

    // the periodic pass (every 60 s of clock) finds it
    await driveUntil(clock, () => (engine.positionReconciliation.latest()?.differences.length ?? 0) > 0, { what: 'drift detected by the periodic pass', stepMs: 1_000, maxMs: 90_000 });
    await settle(engine.reconcilePositions());
    const drift = engine.positionReconciliation.latest()!;
    expect(drift.differences.map((d) => [d.conId, d.kind, d.expected, d.gateway])).toEqual(
      expect.arrayContaining([
        [buy, 'closed-outside', 2, 0],
        [sell, 'closed-outside', -2, 0],
        [foreign, 'foreign', 0, 3],
      ]),
    );
    expect(drift.differences).toHaveLength(3);
    expect(drift.differences.find((d) => d.conId === buy)?.positionKeys).toEqual([v.positionKey]);
    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    expect(rows[0].reason).toContain('3 leg positions differ');
    expect(rows[0].after.differences).toHaveLength(3);
    expect(await metric('ibkr_positions_drift')).toBe(3);
    expect(await metric('ibkr_positions_differences_total{kind="closed-outside"}')).toBe(2);
    expect(await metric('ibkr_positions_differences_total{kind="foreign"}')).toBe(1);

    // shown on the positions view; the risk guard counts the gateway's truth
    const view = await settle(engine.portfolio.view());
    expect(view.drift?.differences).toHaveLength(3);
    expect((await settle(engine.portfolio.risk())).openByUnderlying['SPY']).toBeUndefined();
    expect(engine.positionReconciliation.openOnUnderlying('QQQ', 0)).toBe(1);
    // the guard counts the gateway's truth: the spread closed in TWS no longer blocks a new one on SPY
    expect(await openCheck()).toMatchObject({ passed: true, actual: 1 });

    // the same drift again: no second audit row; fixed at the gateway: one row saying they agree again
    await settle(engine.reconcilePositions());
    expect(await auditRows()).toHaveLength(1);
    account.adjustPosition(buy, 2);
    account.adjustPosition(sell, -2);
    account.adjustPosition(foreign, -3);
    await settle(engine.reconcilePositions());
    expect(engine.positionReconciliation.latest()?.differences).toEqual([]);
    const after = await auditRows();
    expect(after).toHaveLength(2);
    expect(after[1].reason).toContain('agree again');
    expect((await settle(engine.portfolio.risk())).openByUnderlying['SPY']).toBe(1);
  });
});
