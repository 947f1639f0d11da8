import { OrderAction, OrderType, SecType, type Contract, type Order } from '@stoqey/ib';
import { createHarness, type Harness, type MemorySession } from './testing/harness';
import { optConId, SPY_CON_ID } from './testing/fake-market';
import type { DecodedEvent } from './testing/stoqey-codec';

const spy: Contract = { conId: SPY_CON_ID, symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

/** BUY 1 = buy the 660 call, sell the 670 call (a debit call vertical). */
function callVertical(longStrike = 660, shortStrike = 670): Contract {
  return {
    symbol: 'SPY',
    secType: SecType.BAG,
    exchange: 'SMART',
    currency: 'USD',
    comboLegs: [
      { conId: optConId(longStrike, 'C'), ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
      { conId: optConId(shortStrike, 'C'), ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
    ],
  };
}

const lmt = (action: OrderAction, qty: number, price: number, extra: Partial<Order> = {}): Order => ({
  action,
  totalQuantity: qty,
  orderType: OrderType.LMT,
  lmtPrice: price,
  tif: 'DAY',
  ...extra,
});

const names = (ev: DecodedEvent[]) => ev.map((e) => e.name);
const statuses = (ev: DecodedEvent[]) =>
  ev.filter((e) => e.name === 'orderStatus').map((e) => ({ status: e.args[1], filled: e.args[2], remaining: e.args[3] }));
const errors = (ev: DecodedEvent[]) => ev.filter((e) => e.name === 'error').map((e) => ({ code: e.args[1], id: e.args[2], text: e.args[0] }));

let h: Harness;
let s: MemorySession;

function place(id: number, contract: Contract, order: Order, session: MemorySession = s) {
  h.request(session, (e) => e.placeOrder(id, contract, order));
  return session.take();
}

beforeEach(() => {
  h = createHarness({ fill: { midFillProbability: 1, partialFillProbability: 0 } });
  s = h.connect(7);
  // 660C 5.00/5.20, 670C 1.00/1.10 → BUY combo: bid 3.90, ask 4.20, mid 4.05
  h.market.setQuote(optConId(660, 'C'), 5, 5.2, false);
  h.market.setQuote(optConId(670, 'C'), 1, 1.1, false);
});

afterEach(() => h.engine.dispose());

describe('status sequence', () => {
  it('a marketable stock limit: PreSubmitted → Submitted → Filled, openOrder first, one permId, exec + commission', () => {
    const ev = place(1000, spy, lmt(OrderAction.BUY, 10, 666, { orderRef: 'ref-1' }));
    expect(names(ev)).toEqual([
      'openOrder',
      'orderStatus',
      'openOrder',
      'orderStatus',
      'openOrder',
      'orderStatus',
      'execDetails',
      'commissionReport',
    ]);
    expect(statuses(ev)).toEqual([
      { status: 'PreSubmitted', filled: 0, remaining: 10 },
      { status: 'Submitted', filled: 0, remaining: 10 },
      { status: 'Filled', filled: 10, remaining: 0 },
    ]);
    const permIds = new Set(ev.filter((e) => e.name === 'orderStatus').map((e) => e.args[5]));
    expect(permIds.size).toBe(1);
    const permId = [...permIds][0] as number;
    expect(permId).toBeGreaterThan(0);
    const oo = ev.find((e) => e.name === 'openOrder');
    expect((oo?.args[2] as Order).permId).toBe(permId);
    const filled = ev.filter((e) => e.name === 'orderStatus')[2];
    expect(filled.args[4]).toBeCloseTo(665.01); // avgFillPrice at the ask (the natural)
    const exec = ev.find((e) => e.name === 'execDetails');
    expect(exec?.args[0]).toBe(-1);
    expect(exec?.args[2]).toMatchObject({ side: 'BOT', shares: 10, price: 665.01, permId, orderRef: 'ref-1', cumQty: 10 });
    const cr = ev.find((e) => e.name === 'commissionReport');
    expect(cr?.args[0]).toMatchObject({ execId: (exec?.args[2] as { execId: string }).execId, commission: 1, currency: 'USD' });
  });

  it('a BAG at the natural fills with one execution per leg plus the BAG, each with a commission report', () => {
    const ev = place(1001, callVertical(), lmt(OrderAction.BUY, 2, 4.2));
    const execs = ev.filter((e) => e.name === 'execDetails').map((e) => ({
      contract: e.args[1] as Contract,
      exec: e.args[2] as { side: string; shares: number; price: number; execId: string },
    }));
    expect(execs.map((x) => [x.contract.secType, x.contract.conId, x.exec.side, x.exec.shares, x.exec.price])).toEqual([
      ['OPT', optConId(660, 'C'), 'BOT', 2, 5.2],
      ['OPT', optConId(670, 'C'), 'SLD', 2, 1],
      ['BAG', 28812380, 'BOT', 2, 4.2],
    ]);
    const reports = ev.filter((e) => e.name === 'commissionReport').map((e) => e.args[0] as { execId: string; commission: number });
    expect(reports.map((r) => r.execId)).toEqual(execs.map((x) => x.exec.execId));
    expect(reports.map((r) => r.commission)).toEqual([1.3, 1.3, 0]);
    expect(statuses(ev).at(-1)).toEqual({ status: 'Filled', filled: 2, remaining: 0 });
    const oo = ev.find((e) => e.name === 'openOrder');
    expect((oo?.args[1] as Contract).comboLegs?.map((l) => l.conId)).toEqual([optConId(660, 'C'), optConId(670, 'C')]);
  });

  it('a limit between mid and natural fills at the limit after the delay, leg prices adding up to it', () => {
    const ev = place(1002, callVertical(), lmt(OrderAction.BUY, 1, 4.1));
    expect(statuses(ev).map((x) => x.status)).toEqual(['PreSubmitted', 'Submitted']);
    h.clock.advance(2_999);
    expect(s.take()).toEqual([]);
    h.clock.advance(1);
    const fill = s.take();
    expect(statuses(fill)).toEqual([{ status: 'Filled', filled: 1, remaining: 0 }]);
    const prices = fill.filter((e) => e.name === 'execDetails').map((e) => (e.args[2] as { price: number }).price);
    expect(prices[0] - prices[1]).toBeCloseTo(4.1, 6);
    expect(prices[2]).toBe(4.1);
    expect(prices[0]).toBeGreaterThanOrEqual(5);
    expect(prices[0]).toBeLessThanOrEqual(5.2);
  });

  it('a limit below mid rests until the market comes to it (market.onChange)', () => {
    place(1003, callVertical(), lmt(OrderAction.BUY, 1, 3.95));
    h.clock.advance(60_000);
    expect(statuses(s.take())).toEqual([]);
    h.market.setQuote(optConId(660, 'C'), 4.8, 4.95);
    const ev = s.take();
    expect(statuses(ev)).toEqual([{ status: 'Filled', filled: 1, remaining: 0 }]);
    expect(ev.filter((e) => e.name === 'orderStatus')[0].args[4]).toBeCloseTo(3.95); // natural: 660C ask 4.95 − 670C bid 1.00
  });

  it('partial fills: a status on every slice, executions adding up to the quantity', () => {
    h.engine.dispose();
    h = createHarness({ fill: { partialFillProbability: 1, partialFillIntervalMs: 1_000 } });
    s = h.connect(7);
    h.market.setQuote(optConId(660, 'C'), 5, 5.2, false);
    h.market.setQuote(optConId(670, 'C'), 1, 1.1, false);
    let ev = place(1004, callVertical(), lmt(OrderAction.BUY, 5, 4.2));
    for (let i = 0; i < 10; i++) {
      h.clock.advance(1_000);
      ev = ev.concat(s.take());
    }
    const st = statuses(ev).slice(2);
    expect(st.length).toBeGreaterThan(1);
    expect(st.at(-1)).toEqual({ status: 'Filled', filled: 5, remaining: 0 });
    st.slice(0, -1).forEach((x) => expect(x.status).toBe('Submitted'));
    for (const x of st) expect((x.filled as number) + (x.remaining as number)).toBe(5);
    const bagShares = ev
      .filter((e) => e.name === 'execDetails' && (e.args[1] as Contract).secType === 'BAG')
      .map((e) => (e.args[2] as { shares: number }).shares);
    expect(bagShares.reduce((a, b) => a + b, 0)).toBe(5);
    expect(bagShares.length).toBe(st.length);
    const commissions = ev.filter((e) => e.name === 'commissionReport').length;
    expect(commissions).toBe(ev.filter((e) => e.name === 'execDetails').length);
  });

  it('a market order fills at the natural', () => {
    const ev = place(1005, spy, { action: OrderAction.SELL, totalQuantity: 5, orderType: OrderType.MKT });
    expect(statuses(ev).at(-1)).toEqual({ status: 'Filled', filled: 5, remaining: 0 });
    expect((ev.find((e) => e.name === 'execDetails')?.args[2] as { price: number; side: string }).price).toBe(664.99);
  });
});

describe('whatIf', () => {
  it('answers with one openOrder carrying margin and commission, no orderStatus, no order', () => {
    h.market.setQuote(optConId(670, 'C'), 1, 1.1, false);
    // SELL the 660/670 call vertical for a credit: BUY 670C, SELL 660C → combo bid −4.20, ask −3.90; SELL at −4.05
    const ev = place(1010, callVertical(670, 660), lmt(OrderAction.BUY, 2, -4.05, { whatIf: true }));
    expect(names(ev)).toEqual(['openOrder']);
    const [, , order, state] = ev[0].args as [number, Contract, Order, Record<string, number | string>];
    expect(order.whatIf).toBe(true);
    // credit vertical: width × 100 × qty − credit = 10 × 100 × 2 − 4.05 × 100 × 2 = 1190
    expect(state.initMarginChange).toBeCloseTo(1190, 0);
    expect(state.initMarginBefore).toBe(0);
    expect(state.commission).toBe(2.6);
    expect(state.commissionCurrency).toBe('USD');
    expect(h.engine.orders()).toEqual([]);
  });

  it('a debit vertical needs the debit', () => {
    const ev = place(1011, callVertical(), lmt(OrderAction.BUY, 1, 4.05, { whatIf: true }));
    const state = ev[0].args[3] as Record<string, number>;
    expect(state.initMarginChange).toBeCloseTo(405, 0);
    expect(state.equityWithLoanChange).toBeCloseTo(-1.3, 1); // mid − limit = 0, minus the commission
  });
});

describe('rejections and errors', () => {
  it('201 for an unknown leg, a zero quantity, the reject-next fault; 200 for an unknown contract', () => {
    const badLeg: Contract = { ...callVertical(), comboLegs: [{ conId: 42, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' }] };
    expect(errors(place(1020, badLeg, lmt(OrderAction.BUY, 1, 1)))).toEqual([
      { code: 201, id: 1020, text: 'Order rejected - reason:Invalid combo leg: no security definition for conId 42.' },
    ]);
    expect(errors(place(1021, spy, lmt(OrderAction.BUY, 0, 1)))[0]).toMatchObject({ code: 201, id: 1021 });
    h.engine.rejectNextOrder('Trading is halted');
    expect(errors(place(1022, spy, lmt(OrderAction.BUY, 1, 1)))).toEqual([
      { code: 201, id: 1022, text: 'Order rejected - reason:Trading is halted' },
    ]);
    expect(statuses(place(1023, spy, lmt(OrderAction.BUY, 1, 1)))[0].status).toBe('PreSubmitted');
    expect(errors(place(1024, { ...spy, conId: 999 }, lmt(OrderAction.BUY, 1, 1)))[0].code).toBe(200);
  });

  it('201 when the order needs more margin than the equity with loan value', () => {
    h.engine.dispose();
    h = createHarness({ account: { initialCash: 10_000 } });
    s = h.connect(7);
    const ev = place(1030, spy, lmt(OrderAction.BUY, 100, 666));
    expect(errors(ev)[0].code).toBe(201);
    expect(errors(ev)[0].text).toMatch(/EQUITY WITH LOAN VALUE \[.* USD\] MUST EXCEED THE INITIAL MARGIN/);
    expect(statuses(ev)).toEqual([]);
  });

  it('cancel → Cancelled then 202; unknown → 10147; filled → 10148', () => {
    place(1040, spy, lmt(OrderAction.BUY, 1, 600));
    h.request(s, (e) => e.cancelOrder(1040, {}));
    const ev = s.take();
    expect(names(ev)).toEqual(['orderStatus', 'error']);
    expect(statuses(ev)).toEqual([{ status: 'Cancelled', filled: 0, remaining: 0 }]);
    expect(errors(ev)).toEqual([{ code: 202, id: 1040, text: 'Order Canceled - reason:' }]);
    h.request(s, (e) => e.cancelOrder(4242, {}));
    expect(errors(s.take())).toEqual([{ code: 10147, id: 4242, text: 'OrderId 4242 that needs to be cancelled is not found.' }]);
    place(1041, spy, lmt(OrderAction.BUY, 1, 700));
    h.request(s, (e) => e.cancelOrder(1041, {}));
    expect(errors(s.take())[0]).toMatchObject({ code: 10148, text: 'OrderId 1041 that needs to be cancelled cannot be cancelled, state: Filled.' });
  });
});

describe('modify, ids and permIds', () => {
  it('placeOrder with a live order id modifies it: same permId, no second order', () => {
    const first = place(1050, callVertical(), lmt(OrderAction.BUY, 1, 3.5));
    const permId = first.find((e) => e.name === 'orderStatus')?.args[5];
    const ev = place(1050, callVertical(), lmt(OrderAction.BUY, 1, 4.2));
    expect(ev.filter((e) => e.name === 'orderStatus').every((e) => e.args[5] === permId)).toBe(true);
    expect(statuses(ev).at(-1)?.status).toBe('Filled');
    expect(h.engine.orders()).toHaveLength(1);
    expect((ev.find((e) => e.name === 'openOrder')?.args[2] as Order).lmtPrice).toBe(4.2);
  });

  it('a modification that changes the side is refused with 105', () => {
    place(1051, spy, lmt(OrderAction.BUY, 1, 600));
    expect(errors(place(1051, spy, lmt(OrderAction.SELL, 1, 700)))[0].code).toBe(105);
  });

  it('after a nextValidId rollback, reusing a finished order id gets 103/104, never the old order', () => {
    place(1060, spy, lmt(OrderAction.BUY, 1, 700)); // filled
    place(1061, spy, lmt(OrderAction.BUY, 1, 600));
    h.request(s, (e) => e.cancelOrder(1061, {}));
    s.take();
    expect(errors(place(1060, spy, lmt(OrderAction.BUY, 1, 600)))[0].code).toBe(104);
    expect(errors(place(1061, spy, lmt(OrderAction.BUY, 1, 600)))[0].code).toBe(103);
    expect(h.engine.order(7, 1060)?.status).toBe('Filled');
    // the same id from another client is a different order
    const other = h.connect(8);
    expect(statuses(place(1060, spy, lmt(OrderAction.BUY, 1, 600), other))[0].status).toBe('PreSubmitted');
    const permIds = h.engine.orders().map((o) => o.permId);
    expect(new Set(permIds).size).toBe(permIds.length);
    expect(h.engine.highestOrderId(7)).toBe(1061);
  });
});

describe('parent/child, OCA, TIF', () => {
  it('a bracket transmits on the last child; children work after the parent fills; one child cancels the other', () => {
    expect(place(1070, spy, lmt(OrderAction.BUY, 1, 660, { transmit: false }))).toEqual([]);
    expect(place(1071, spy, lmt(OrderAction.SELL, 1, 680, { parentId: 1070, transmit: false }))).toEqual([]);
    const ev = place(1072, spy, { action: OrderAction.SELL, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 600, parentId: 1070, transmit: true });
    const byId = (id: number) => ev.filter((e) => e.name === 'orderStatus' && e.args[0] === id).map((e) => e.args[1]);
    expect(byId(1070)).toEqual(['PreSubmitted', 'Submitted']);
    expect(byId(1071)).toEqual(['PreSubmitted']);
    expect(byId(1072)).toEqual(['PreSubmitted']);
    h.market.setQuote(SPY_CON_ID, 659.9, 660); // parent fills at 660 → children go live; the 600 stop-like sell is marketable
    const after = s.take();
    const seq = after.filter((e) => e.name === 'orderStatus').map((e) => `${e.args[0]}:${e.args[1]}`);
    expect(seq).toEqual(['1070:Filled', '1071:Submitted', '1072:Submitted', '1072:Filled', '1071:Cancelled']);
    expect(h.engine.positions().find((p) => p.conId === SPY_CON_ID)?.position).toBe(0);
  });

  it('an OCA group: a fill cancels the rest with 202', () => {
    place(1080, spy, lmt(OrderAction.BUY, 1, 600, { ocaGroup: 'g1' }));
    const ev = place(1081, spy, lmt(OrderAction.BUY, 1, 700, { ocaGroup: 'g1' }));
    expect(ev.filter((e) => e.name === 'orderStatus').map((e) => `${e.args[0]}:${e.args[1]}`).slice(-2)).toEqual(['1081:Filled', '1080:Cancelled']);
    expect(errors(ev)).toEqual([{ code: 202, id: 1080, text: 'Order Canceled - reason:' }]);
  });

  it('DAY orders are cancelled at 16:00 New York; GTC orders stay', () => {
    place(1090, spy, lmt(OrderAction.BUY, 1, 600, { tif: 'DAY' }));
    place(1091, spy, lmt(OrderAction.BUY, 1, 600, { tif: 'GTC' }));
    h.clock.advance(6 * 3600_000 - 1_000); // 15:59:59
    expect(statuses(s.take())).toEqual([]);
    h.clock.advance(1_000);
    expect(s.take().filter((e) => e.name === 'orderStatus').map((e) => `${e.args[0]}:${e.args[1]}`)).toEqual(['1090:Cancelled']);
    expect(h.engine.order(7, 1091)?.status).toBe('Submitted');
  });
});

describe('stop orders (STP)', () => {
  const stp = (action: OrderAction, qty: number, trigger: number | undefined, extra: Partial<Order> = {}): Order => ({
    action,
    totalQuantity: qty,
    orderType: OrderType.STP,
    auxPrice: trigger,
    tif: 'GTC',
    ...extra,
  });
  const seq = (ev: DecodedEvent[]) => ev.filter((e) => e.name === 'orderStatus').map((e) => `${e.args[0]}:${e.args[1]}`);

  it('a SELL BAG stop rests PreSubmitted until the combo bid falls to its trigger, then fills at the natural', () => {
    // combo bid 3.90: a stop at 3.50 is not touched
    const placed = place(1200, callVertical(), stp(OrderAction.SELL, 1, 3.5));
    expect(seq(placed)).toEqual(['1200:PreSubmitted']);
    expect(names(placed)).toEqual(['openOrder', 'orderStatus']);
    expect((placed[0].args[2] as Order).auxPrice).toBe(3.5);
    h.market.setQuote(optConId(660, 'C'), 4.7, 4.9); // combo bid 4.70 − 1.10 = 3.60: still above
    h.clock.advance(5_000);
    expect(s.take()).toEqual([]);
    expect(h.engine.order(7, 1200)).toMatchObject({ status: 'PreSubmitted', auxPrice: 3.5 });
    h.market.setQuote(optConId(660, 'C'), 4.5, 4.7); // combo bid 3.40 ≤ 3.50: triggered → market order
    const ev = s.take();
    expect(seq(ev)).toEqual(['1200:Submitted', '1200:Filled']);
    const execs = ev.filter((e) => e.name === 'execDetails').map((e) => [(e.args[1] as Contract).secType, (e.args[2] as { side: string }).side, (e.args[2] as { price: number }).price]);
    expect(execs).toEqual([
      ['OPT', 'SLD', 4.5],
      ['OPT', 'BOT', 1.1],
      ['BAG', 'SLD', 3.4],
    ]);
    expect(ev.filter((e) => e.name === 'commissionReport')).toHaveLength(3);
  });

  it('a BUY stock stop triggers when the ask rises to its trigger; a touched stop fills at once', () => {
    expect(seq(place(1210, spy, stp(OrderAction.BUY, 5, 666)))).toEqual(['1210:PreSubmitted']);
    h.market.setQuote(SPY_CON_ID, 665.98, 666);
    expect(seq(s.take())).toEqual(['1210:Submitted', '1210:Filled']);
    expect(h.engine.order(7, 1210)?.avgFillPrice).toBe(666);
    // already through the trigger when placed: PreSubmitted, Submitted, Filled in one go
    expect(seq(place(1211, spy, stp(OrderAction.SELL, 1, 670)))).toEqual(['1211:PreSubmitted', '1211:Submitted', '1211:Filled']);
  });

  it('a stop is modified (new trigger) and cancelled like any order; reqOpenOrders lists it PreSubmitted', () => {
    place(1220, spy, stp(OrderAction.SELL, 1, 600));
    expect(seq(place(1220, spy, stp(OrderAction.SELL, 1, 610)))).toEqual(['1220:PreSubmitted']);
    expect(h.engine.order(7, 1220)?.auxPrice).toBe(610);
    h.request(s, (e) => e.reqOpenOrders());
    expect(seq(s.take())).toEqual(['1220:PreSubmitted']);
    h.request(s, (e) => e.cancelOrder(1220, { manualOrderCancelTime: '' }));
    expect(seq(s.take())).toEqual(['1220:Cancelled']);
    h.market.setQuote(SPY_CON_ID, 500, 500.01);
    expect(s.take()).toEqual([]);
  });

  it('a stop without a trigger is rejected (201); other order types get 387', () => {
    expect(errors(place(1230, spy, stp(OrderAction.SELL, 1, undefined)))).toEqual([
      { code: 201, id: 1230, text: 'Order rejected - reason:Stop price (auxPrice) is missing for a STP order.' },
    ]);
    expect(errors(place(1231, spy, { ...stp(OrderAction.SELL, 1, 600), orderType: OrderType.TRAIL })).map((e) => e.code)).toEqual([387]);
    expect(h.engine.orders()).toEqual([]);
  });
});

describe('OCA types', () => {
  it('ocaType 1: a stop that fills cancels its take-profit (202)', () => {
    place(1240, callVertical(), lmt(OrderAction.SELL, 1, 4.6, { ocaGroup: 'oca-x', ocaType: 1, tif: 'GTC' }));
    place(1241, callVertical(), { action: OrderAction.SELL, totalQuantity: 1, orderType: OrderType.STP, auxPrice: 3.5, ocaGroup: 'oca-x', ocaType: 1, tif: 'GTC' });
    expect(h.engine.orders().map((o) => o.status)).toEqual(['Submitted', 'PreSubmitted']);
    h.market.setQuote(optConId(660, 'C'), 4.4, 4.6);
    const ev = s.take();
    expect(ev.filter((e) => e.name === 'orderStatus').map((e) => `${e.args[0]}:${e.args[1]}`)).toEqual(['1241:Submitted', '1241:Filled', '1240:Cancelled']);
    expect(errors(ev)).toEqual([{ code: 202, id: 1240, text: 'Order Canceled - reason:' }]);
  });

  it.each([2, 3])('ocaType %i: a partial fill reduces the others by its quantity; a full fill cancels them', (ocaType) => {
    h.engine.dispose();
    h = createHarness({ fill: { midFillProbability: 1, partialFillProbability: 1, partialFillIntervalMs: 1_000 } });
    s = h.connect(7);
    place(1250, spy, lmt(OrderAction.BUY, 4, 600, { ocaGroup: 'g', ocaType }));
    const ev = place(1251, spy, lmt(OrderAction.BUY, 4, 700, { ocaGroup: 'g', ocaType }));
    const first = h.engine.order(7, 1251)!.filled;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(4);
    expect(h.engine.order(7, 1250)).toMatchObject({ status: 'Submitted', totalQuantity: 4 - first, remaining: 4 - first });
    const reduced = ev.filter((e) => e.name === 'openOrder' && e.args[0] === 1250).map((e) => (e.args[2] as Order).totalQuantity);
    expect(reduced).toEqual([4 - first]);
    for (let i = 0; i < 5 && h.engine.order(7, 1251)!.status !== 'Filled'; i++) h.clock.advance(1_000);
    expect(h.engine.order(7, 1251)?.status).toBe('Filled');
    expect(h.engine.order(7, 1250)?.status).toBe('Cancelled');
  });
});

describe('disconnected clients, open orders, executions', () => {
  it('fills while the client is away are found through reqExecutions; reqOpenOrders shows what still works', () => {
    place(1100, callVertical(), lmt(OrderAction.BUY, 1, 4.0));
    place(1101, spy, lmt(OrderAction.BUY, 1, 600));
    s.close();
    h.market.setQuote(optConId(660, 'C'), 4.8, 5.0);
    expect(h.engine.order(7, 1100)?.status).toBe('Filled');
    const back = h.connect(7);
    h.request(back, (e) => e.reqExecutions(5, {}));
    const ev = back.take();
    expect(names(ev)).toEqual([
      'execDetails',
      'commissionReport',
      'execDetails',
      'commissionReport',
      'execDetails',
      'commissionReport',
      'execDetailsEnd',
    ]);
    expect(ev.filter((e) => e.name === 'execDetails').every((e) => e.args[0] === 5)).toBe(true);
    h.request(back, (e) => e.reqOpenOrders());
    const open = back.take();
    expect(names(open)).toEqual(['openOrder', 'orderStatus', 'openOrderEnd']);
    expect(open[0].args[0]).toBe(1101);
    // another client sees neither through reqOpenOrders/reqExecutions, but reqAllOpenOrders shows the order
    const other = h.connect(9);
    h.request(other, (e) => e.reqExecutions(6, {}));
    expect(names(other.take())).toEqual(['execDetailsEnd']);
    h.request(other, (e) => e.reqAllOpenOrders());
    expect(names(other.take())).toEqual(['openOrder', 'orderStatus', 'openOrderEnd']);
  });

  it('reqGlobalCancel cancels every client\'s open orders', () => {
    const other = h.connect(9);
    place(1110, spy, lmt(OrderAction.BUY, 1, 600));
    place(1110, spy, lmt(OrderAction.BUY, 1, 600), other);
    h.request(s, (e) => e.reqGlobalCancel({}));
    expect(h.engine.orders().map((o) => o.status)).toEqual(['Cancelled', 'Cancelled']);
    expect(errors(other.take()).map((e) => e.code)).toEqual([202]);
  });
});

describe('positions and account summary', () => {
  it('reqPositions lists positions with IB avgCost and streams changes; account summary reflects the fill', () => {
    h.request(s, (e) => e.reqPositions());
    expect(names(s.take())).toEqual(['positionEnd']);
    const ev = place(1120, callVertical(), lmt(OrderAction.BUY, 1, 4.2));
    const pos = ev.filter((e) => e.name === 'position').map((e) => [(e.args[1] as Contract).conId, e.args[2], e.args[3]]);
    expect(pos).toEqual([
      [optConId(660, 'C'), 1, 520 + 0.65],
      [optConId(670, 'C'), -1, 100 - 0.65],
    ]);
    h.request(s, (e) => e.reqAccountSummary(3, 'All', 'NetLiquidation,TotalCashValue,InitMarginReq,AvailableFunds,BuyingPower,Cushion'));
    const sum = s.take();
    const v = Object.fromEntries(sum.filter((e) => e.name === 'accountSummary').map((e) => [e.args[2], [e.args[3], e.args[4]]]));
    expect(v['TotalCashValue']).toEqual(['999578.70', 'USD']); // 1,000,000 − 420 − 1.30
    expect(v['NetLiquidation']).toEqual(['999983.70', 'USD']); // cash + 510 − 105 (marks at mid)
    expect(v['InitMarginReq']).toEqual(['405.00', 'USD']);
    expect(v['AvailableFunds']).toEqual(['999578.70', 'USD']);
    expect(v['BuyingPower']).toEqual(['3998314.80', 'USD']);
    expect(v['Cushion'][1]).toBe('');
    expect(sum.at(-1)?.name).toBe('accountSummaryEnd');
  });

  it('a third account summary subscription gets 322', () => {
    h.request(s, (e) => e.reqAccountSummary(1, 'All', 'NetLiquidation'));
    h.request(s, (e) => e.reqAccountSummary(2, 'All', 'NetLiquidation'));
    s.take();
    h.request(s, (e) => e.reqAccountSummary(3, 'All', 'NetLiquidation'));
    expect(errors(s.take())[0]).toMatchObject({ code: 322, id: 3 });
  });
});
