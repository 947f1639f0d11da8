import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import {
  connectTestClient,
  createTestMarket,
  nearMoneyOption,
  optionContract,
  sleep,
  startTestSimulator,
  stock,
  type LoggedEvent,
  type TestClient,
} from '../testing';

const TICK_EVENTS = new Set<string>([
  EventName.tickPrice,
  EventName.tickSize,
  EventName.tickGeneric,
  EventName.tickString,
  EventName.tickOptionComputation,
  EventName.tickSnapshotEnd,
  EventName.tickReqParams,
  EventName.marketDataType,
]);

const ticksOf = (c: TestClient, tickerId: number): LoggedEvent[] =>
  c.log.events.filter((e) => TICK_EVENTS.has(e.name) && e.args[0] === tickerId);
const label = (e: LoggedEvent): string => `${e.name}:${e.name === EventName.marketDataType ? e.args[1] : e.args[1]}`;

describe('market data (IBApi over TCP)', () => {
  const shared = createTestMarket();
  let sim: IbSimulator;
  let c: TestClient;
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator({ ...shared, limits: { marketDataLines: 3 } });
    c = await connectTestClient(sim.port, { clientId: 1 });
  });

  afterEach(async () => {
    await c.close();
    await sim.stop();
  });

  /** Steps the market and lets the ticks reach the client. */
  async function step(times = 4): Promise<void> {
    for (let i = 0; i < times; i++) shared.clock.advance(250);
    await sleep(40);
  }

  it('streams a stock: first values in TWS order, then only what changed', async () => {
    c.api.reqMktData(11, stock('SPY'), '', false, false);
    await c.log.waitForEvent(EventName.tickGeneric, (a) => a[0] === 11 && a[1] === 49);
    const first = ticksOf(c, 11).map(label);
    // stoqey emits a tickSize from the size inside tickPrice (except for bid: type 0 is falsy in its decoder),
    // and TWS sends its own tickSize after each price, so ask and last sizes arrive twice, as with real TWS.
    expect(first).toEqual([
      'tickReqParams:0',
      'marketDataType:1',
      'tickPrice:1',
      'tickSize:0',
      'tickPrice:2',
      'tickSize:3',
      'tickSize:3',
      'tickPrice:4',
      'tickSize:5',
      'tickSize:5',
      'tickString:45',
      'tickSize:8',
      'tickPrice:6',
      'tickPrice:7',
      'tickPrice:9',
      'tickPrice:14',
      'tickGeneric:49',
    ]);
    const bid = ticksOf(c, 11).find((e) => e.name === EventName.tickPrice && e.args[1] === 1)!;
    expect(bid.args[2]).toBeCloseTo(sim.market.quote(sim.market.underlyings()[0].conId).bid, 1);
    const before = ticksOf(c, 11).length;
    await step(8);
    const updates = ticksOf(c, 11).slice(before);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.some((e) => e.name === EventName.tickReqParams || e.name === EventName.marketDataType)).toBe(false);
    // Only changed values: no price tick repeats the previous value of its type.
    const last = new Map<number, unknown>();
    for (const e of ticksOf(c, 11).filter((x) => x.name === EventName.tickPrice)) {
      expect(last.get(e.args[1] as number)).not.toBe(e.args[2]);
      last.set(e.args[1] as number, e.args[2]);
    }
    expect(c.log.errors()).toEqual([]);
  });

  it('serves generic ticks 100/101/104/106 on an underlying', async () => {
    c.api.reqMktData(12, stock('QQQ'), '100,101,104,106', false, false);
    await c.log.waitForEvent(EventName.tickGeneric, (a) => a[0] === 12 && a[1] === 24);
    const sizes = new Map(ticksOf(c, 12).filter((e) => e.name === EventName.tickSize).map((e) => [e.args[1], e.args[2]]));
    for (const t of [27, 28, 29, 30]) expect(sizes.get(t)).toBeGreaterThan(0);
    const hv = ticksOf(c, 12).find((e) => e.name === EventName.tickGeneric && e.args[1] === 23)!;
    const iv = ticksOf(c, 12).find((e) => e.name === EventName.tickGeneric && e.args[1] === 24)!;
    expect(hv.args[2]).toBeGreaterThan(0.01);
    expect(iv.args[2]).toBeGreaterThan(0.01);
  });

  it('serves IB Dividends (generic tick 456) as string tick 59: the model\'s yield × previous close, quarterly', async () => {
    c.api.reqMktData(13, stock('SPY'), '106,456', false, false);
    await c.log.waitForEvent(EventName.tickString, (a) => a[0] === 13 && a[1] === 59);
    const text = ticksOf(c, 13).find((e) => e.name === EventName.tickString && e.args[1] === 59)!.args[2] as string;
    const [past, next, date, amount] = text.split(',');
    const close = shared.market.quote(shared.market.underlyings().find((u) => u.symbol === 'SPY')!.conId).close;
    expect(Number(next)).toBeCloseTo(0.012 * close, 3); // the simulator prices SPY with q = 1.2 %
    expect(Number(past)).toBe(Number(next));
    expect(Number(amount)).toBeCloseTo(Number(next) / 4, 3);
    expect(date).toMatch(/^\d{4}(03|06|09|12)\d{2}$/);
    // A stock that pays none (TSLA, q = 0) says so.
    c.api.reqMktData(14, stock('TSLA'), '456', false, false);
    await c.log.waitForEvent(EventName.tickString, (a) => a[0] === 14 && a[1] === 59);
    expect(ticksOf(c, 14).find((e) => e.name === EventName.tickString && e.args[1] === 59)!.args[2]).toBe('0,0,,');
  });

  it('streams an option with bid/ask/last/model option computations and open interest', async () => {
    const opt = nearMoneyOption(sim.market, 'SPY');
    c.api.reqMktData(13, optionContract(opt), '101,106', false, false);
    await c.log.waitForEvent(EventName.tickOptionComputation, (a) => a[0] === 13 && a[1] === 13);
    const comps = ticksOf(c, 13).filter((e) => e.name === EventName.tickOptionComputation);
    expect(comps.map((e) => e.args[1])).toEqual([10, 11, 12, 13]);
    const model = comps[3].args;
    // tickerId, type, attrib, iv, delta, optPrice, pvDividend, gamma, vega, theta, undPrice
    expect(model[3]).toBeGreaterThan(0.05);
    expect(model[4]).toBeGreaterThan(0.2);
    expect(model[4]).toBeLessThan(0.8);
    expect(model[5]).toBeGreaterThan(0);
    expect(model[10]).toBeCloseTo(sim.market.spot('SPY'), 0);
    const oi = ticksOf(c, 13).find((e) => e.name === EventName.tickSize && e.args[1] === 27);
    expect(oi?.args[2]).toBeGreaterThanOrEqual(0);
    // Underlying moves drive the option's line.
    const before = comps.length;
    sim.market.jump('SPY', 0.01);
    await sleep(40);
    expect(ticksOf(c, 13).filter((e) => e.name === EventName.tickOptionComputation).length).toBeGreaterThan(before);
  });

  it('completes a snapshot with tickSnapshotEnd, holds no line, and sends nothing after', async () => {
    c.api.reqMktData(14, stock('IWM'), '', true, false);
    await c.log.waitForEvent(EventName.tickSnapshotEnd, (a) => a[0] === 14);
    const labels = ticksOf(c, 14).map(label);
    expect(labels[labels.length - 1]).toBe('tickSnapshotEnd:undefined');
    expect(labels).toContain('tickPrice:1');
    expect(sim.counts().marketDataLines).toBe(0);
    const n = ticksOf(c, 14).length;
    await step(8);
    expect(ticksOf(c, 14).length).toBe(n);
  });

  it('refuses generic ticks on a snapshot (321)', async () => {
    c.api.reqMktData(15, stock('IWM'), '106', true, false);
    const e = await c.log.waitForError(321, 15);
    expect(e.message).toContain('Snapshot market data subscription is not applicable to generic ticks');
  });

  it('refuses an unknown generic tick (321) and an unknown contract (200)', async () => {
    c.api.reqMktData(16, stock('SPY'), '999', false, false);
    await c.log.waitForError(321, 16);
    c.api.reqMktData(17, stock('NOPE'), '', false, false);
    expect((await c.log.waitForError(200, 17)).message).toBe('No security definition has been found for the request.');
    expect(sim.counts().marketDataLines).toBe(0);
  });

  it('stops a line on cancelMktData, and answers 300 for an unknown ticker id', async () => {
    c.api.reqMktData(18, stock('AAPL'), '', false, false);
    await c.log.waitForEvent(EventName.tickGeneric, (a) => a[0] === 18);
    c.api.cancelMktData(18);
    await sleep(30);
    expect(sim.counts().marketDataLines).toBe(0);
    const n = ticksOf(c, 18).length;
    await step(8);
    expect(ticksOf(c, 18).length).toBe(n);
    c.api.cancelMktData(18);
    expect((await c.log.waitForError(300, 18)).message).toBe("Can't find EId with ticker Id:18");
  });

  it('answers 322 for a duplicate ticker id', async () => {
    c.api.reqMktData(19, stock('AAPL'), '', false, false);
    c.api.reqMktData(19, stock('MSFT'), '', false, false);
    expect((await c.log.waitForError(322, 19)).message).toContain('Duplicate ticker id');
  });

  it('answers 101 on the request over the line limit, and frees lines on cancel', async () => {
    for (const [i, s] of ['SPY', 'QQQ', 'IWM'].entries()) c.api.reqMktData(30 + i, stock(s), '', false, false);
    c.api.reqMktData(33, stock('AAPL'), '', false, false);
    expect((await c.log.waitForError(101, 33)).message).toBe('Max number of tickers has been reached.');
    expect(c.log.errors().map((e) => e.reqId)).toEqual([33]);
    expect(sim.counts().marketDataLines).toBe(3);
    c.api.cancelMktData(30);
    c.api.reqMktData(34, stock('AAPL'), '', false, false);
    await c.log.waitForEvent(EventName.tickPrice, (a) => a[0] === 34);
    // Lines are the account's: another client hits the same limit.
    const other = await connectTestClient(sim.port, { clientId: 2 });
    other.api.reqMktData(1, stock('MSFT'), '', false, false);
    await other.log.waitForError(101, 1);
    await other.close();
  });

  it('frozen symbols stop ticking while others go on', async () => {
    c.api.reqMktData(40, stock('NVDA'), '', false, false);
    c.api.reqMktData(41, stock('TSLA'), '', false, false);
    await c.log.waitForEvent(EventName.tickGeneric, (a) => a[0] === 41);
    sim.faults.freeze('NVDA');
    try {
      const n = ticksOf(c, 40).length;
      const m = ticksOf(c, 41).length;
      await step(12);
      expect(ticksOf(c, 40).length).toBe(n);
      expect(ticksOf(c, 41).length).toBeGreaterThan(m);
    } finally {
      sim.faults.freeze('NVDA', false);
    }
  });

  it('halt: tick 49 goes to 1 and the market widens', async () => {
    c.api.reqMktData(42, stock('AMZN'), '', false, false);
    await c.log.waitForEvent(EventName.tickGeneric, (a) => a[0] === 42);
    const q0 = sim.market.quote(sim.market.underlyings().find((u) => u.symbol === 'AMZN')!.conId);
    sim.faults.halt('AMZN');
    try {
      await c.log.waitForEvent(EventName.tickGeneric, (a) => a[0] === 42 && a[1] === 49 && a[2] === 1);
      const q1 = sim.market.quote(sim.market.underlyings().find((u) => u.symbol === 'AMZN')!.conId);
      expect(q1.ask - q1.bid).toBeGreaterThan(q0.ask - q0.bid);
    } finally {
      sim.faults.halt('AMZN', false);
    }
  });

  it('without realtime entitlement: 354 for live data; 10167 and delayed tick types for delayed data', async () => {
    sim.faults.delay('MSFT');
    c.api.reqMktData(50, stock('MSFT'), '', false, false);
    expect((await c.log.waitForError(354, 50)).message).toContain('not subscribed');
    expect(sim.counts().marketDataLines).toBe(0);
    c.api.reqMarketDataType(3);
    c.api.reqMktData(51, stock('MSFT'), '', false, false);
    await c.log.waitForError(10167, 51);
    await c.log.waitForEvent(EventName.tickPrice, (a) => a[0] === 51 && a[1] === 76);
    const labels = ticksOf(c, 51).map(label);
    expect(labels.slice(0, 6)).toEqual([
      'tickReqParams:0',
      'marketDataType:3',
      'tickPrice:66',
      'tickSize:69',
      'tickSize:69',
      'tickPrice:67',
    ]);
    // Changes show up only after the delay (15 minutes by default).
    const n = ticksOf(c, 51).length;
    await step(8);
    expect(ticksOf(c, 51).length).toBe(n);
    shared.clock.advance(15 * 60_000 + 1000);
    await sleep(40);
    expect(ticksOf(c, 51).length).toBeGreaterThan(n);
    sim.faults.delay('MSFT', false);
  });
});
