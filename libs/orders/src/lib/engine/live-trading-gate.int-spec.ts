/**
 * The live-trading gate against a simulator that reports a live account (TCP, real connection layer, real
 * PostgreSQL): ACCOUNT_TYPE and LIVE_TRADING_CONFIRM decide whether anything may be transmitted.
 */
import { createTestMarket, startTestSimulator, nearMoneyOption } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil } from '@ibsc/ibkr/testing';
import type { IbkrRuntime } from '@ibsc/ibkr';
import type { OrderView, PlaceOrderDto, PreviewOrderDto } from '@ibsc/shared-dto';
import { Registry } from 'prom-client';
import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from '../risk/orders-config';
import { OrdersEngine } from './orders-engine';
import { OrdersError } from '../orders-error';

const CONFIG: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, maxOpenPerUnderlying: 100, maxContracts: 50, maxLossPerTrade: 100_000, liveTradingConfirm: null };

describe('live trading gate (a simulator reporting a live account)', () => {
  const { clock, market } = createTestMarket(12);
  let sim: IbSimulator & { clock: ManualClock };
  let db: OrdersTestDatabase;
  let rt: IbkrRuntime;

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, accountId: 'U7654321' });
    db = await createOrdersTestDatabase();
    rt = createTestRuntime(sim.port, clock, { clientId: 9 });
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
  });
  afterAll(async () => {
    await rt.stop();
    await sim.stop();
    await db.drop();
  });

  async function previewWith(config: Partial<OrdersConfig>) {
    const engine = new OrdersEngine({ db: db.dataSource, ibkr: rt, config: { ...CONFIG, ...config }, registry: new Registry() });
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const dto = { spreadId: `SPY|${o.expiry}|bull-call|${o.strike + 5}/${o.strike}`, quantity: 1, orderType: 'LMT', priceMode: 'mid' } as PreviewOrderDto;
    let done = false;
    const p = engine.preview(dto).finally(() => (done = true));
    await driveUntil(clock, () => done, { maxMs: 30_000, stepMs: 25 });
    const placed = engine.place(dto as PlaceOrderDto, `live-key-${Math.random().toString(36).slice(2, 10)}`, 'trader1').catch((e: unknown) => e);
    let placedDone = false;
    void placed.finally(() => (placedDone = true));
    await driveUntil(clock, () => placedDone, { maxMs: 30_000, stepMs: 25 });
    engine.stop();
    return { preview: await p, placed: await placed };
  }

  it('ACCOUNT_TYPE=live without LIVE_TRADING_CONFIRM: refused, naming the account', async () => {
    const { preview, placed } = await previewWith({ accountType: 'live', liveTradingConfirm: null });
    expect(preview.risk.find((r) => r.rule === 'live_trading_gate')).toMatchObject({ passed: false, message: 'live trading needs LIVE_TRADING_CONFIRM=U7654321; it is unset' });
    expect((placed as OrdersError).status).toBe(422);
    expect(sim.orders!.orders()).toHaveLength(0);
  });

  it('ACCOUNT_TYPE=paper against a live account: refused', async () => {
    const { preview } = await previewWith({ accountType: 'paper' });
    expect(preview.risk.find((r) => r.rule === 'live_trading_gate')?.message).toBe('ACCOUNT_TYPE=paper but the gateway reports live account U7654321');
  });

  it('with LIVE_TRADING_CONFIRM equal to the reported account: allowed (spreadId from the scanner)', async () => {
    const { preview, placed } = await previewWith({ accountType: 'live', liveTradingConfirm: 'U7654321' });
    expect(preview.allowed).toBe(true);
    expect(preview.spreadType).toBe('bull-call');
    expect((placed as { order: OrderView }).order.status).toBe('pending_submit');
  });
});
