import { EventName } from '@stoqey/ib';
import net from 'node:net';
import type { IbSimulator } from '../simulator';
import {
  connectTestClient,
  createTestMarket,
  sleep,
  startTestSimulator,
  stock,
  waitUntil,
  type TestClient,
} from '../testing';

/** silence, 10197 (competing live session), 2110 (TWS–server link broken) and 1300 (socket port reset). */
describe('session faults (IBApi over TCP)', () => {
  const shared = createTestMarket();
  let sim: IbSimulator;
  const clients: TestClient[] = [];
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator(shared);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await sim.stop();
  });

  const connect = async (clientId: number, port = sim.port): Promise<TestClient> => {
    const c = await connectTestClient(port, { clientId });
    clients.push(c);
    return c;
  };

  const tickCount = (c: TestClient, id: number): number =>
    c.log.events.filter((e) => e.name === EventName.tickPrice && e.args[0] === id).length;
  const currentTimes = (c: TestClient): number => c.log.named(EventName.currentTime).length;

  /** Moves the market (each step is 250 ms of clock) and lets the I/O through. */
  async function step(n = 8): Promise<void> {
    for (let i = 0; i < n; i++) shared.clock.advance(250);
    await sleep(40);
  }

  /** Waits until `b` has received ticks after a market move: proof that the simulator answered everything before. */
  async function bystanderTicked(b: TestClient, id: number): Promise<void> {
    const n = tickCount(b, id);
    for (let i = 0; i < 20 && tickCount(b, id) === n; i++) await step(4);
    expect(tickCount(b, id)).toBeGreaterThan(n);
  }

  describe('silence', () => {
    it('keeps the socket open, sends nothing and reads nothing until unsilence; then answers what waited', async () => {
      const a = await connect(1);
      const b = await connect(2);
      a.api.reqMktData(1, stock('SPY'), '', false, false);
      b.api.reqMktData(1, stock('SPY'), '', false, false);
      await a.log.waitForEvent(EventName.tickPrice);
      await b.log.waitForEvent(EventName.tickPrice);

      expect(sim.faults.silence(1)).toBe(true);
      expect(sim.faults.status().silencedClients).toEqual([1]);
      const ticksBefore = tickCount(a, 1);
      a.api.reqCurrentTime();
      a.api.reqCurrentTime();
      await bystanderTicked(b, 1);
      await step();
      // A hung gateway: the connection is there, nothing comes back.
      expect(currentTimes(a)).toBe(0);
      expect(tickCount(a, 1)).toBe(ticksBefore);
      expect(a.api.isConnected).toBe(true);
      expect(sim.clientIds()).toEqual([1, 2]);
      expect(a.log.named('__disconnected')).toEqual([]);

      expect(sim.faults.unsilence(1)).toBe(true);
      await a.log.waitFor(() => currentTimes(a) === 2, 4000, 'the two waiting reqCurrentTime answered');
      await step();
      await a.log.waitFor(() => tickCount(a, 1) > ticksBefore, 4000, 'ticks again');
      expect(sim.faults.status().silencedClients).toEqual([]);
      expect(sim.faults.unsilence(1)).toBe(false);
      expect(a.log.errors()).toEqual([]);
    });

    it('ends after durationMs of clock time', async () => {
      const a = await connect(1);
      const b = await connect(2);
      b.api.reqMktData(7, stock('QQQ'), '', false, false);
      await b.log.waitForEvent(EventName.tickPrice);
      sim.faults.silence(1, { durationMs: 5000 });
      a.api.reqCurrentTime();
      await sleep(50); // the request reaches the simulator, which keeps it unread
      const n = tickCount(b, 7);
      shared.clock.advance(4999);
      // The bystander's ticks of those 4.999 s were written after A's request arrived: once B has them, A would
      // have had its answer too had it not been silenced.
      b.api.reqCurrentTime();
      await b.log.waitFor(() => currentTimes(b) === 1, 4000, 'bystander answered');
      expect(tickCount(b, 7)).toBeGreaterThan(n);
      expect(currentTimes(a)).toBe(0);
      shared.clock.advance(1);
      await a.log.waitFor(() => currentTimes(a) === 1, 4000, 'currentTime after the silence');
      expect(sim.faults.status().silencedClients).toEqual([]);
    });

    it('is per session: a client that gives up and reconnects with its id is served', async () => {
      const a = await connect(1);
      expect(sim.faults.silence(42)).toBe(false);
      sim.faults.silence(1, { durationMs: 60_000 });
      a.api.reqCurrentTime();
      await a.close();
      await waitUntil(() => sim.clientCount() === 0, 3000, 'silenced session closed');
      const again = await connect(1);
      again.api.reqCurrentTime();
      await again.log.waitFor(() => currentTimes(again) === 1, 4000, 'answer on the new session');
      shared.clock.advance(60_000); // the old timer must not touch the new session
      expect(sim.faults.status().silencedClients).toEqual([]);
      expect(() => sim.faults.silence(1, { durationMs: -1 })).toThrow(RangeError);
    });
  });

  describe('10197 competing live session', () => {
    it('stops every line with 10197 and refuses market data until it ends; historical data still works', async () => {
      const a = await connect(1);
      a.api.reqMktData(3, stock('AAPL'), '', false, false);
      await a.log.waitForEvent(EventName.tickPrice);
      expect(sim.counts().marketDataLines).toBe(1);

      sim.faults.competingSession(true);
      const e = await a.log.waitForError(10197, 3);
      expect(e.message).toBe('No market data during competing live session');
      expect(sim.counts().marketDataLines).toBe(0);
      expect(sim.faults.status().competingSession).toBe(true);
      const n = tickCount(a, 3);
      await step();
      expect(tickCount(a, 3)).toBe(n);

      a.api.reqMktData(4, stock('MSFT'), '', false, false);
      await a.log.waitForError(10197, 4);
      a.api.reqMktData(5, stock('MSFT'), '', true, false);
      await a.log.waitForError(10197, 5);
      a.api.reqMktData(6, stock('NOPE'), '', false, false);
      await a.log.waitForError(200, 6);
      a.api.reqHistoricalData(9, stock('MSFT'), '', '1 M', '1 day' as never, 'TRADES' as never, 1, 1, false);
      await a.log.waitForEvent(EventName.historicalData, (x) => x[0] === 9 && String(x[1]).startsWith('finished'));
      expect(sim.counts().marketDataLines).toBe(0);

      sim.faults.competingSession(false);
      a.api.reqMktData(8, stock('AAPL'), '', false, false);
      await a.log.waitForEvent(EventName.tickPrice, (x) => x[0] === 8);
      expect(a.log.errors().map((x) => x.code)).toEqual([10197, 10197, 10197, 200]);
    });
  });

  describe('2110 TWS–server link broken', () => {
    it('2110 to every client, ticks stop, subscriptions kept; restored automatically after durationMs with farm OK', async () => {
      const a = await connect(1);
      a.api.reqMktData(1, stock('TSLA'), '', false, false);
      await a.log.waitForEvent(EventName.tickPrice);
      const farmOk = a.log.infos().filter((i) => i.code === 2104).length;

      sim.faults.serverLinkBroken({ durationMs: 3000 });
      expect(await a.log.waitForInfo(2110)).toBe(
        'Connectivity between Trader Workstation and server is broken. It will be restored automatically.',
      );
      expect(sim.faults.status().serverLinkBroken).toBe(true);
      const n = tickCount(a, 1);
      await step(4); // 1 s of clock
      expect(tickCount(a, 1)).toBe(n);
      // A client connecting meanwhile is told at once, instead of the farm-OK messages.
      const late = await connect(2);
      await late.log.waitForInfo(2110);
      expect(late.log.infos().filter((i) => i.code === 2104)).toEqual([]);

      shared.clock.advance(2000);
      await a.log.waitFor(
        () => a.log.infos().filter((i) => i.code === 2104).length === farmOk + 3,
        4000,
        'three 2104 after the restoration',
      );
      await a.log.waitForEvent(EventName.info, (x) => x[1] === 2106 && String(x[0]).endsWith('ushmds'));
      expect(sim.faults.status().serverLinkBroken).toBe(false);
      await step();
      expect(tickCount(a, 1)).toBeGreaterThan(n);
      expect(sim.counts().marketDataLines).toBe(1);
      expect(a.api.isConnected).toBe(true);
    });

    it('serverLinkRestored() ends it by hand', async () => {
      const a = await connect(1);
      sim.faults.serverLinkBroken();
      await a.log.waitForInfo(2110);
      shared.clock.advance(60_000);
      expect(sim.faults.status().serverLinkBroken).toBe(true);
      const ok = a.log.infos().filter((i) => i.code === 2106).length;
      sim.faults.serverLinkRestored();
      await a.log.waitFor(() => a.log.infos().filter((i) => i.code === 2106).length === ok + 1, 4000, '2106');
      sim.faults.serverLinkRestored(); // no-op
    });
  });

  describe('1300 socket port reset', () => {
    it('tells each client the new port, drops it, stops listening on the old port and listens on the new one', async () => {
      const a = await connect(1);
      const b = await connect(2);
      const oldPort = sim.port;
      const gone = Promise.all([a.log.waitForDisconnect(), b.log.waitForDisconnect()]);
      const newPort = await sim.faults.resetSocketPort();
      expect(newPort).not.toBe(oldPort);
      expect(sim.port).toBe(newPort);
      const text = await a.log.waitForInfo(1300);
      expect(text).toBe(
        `TWS socket port has been reset and this connection is being dropped. Please reconnect on the new port - ${newPort}`,
      );
      expect(await b.log.waitForInfo(1300)).toBe(text);
      await gone;
      expect(sim.clientCount()).toBe(0);

      const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port: oldPort });
        s.on('error', resolve);
        s.on('connect', () => s.destroy());
      });
      expect(err.code).toBe('ECONNREFUSED');
      const again = await connect(1, newPort);
      expect(again.nextValidId).toBe(1000);
      await expect(sim.faults.resetSocketPort(newPort)).rejects.toThrow(RangeError);
      await expect(sim.faults.resetSocketPort(70_000)).rejects.toThrow(RangeError);
    });
  });
});
