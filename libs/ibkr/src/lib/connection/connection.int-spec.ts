import { createTestMarket, startTestSimulator, RawClient } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, drive, startTcpProxy, StateRecorder, SPY_STOCK as SPY } from '../../testing';
import type { IbkrRuntime } from '../ibkr-runtime';
import { historicalDataRequest, placeOrderRequest, contractDetailsRequest } from '../requests/ib-requests';
import { IbRequestError } from '../errors/ib-request-error';


describe('connection: handshake, watchdog, 326, dropped sockets (simulator over TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(3);
  let sim: IbSimulator & { clock: ManualClock };
  const runtimes: IbkrRuntime[] = [];
  const rt = (port: number, o: Parameters<typeof createTestRuntime>[2] = {}) => {
    const r = createTestRuntime(port, clock, o);
    runtimes.push(r);
    return r;
  };

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, historicalLatencyMs: 2_000 });
  });
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await sim.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  it('is ready only once nextValidId arrived, with account, server version and order ids', async () => {
    const r = rt(sim.port);
    const states = new StateRecorder(r);
    r.start();
    await driveUntil(clock, () => r.connection.state === 'ready', { what: 'ready' });
    expect(states.states()).toEqual(['connecting', 'ready']);
    const info = r.connection.info();
    expect(info).toMatchObject({ serverVersion: 193, accounts: ['DU1234567'], clientId: 7 });
    expect(r.orderIds.peek()).toBeGreaterThanOrEqual(1000);
    const t = await r.coordinator.submit(contractDetailsRequest(SPY));
    expect(t[0].contract.conId).toBe(756733);
  });

  it('detects a gateway that accepts TCP and never answers (handshake timeout), and retries until it answers', async () => {
    await sim.faults.restart({ mode: 'silent', downSeconds: 10 });
    const r = rt(sim.port, { handshakeTimeoutMs: 2_000 });
    const states = new StateRecorder(r);
    r.start();
    const took = await driveUntil(clock, () => r.connection.state === 'ready', { maxMs: 20_000, what: 'ready after silence' });
    expect(took).toBeGreaterThanOrEqual(10_000);
    expect(took).toBeLessThan(10_000 + 2_000 + 5_000);
    expect(r.connection.info().attempts).toBeGreaterThanOrEqual(3);
    expect(states.changes.some((c) => /handshake timed out/.test(c.reason))).toBe(true);
  });

  it('finds a half-open socket with the idle timer and the reqCurrentTime probe, then reconnects', async () => {
    const proxy = await startTcpProxy(sim.port);
    try {
      const r = rt(proxy.port, { watchdogTimeoutSec: 5, probeTimeoutMs: 2_000 });
      r.start();
      await driveUntil(clock, () => r.connection.state === 'ready');
      // traffic keeps it quiet: no probe while ticks flow
      proxy.blackhole(true);
      const lost = new Promise<string>((resolve) => r.bus.once('session-lost', (s) => resolve(s.reason)));
      const took = await driveUntil(clock, () => r.connection.state !== 'ready', { maxMs: 10_000, what: 'watchdog' });
      expect(took).toBeGreaterThanOrEqual(5_000);
      expect(took).toBeLessThanOrEqual(7_100);
      expect(await lost).toMatch(/watchdog: no answer to reqCurrentTime/);
      proxy.blackhole(false);
      await driveUntil(clock, () => r.connection.state === 'ready', { what: 'ready again' });
      expect(r.connection.info().reconnects).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('recovers from 326: retries the id after a delay, then uses the fallback id and says so', async () => {
    const squatter = await RawClient.handshake(sim.port, 21);
    try {
      const r = rt(sim.port, { clientId: 21, fallbackClientId: 121, clientIdRetryDelayMs: 1_000, clientIdRetriesBeforeFallback: 2 });
      r.start();
      await driveUntil(clock, () => r.connection.state === 'ready', { what: 'ready on fallback' });
      expect(r.connection.info()).toMatchObject({ clientId: 121, usingFallbackClientId: true });
      expect(r.connection.info().message).toMatch(/fallback client id 121 \(client id 21 is in use\)/);
      expect(r.policy.count(326)).toBe(2);
      expect(sim.clientIds()).toEqual(expect.arrayContaining([21, 121]));
    } finally {
      squatter.destroy();
    }
  });

  it('recovers from 326 on the same id once the old session is gone', async () => {
    const squatter = await RawClient.handshake(sim.port, 22);
    const r = rt(sim.port, { clientId: 22, fallbackClientId: null, clientIdRetryDelayMs: 1_000 });
    r.start();
    await driveUntil(clock, () => /client id 22 is in use/.test(r.connection.info().message ?? ''), { what: '326 seen' });
    expect(r.policy.count(326)).toBeGreaterThanOrEqual(1);
    squatter.destroy();
    await driveUntil(clock, () => r.connection.state === 'ready', { what: 'ready' });
    expect(r.connection.info()).toMatchObject({ clientId: 22, usingFallbackClientId: false });
  });

  it('socket killed mid-request: queries are replayed after the reconnect, orders fail typed, nothing hangs', async () => {
    const r = rt(sim.port, { clientId: 23 });
    r.start();
    await driveUntil(clock, () => r.connection.state === 'ready');
    // a historical request is in flight for 2 s of clock time (the simulator's latency)
    const bars = r.coordinator.submit(historicalDataRequest({ contract: SPY, duration: '1 D', barSize: '1 hour', whatToShow: 'TRADES' }));
    await drive(clock, 200);
    expect(r.coordinator.inFlight()).toBe(1);
    // empty the bucket so that the order below is queued, not sent, when the socket dies (the clock stands still)
    const details = Array.from({ length: 5 }, (_, i) => r.coordinator.submit(contractDetailsRequest({ ...SPY, primaryExch: `X${i}` })).catch((e: unknown) => e));
    const orderId = await r.orderIds.next();
    const order = r.coordinator.submit(placeOrderRequest(orderId, SPY, { action: 'BUY', orderType: 'LMT', lmtPrice: 1, totalQuantity: 1, transmit: true } as never)).catch((e: unknown) => e);
    expect(r.coordinator.queueDepth()).toBeGreaterThanOrEqual(1);
    expect(sim.faults.dropClient(23)).toBe(true);
    const failed = (await order) as IbRequestError;
    expect(failed).toBeInstanceOf(IbRequestError);
    expect(failed).toMatchObject({ failure: 'disconnected', kind: 'placeOrder', sent: false });
    expect(r.connection.state).not.toBe('ready');
    await driveUntil(clock, () => r.connection.state === 'ready', { what: 'reconnected' });
    await drive(clock, 3_000);
    // the historical request in flight and the queued contract-details queries were replayed on the new session
    const got = await bars;
    expect(got.length).toBeGreaterThan(0);
    const results = await Promise.all(details);
    for (const d of results) expect(Array.isArray(d)).toBe(true);
    expect(r.coordinator.inFlight()).toBe(0);
    expect(r.coordinator.queueDepth()).toBe(0);
  });
});
