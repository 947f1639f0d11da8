/**
 * Fidelity of the order flow as the real `@stoqey/ib` IBApi sees it over TCP: status sequences, executions per leg
 * and for the BAG, commission reports, whatIf, rejections and error codes, fills while the client is away.
 * The market is a FakeMarket with hand-set quotes and the clock a ManualClock, so every fill is deterministic.
 */
import { EventName, OrderAction, OrderType, SecType, TimeInForce, type Contract, type Order } from '@stoqey/ib';
import type { ManualClock } from '../clock';
import type { IbSimulator } from '../simulator';
import { connectTestClient, createTestMarket, sleep, startTestSimulator, waitUntil, type TestClient } from '../testing';
import { nearMoneyOption } from '../testing/contracts';
import { registerOrderHandlers } from './index';
import type { OrderEngine, OrderEngineConfigInput } from './order-types';
import { FakeMarket, optConId, SPY_CON_ID } from './testing/fake-market';

const spy: Contract = { conId: SPY_CON_ID, symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

const vertical = (buyStrike: number, sellStrike: number): Contract => ({
  symbol: 'SPY',
  secType: SecType.BAG,
  exchange: 'SMART',
  currency: 'USD',
  comboLegs: [
    { conId: optConId(buyStrike, 'C'), ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
    { conId: optConId(sellStrike, 'C'), ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
  ],
});

const lmt = (action: OrderAction, qty: number, price: number, extra: Partial<Order> = {}): Order => ({
  action,
  totalQuantity: qty,
  orderType: OrderType.LMT,
  lmtPrice: price,
  tif: 'DAY',
  transmit: true,
  ...extra,
});

describe('orders over TCP (IBApi)', () => {
  let sim: IbSimulator & { clock: ManualClock };
  let market: FakeMarket;
  let engine: OrderEngine;
  const clients: TestClient[] = [];

  async function start(config: OrderEngineConfigInput = {}): Promise<void> {
    market = new FakeMarket();
    market.setQuote(optConId(660, 'C'), 5, 5.2, false);
    market.setQuote(optConId(670, 'C'), 1, 1.1, false);
    sim = await startTestSimulator({
      market,
      orders: false,
      registerExtensions: (registry, ctx) => {
        engine = registerOrderHandlers(registry, {
          ...ctx,
          orderEngine: { ...config, fill: { midFillProbability: 1, partialFillProbability: 0, ...config.fill } },
        });
        return () => engine.dispose();
      },
    });
  }

  async function client(clientId: number): Promise<TestClient> {
    const c = await connectTestClient(sim.port, { clientId });
    clients.push(c);
    return c;
  }

  const statusSeq = (c: TestClient, id: number) =>
    c.log.named(EventName.orderStatus).filter((e) => e.args[0] === id).map((e) => [e.args[1], e.args[2], e.args[3]]);

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await sim.stop();
  });

  it('a stock limit: openOrder before orderStatus, PreSubmitted → Submitted → Filled, exec and commission, no 505', async () => {
    await start();
    const c = await client(1);
    const id = c.nextValidId;
    c.api.placeOrder(id, spy, lmt(OrderAction.BUY, 10, 666, { orderRef: 'fid-1' }));
    await c.log.waitForEvent(EventName.commissionReport);
    const flow = c.log.events
      .filter((e) => ['openOrder', 'orderStatus', 'execDetails', 'commissionReport'].includes(e.name))
      .map((e) => e.name);
    expect(flow).toEqual(['openOrder', 'orderStatus', 'openOrder', 'orderStatus', 'openOrder', 'orderStatus', 'execDetails', 'commissionReport']);
    expect(statusSeq(c, id)).toEqual([
      ['PreSubmitted', 0, 10],
      ['Submitted', 0, 10],
      ['Filled', 10, 0],
    ]);
    const filled = c.log.named(EventName.orderStatus).at(-1)?.args ?? [];
    expect(filled[4]).toBeCloseTo(665.01); // avgFillPrice
    expect(filled[5]).toBeGreaterThan(0); // permId
    expect(filled[7]).toBeCloseTo(665.01); // lastFillPrice
    expect(filled[8]).toBe(1); // clientId
    const [, , order] = c.log.named(EventName.openOrder)[0].args as [number, Contract, Order];
    expect(order).toMatchObject({ permId: filled[5], orderRef: 'fid-1', account: sim.accountId, clientId: 1 });
    expect(c.log.errors()).toEqual([]);
  });

  it('a BAG vertical: executions per leg and for the BAG, one commission report each, positions and account follow', async () => {
    await start();
    const c = await client(2);
    const id = c.nextValidId;
    c.api.reqPositions();
    await c.log.waitForEvent(EventName.positionEnd);
    c.api.placeOrder(id, vertical(660, 670), lmt(OrderAction.BUY, 2, 4.2));
    await waitUntil(() => c.log.named(EventName.commissionReport).length === 3 && c.log.named(EventName.position).length === 2);
    const execs = c.log.named(EventName.execDetails).map((e) => {
      const [reqId, contract, ex] = e.args as [number, Contract, { side: string; shares: number; price: number; orderId: number }];
      return [reqId, contract.secType, contract.conId, ex.side, ex.shares, ex.price, ex.orderId];
    });
    expect(execs).toEqual([
      [-1, 'OPT', optConId(660, 'C'), 'BOT', 2, 5.2, id],
      [-1, 'OPT', optConId(670, 'C'), 'SLD', 2, 1, id],
      [-1, 'BAG', 28812380, 'BOT', 2, 4.2, id],
    ]);
    const reports = c.log.named(EventName.commissionReport).map((e) => e.args[0] as { commission: number; execId: string });
    expect(reports.map((r) => r.commission)).toEqual([1.3, 1.3, 0]);
    const positions = c.log.named(EventName.position).map((e) => [(e.args[1] as Contract).conId, e.args[2], e.args[3]]);
    expect(positions).toEqual([
      [optConId(660, 'C'), 2, 520.65],
      [optConId(670, 'C'), -2, 99.35],
    ]);
    c.api.reqAccountSummary(77, 'All', 'NetLiquidation,InitMarginReq,AvailableFunds,ExcessLiquidity,MaintMarginReq,BuyingPower');
    await c.log.waitForEvent(EventName.accountSummaryEnd);
    const v = Object.fromEntries(c.log.named(EventName.accountSummary).map((e) => [e.args[2], Number(e.args[3])]));
    expect(v['InitMarginReq']).toBeCloseTo(810, 2); // the debit, marked at mid: (5.10 − 1.05) × 100 × 2
    expect(v['AvailableFunds']).toBeCloseTo(v['NetLiquidation'] - 810, 2);
    expect(c.log.errors()).toEqual([]);
  });

  it('partial fills: a Submitted status with filled/remaining on each slice, then Filled', async () => {
    await start({ fill: { partialFillProbability: 1, partialFillIntervalMs: 1000 } });
    const c = await client(3);
    const id = c.nextValidId;
    c.api.placeOrder(id, vertical(660, 670), lmt(OrderAction.BUY, 4, 4.2));
    await c.log.waitForEvent(EventName.execDetails);
    for (let i = 0; i < 6 && statusSeq(c, id).at(-1)?.[0] !== 'Filled'; i++) {
      sim.clock.advance(1000);
      await sleep(30);
    }
    await waitUntil(() => statusSeq(c, id).at(-1)?.[0] === 'Filled', 3000, 'Filled');
    const fills = statusSeq(c, id).slice(2);
    expect(fills.length).toBeGreaterThan(1);
    fills.slice(0, -1).forEach(([status, filled, remaining]) => {
      expect(status).toBe('Submitted');
      expect((filled as number) + (remaining as number)).toBe(4);
    });
    await waitUntil(() => c.log.named(EventName.commissionReport).length === c.log.named(EventName.execDetails).length);
    const bag = c.log.named(EventName.execDetails).filter((e) => (e.args[1] as Contract).secType === 'BAG');
    expect(bag.length).toBe(fills.length);
    expect(bag.map((e) => (e.args[2] as { cumQty: number }).cumQty).at(-1)).toBe(4);
  });

  it('a limit between mid and natural fills after the configured delay (ManualClock)', async () => {
    await start({ fill: { midFillDelayMs: 5000 } });
    const c = await client(4);
    const id = c.nextValidId;
    c.api.placeOrder(id, vertical(660, 670), lmt(OrderAction.BUY, 1, 4.1));
    await waitUntil(() => statusSeq(c, id).length === 2);
    sim.clock.advance(4999);
    await sleep(50);
    expect(statusSeq(c, id).map((s) => s[0])).toEqual(['PreSubmitted', 'Submitted']);
    sim.clock.advance(1);
    await waitUntil(() => statusSeq(c, id).at(-1)?.[0] === 'Filled');
    expect(c.log.named(EventName.orderStatus).at(-1)?.args[4]).toBeCloseTo(4.1);
  });

  it('whatIf: one openOrder with margin and commission, no orderStatus, nothing working', async () => {
    await start();
    const c = await client(5);
    const id = c.nextValidId;
    // credit call vertical: sell 660C, buy 670C as a BUY BAG at −4.05
    c.api.placeOrder(id, vertical(670, 660), lmt(OrderAction.BUY, 1, -4.05, { whatIf: true }));
    const [, , order, state] = (await c.log.waitForEvent(EventName.openOrder)) as [number, Contract, Order, Record<string, unknown>];
    expect(order.whatIf).toBe(true);
    expect(state.initMarginChange).toBeCloseTo(1000 - 405, 0);
    expect(state.initMarginBefore).toBe(0);
    expect(state.commission).toBe(1.3);
    expect(state.minCommission).toBe(1.3);
    expect(state.maxCommission).toBe(1.3);
    expect(state.commissionCurrency).toBe('USD');
    c.api.reqOpenOrders();
    await c.log.waitForEvent(EventName.openOrderEnd);
    expect(c.log.named(EventName.orderStatus)).toEqual([]);
    expect(c.log.named(EventName.openOrder)).toHaveLength(1);
  });

  it('errors at the right moment: 201 unknown leg, 201 reject-next fault, cancel → Cancelled + 202, 10147, 10148', async () => {
    await start();
    const c = await client(6);
    let id = c.nextValidId;
    const bad: Contract = { ...vertical(660, 670), comboLegs: [{ conId: 4242, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' }] };
    c.api.placeOrder(id, bad, lmt(OrderAction.BUY, 1, 1));
    expect((await c.log.waitForError(201, id)).message).toBe('Order rejected - reason:Invalid combo leg: no security definition for conId 4242.');

    sim.faults.rejectNextOrder('Simulated rejection');
    c.api.placeOrder(++id, spy, lmt(OrderAction.BUY, 1, 600));
    expect((await c.log.waitForError(201, id)).message).toBe('Order rejected - reason:Simulated rejection');

    c.api.placeOrder(++id, spy, lmt(OrderAction.BUY, 1, 600));
    await waitUntil(() => statusSeq(c, id).length === 2);
    c.api.cancelOrder(id);
    const cancelled = await c.log.waitForError(202, id);
    expect(cancelled.message).toBe('Order Canceled - reason:');
    expect(statusSeq(c, id).at(-1)).toEqual(['Cancelled', 0, 0]);
    const statusIdx = c.log.events.findIndex((e) => e.name === EventName.orderStatus && e.args[0] === id && e.args[1] === 'Cancelled');
    const errIdx = c.log.events.findIndex((e) => e.name === EventName.error && e.args[1] === 202);
    expect(statusIdx).toBeLessThan(errIdx);

    c.api.cancelOrder(999_999);
    await c.log.waitForError(10147, 999_999);
    c.api.placeOrder(++id, spy, lmt(OrderAction.BUY, 1, 700));
    await waitUntil(() => statusSeq(c, id).at(-1)?.[0] === 'Filled');
    c.api.cancelOrder(id);
    expect((await c.log.waitForError(10148, id)).message).toBe(`OrderId ${id} that needs to be cancelled cannot be cancelled, state: Filled.`);
  });

  it('fills while the client is away are found through reqExecutions after it reconnects', async () => {
    await start();
    const c = await client(7);
    const id = c.nextValidId;
    c.api.placeOrder(id, vertical(660, 670), lmt(OrderAction.BUY, 1, 4.0));
    c.api.placeOrder(id + 1, spy, lmt(OrderAction.BUY, 1, 600, { tif: 'GTC' }));
    await waitUntil(() => statusSeq(c, id + 1).length === 2);
    await clients.splice(0)[0].close();
    await waitUntil(() => sim.clientCount() === 0);
    market.setQuote(optConId(660, 'C'), 4.8, 5.0); // natural 4.00: the order fills with nobody listening
    expect(engine.order(7, id)?.status).toBe('Filled');

    const back = await client(7);
    back.api.reqExecutions(11, {});
    await back.log.waitForEvent(EventName.execDetailsEnd);
    expect(back.log.named(EventName.execDetails).map((e) => [e.args[0], (e.args[1] as Contract).secType])).toEqual([
      [11, 'OPT'],
      [11, 'OPT'],
      [11, 'BAG'],
    ]);
    expect(back.log.named(EventName.commissionReport)).toHaveLength(3);
    back.api.reqOpenOrders();
    await back.log.waitForEvent(EventName.openOrderEnd);
    expect(back.log.named(EventName.openOrder).map((e) => e.args[0])).toEqual([id + 1]);
    expect(back.log.named(EventName.orderStatus).map((e) => e.args[1])).toEqual(['Submitted']);
  });

  it('after a nextValidId rollback, a reused id of a filled order gets 104 and permIds stay unique', async () => {
    await start();
    const c = await client(8);
    const first = c.nextValidId;
    c.api.placeOrder(first, spy, lmt(OrderAction.BUY, 1, 700));
    await waitUntil(() => statusSeq(c, first).at(-1)?.[0] === 'Filled');
    sim.faults.rollbackNextValidId(first);
    c.api.reqIds(1);
    await c.log.waitFor((e) => e.name === EventName.nextValidId && c.log.named(EventName.nextValidId).length === 2);
    expect(c.log.named(EventName.nextValidId)[1].args[0]).toBe(first);
    c.api.placeOrder(first, spy, lmt(OrderAction.BUY, 1, 600));
    expect((await c.log.waitForError(104, first)).message).toBe('Cannot modify a filled order.');
    c.api.placeOrder(first + 1, spy, lmt(OrderAction.BUY, 1, 600));
    await waitUntil(() => statusSeq(c, first + 1).length === 2);
    const permIds = engine.orders().map((o) => o.permId);
    expect(new Set(permIds).size).toBe(2);
  });

  it('a take-profit LMT and a protective STP in one OCA group: the stop rests PreSubmitted, triggers, fills; the take-profit is cancelled', async () => {
    await start();
    const c = await client(10);
    const tp = c.nextValidId;
    const stop = tp + 1;
    const oca: Partial<Order> = { ocaGroup: 'oca-ibsc-1', ocaType: 1, tif: TimeInForce.GTC, orderRef: 'ibsc-1' };
    // combo 660/670 call: bid 3.90, ask 4.20; the take-profit rests above the mid, the stop below the bid
    c.api.placeOrder(tp, vertical(660, 670), lmt(OrderAction.SELL, 1, 4.6, oca));
    c.api.placeOrder(stop, vertical(660, 670), { action: OrderAction.SELL, totalQuantity: 1, orderType: OrderType.STP, auxPrice: 3.5, transmit: true, ...oca });
    await waitUntil(() => statusSeq(c, stop).length === 1 && statusSeq(c, tp).length === 2, 3000, 'both working');
    sim.clock.advance(10_000);
    await sleep(50);
    expect(statusSeq(c, stop)).toEqual([['PreSubmitted', 0, 1]]);
    expect(statusSeq(c, tp).map((x) => x[0])).toEqual(['PreSubmitted', 'Submitted']);
    const [, , stopOrder] = c.log.named(EventName.openOrder).find((e) => e.args[0] === stop)!.args as [number, Contract, Order];
    expect(stopOrder).toMatchObject({ orderType: 'STP', auxPrice: 3.5, ocaGroup: 'oca-ibsc-1', ocaType: 1, tif: 'GTC' });

    market.setQuote(optConId(660, 'C'), 4.6, 4.8); // combo bid 3.50: the stop's trigger is touched
    await waitUntil(() => statusSeq(c, tp).at(-1)?.[0] === 'Cancelled', 3000, 'take-profit cancelled');
    expect(statusSeq(c, stop)).toEqual([
      ['PreSubmitted', 0, 1],
      ['Submitted', 0, 1],
      ['Filled', 1, 0],
    ]);
    await waitUntil(() => c.log.named(EventName.commissionReport).length === 3, 3000, 'commission reports');
    const bag = c.log.named(EventName.execDetails).find((e) => (e.args[1] as Contract).secType === 'BAG')!.args[2] as { side: string; price: number; orderId: number };
    expect(bag).toMatchObject({ side: 'SLD', price: 3.5, orderId: stop });
    expect(c.log.errors().map((e) => [e.code, e.reqId])).toEqual([[202, tp]]);
    expect(engine.order(10, tp)?.status).toBe('Cancelled');
  });

  it('a stop without auxPrice is rejected with 201; against the real market model a SELL stop triggers on a drop and fills', async () => {
    const shared = createTestMarket(5);
    sim = await startTestSimulator({ ...shared });
    try {
      const c = await client(11);
      const long = nearMoneyOption(sim.market, 'SPY', 'C');
      const short = sim.market.findContracts({ secType: 'OPT', symbol: 'SPY', expiry: long.expiry, strike: long.strike + 5, right: 'C' })[0];
      const combo: Contract = {
        symbol: 'SPY',
        secType: SecType.BAG,
        exchange: 'SMART',
        currency: 'USD',
        comboLegs: [
          { conId: long.conId, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
          { conId: short.conId, ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
        ],
      };
      const id = c.nextValidId;
      c.api.placeOrder(id, combo, { action: OrderAction.SELL, totalQuantity: 1, orderType: OrderType.STP, tif: TimeInForce.GTC, transmit: true });
      expect((await c.log.waitForError(201, id)).message).toBe('Order rejected - reason:Stop price (auxPrice) is missing for a STP order.');

      const bid = Math.round((sim.market.quote(long.conId).bid - sim.market.quote(short.conId).ask) * 100) / 100;
      const trigger = Math.round((bid - 0.3) * 100) / 100;
      c.api.placeOrder(id + 1, combo, { action: OrderAction.SELL, totalQuantity: 1, orderType: OrderType.STP, auxPrice: trigger, tif: TimeInForce.GTC, transmit: true });
      await waitUntil(() => statusSeq(c, id + 1).length === 1, 3000, 'stop accepted');
      sim.clock.advance(1_000);
      await sleep(30);
      expect(statusSeq(c, id + 1).map((x) => x[0])).toEqual(['PreSubmitted']);
      sim.market.jump('SPY', -0.03);
      sim.clock.advance(1_000); // the model announces the underlying; option orders are re-evaluated on the 1 s timer
      await waitUntil(() => statusSeq(c, id + 1).at(-1)?.[0] === 'Filled', 3000, 'stop filled');
      expect(statusSeq(c, id + 1).map((x) => x[0])).toEqual(['PreSubmitted', 'Submitted', 'Filled']);
      const filled = c.log.named(EventName.orderStatus).filter((e) => e.args[0] === id + 1).at(-1)!.args;
      expect(filled[4] as number).toBeLessThanOrEqual(trigger); // avgFillPrice: the combo bid after the drop
      await waitUntil(() => c.log.named(EventName.commissionReport).length === 3, 3000, 'three commission reports');
    } finally {
      await sim.stop();
      shared.market.dispose();
    }
  });

  it('loads by default in startSimulator and fills a BAG against the real market model at its natural', async () => {
    const shared = createTestMarket();
    sim = await startTestSimulator({ ...shared });
    try {
      const real = sim.orders as OrderEngine;
      expect(typeof real.orders).toBe('function');
      const c = await client(9);
      const long = nearMoneyOption(sim.market, 'QQQ', 'C');
      const short = sim.market
        .findContracts({ secType: 'OPT', symbol: 'QQQ', expiry: long.expiry, right: 'C' })
        .filter((o) => o.secType === 'OPT' && o.strike > long.strike)
        .sort((a, b) => (a.secType === 'OPT' && b.secType === 'OPT' ? a.strike - b.strike : 0))[0];
      const combo: Contract = {
        symbol: 'QQQ',
        secType: SecType.BAG,
        exchange: 'SMART',
        currency: 'USD',
        comboLegs: [
          { conId: long.conId, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
          { conId: short.conId, ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
        ],
      };
      const natural = sim.market.quote(long.conId).ask - sim.market.quote(short.conId).bid;
      c.api.placeOrder(c.nextValidId, combo, lmt(OrderAction.BUY, 1, Math.round((natural + 0.5) * 100) / 100));
      await waitUntil(() => c.log.named(EventName.commissionReport).length === 3, 3000, 'three commission reports');
      expect(c.log.named(EventName.orderStatus).at(-1)?.args[1]).toBe('Filled');
      expect(c.log.errors()).toEqual([]);
    } finally {
      await sim.stop();
      shared.market.dispose();
    }
  });
});
