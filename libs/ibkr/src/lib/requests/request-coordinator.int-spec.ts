import { createTestMarket, startTestSimulator } from '@ibsc/ib-sim/testing';
import type { IbSimulator, ManualClock } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, drive, flushIo, byConId, SPY_STOCK, stock } from '../../testing';
import type { IbkrRuntime } from '../ibkr-runtime';
import { contractDetailsRequest, historicalDataRequest, placeOrderRequest, secDefOptParamsRequest } from './ib-requests';
import type { BackpressureLevel } from './backpressure';
import { IbRequestError } from '../errors/ib-request-error';

describe('request coordinator (simulator over TCP, manual clock)', () => {
  const { clock, market } = createTestMarket(8);
  let sim: IbSimulator & { clock: ManualClock };
  const runtimes: IbkrRuntime[] = [];

  beforeAll(async () => {
    sim = await startTestSimulator({ clock, market, historicalLatencyMs: 300 });
  });
  afterEach(async () => {
    for (const r of runtimes.splice(0)) await r.stop();
    await drive(clock, 100);
  });
  afterAll(async () => {
    await sim.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  async function ready(clientId: number, rate = 45): Promise<IbkrRuntime> {
    const rt = createTestRuntime(sim.port, clock, { clientId, requestRate: rate });
    runtimes.push(rt);
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');
    return rt;
  }

  it('a burst of 1,000 requests: no error 100, ≥ 90 % of the configured rate, an order overtakes the queue, tiers and throttle signalled', async () => {
    const rt = await ready(61);
    const conIds = sim.market.findContracts({ secType: 'OPT', symbol: 'SPY' }).slice(0, 1000).map((c) => c.conId);
    const levels: BackpressureLevel[] = [];
    rt.bus.on('backpressure', (b) => levels.push(b.level));
    const throttle: boolean[] = [];
    rt.bus.on('throttle', (t) => throttle.push(t.active));
    const sentKinds: string[] = [];
    rt.bus.on('request-sent', (e) => sentKinds.push(e.kind));
    const t0 = clock.now();
    let done = 0;
    const all = conIds.map((id) => rt.coordinator.submit(contractDetailsRequest(byConId(id), { timeoutMs: 60_000 })).then((d) => {
      done++;
      return d;
    }));
    expect(rt.coordinator.backpressure()).toMatchObject({ level: 'paused', paused: true });
    // 5 s into the burst, an order
    await drive(clock, 5_000, 20);
    const before = sentKinds.length;
    const orderId = await rt.orderIds.next();
    const order = rt.coordinator.submit(placeOrderRequest(orderId, SPY_STOCK, { action: 'BUY', orderType: 'LMT', lmtPrice: 1, totalQuantity: 1, transmit: true } as never));
    await drive(clock, 100, 20);
    await order;
    expect(sentKinds.indexOf('placeOrder')).toBeGreaterThanOrEqual(before);
    expect(sentKinds.indexOf('placeOrder')).toBeLessThanOrEqual(before + 4);
    expect(rt.coordinator.queueDepth()).toBeGreaterThan(700);
    const took = await driveUntil(clock, () => done === 1000, { maxMs: 60_000, stepMs: 20, realMs: 60_000, what: '1000 answers' });
    const elapsed = clock.now() - t0 - (took - took);
    const results = await Promise.all(all);
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(rt.policy.count(100)).toBe(0);
    const perSec = (1001 / elapsed) * 1000;
    expect(perSec).toBeGreaterThanOrEqual(0.9 * 45);
    expect(perSec).toBeLessThanOrEqual(47);
    expect(levels).toEqual(['elevated', 'high', 'critical', 'paused', 'elevated', 'normal']);
    expect(throttle[0]).toBe(true);
    expect(throttle[throttle.length - 1]).toBe(false);
    expect(rt.coordinator.throttleCount()).toBeGreaterThanOrEqual(1);
    expect(rt.coordinator.queueDepth()).toBe(0);
  });

  it('identical requests in flight share one answer; failures are typed', async () => {
    const rt = await ready(62);
    const sent: string[] = [];
    rt.bus.on('request-sent', (e) => sent.push(e.kind));
    const [a, b, c] = await Promise.all([
      rt.coordinator.submit(secDefOptParamsRequest({ symbol: 'SPY', conId: 756733 })),
      rt.coordinator.submit(secDefOptParamsRequest({ symbol: 'SPY', conId: 756733 })),
      rt.coordinator.submit(contractDetailsRequest(SPY_STOCK)),
      flushIo(),
    ]).then(async (r) => {
      await drive(clock, 200);
      return r;
    });
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(0);
    expect(c[0].contract.symbol).toBe('SPY');
    expect(sent.filter((k) => k === 'secDefOptParams')).toHaveLength(1);
    await expect(rt.coordinator.submit(contractDetailsRequest(stock('NOSUCH')))).rejects.toMatchObject({ failure: 'rejected', code: 200, kind: 'contractDetails' });
  });

  it('orders first: an order leg\'s contract details overtake the scan\'s queued ones, and a shared queued one moves up', async () => {
    const rt = await ready(65, 5);
    const conIds = sim.market.findContracts({ secType: 'OPT', symbol: 'IWM' }).slice(0, 60).map((c) => c.conId);
    const sent: Array<{ id: number; lane: string }> = [];
    rt.bus.on('request-sent', (e) => sent.push({ id: e.reqId, lane: e.lane }));
    // the scan queues 59 contract queries (5 messages/s: most of them wait)
    const scan = conIds.slice(0, 59).map((id) => rt.coordinator.submit(contractDetailsRequest(byConId(id), { timeoutMs: 60_000 })));
    await drive(clock, 400, 20);
    const queued = rt.coordinator.queueDepth();
    expect(queued).toBeGreaterThan(50);
    const before = sent.length;
    // an order's leg, new, and an order's leg the scan already asked for (queued last)
    const leg = rt.coordinator.submit(contractDetailsRequest(byConId(conIds[59]), { lane: 'order-data' }));
    const shared = rt.coordinator.submit(contractDetailsRequest(byConId(conIds[58]), { lane: 'order-data' }));
    let legDone = false;
    void Promise.all([leg, shared]).then(() => (legDone = true));
    await driveUntil(clock, () => legDone, { what: 'the order legs answered', stepMs: 20, maxMs: 5_000 });
    // both went out as the next two messages, in the order-data lane, ahead of ~50 queued scan queries
    expect(sent.slice(before, before + 2).map((e) => e.lane)).toEqual(['order-data', 'order-data']);
    expect(rt.coordinator.queueDepth()).toBeGreaterThan(40);
    // the scan's caller of the shared query gets the same answer
    expect(await scan[58]).toBe(await shared);
    await driveUntil(clock, () => rt.coordinator.queueDepth() === 0, { what: 'the scan queue drained', stepMs: 100, maxMs: 30_000 });
    await Promise.all(scan);
    expect(rt.policy.count(100)).toBe(0);
  });

  it('paces historical requests by IB\'s rules: no 162 from the simulator', async () => {
    const rt = await ready(63);
    const sentAt: number[] = [];
    rt.bus.on('request-sent', (e) => e.kind === 'historicalData' && sentAt.push(e.at));

    // 8 requests for one contract with small bars (paced), and one identical repeat
    const durations = ['300 S', '330 S', '360 S', '390 S', '420 S', '450 S', '480 S', '510 S', '300 S'];
    const reqs = durations.map((d) => rt.coordinator.submit(historicalDataRequest({ contract: SPY_STOCK, duration: d, barSize: '30 secs', whatToShow: 'TRADES' })));
    await drive(clock, 1_000, 20);
    const first = await reqs[0];
    expect(first.length).toBeGreaterThan(0);
    // the repeat of '300 S' was identical to the first while that was in flight: it shared its answer
    expect(await reqs[8]).toBe(first);
    const settled = Promise.all(reqs);
    await driveUntil(clock, () => sentAt.length >= 8, { maxMs: 10_000, stepMs: 50, what: 'all sent' });
    await drive(clock, 1_000);
    await settled;
    expect(rt.policy.count(162)).toBe(0);
    // the sixth request for the contract waited until the 2 s window allowed it
    expect(sentAt[5] - sentAt[0]).toBeGreaterThanOrEqual(2_000);
    const again = rt.coordinator.submit(historicalDataRequest({ contract: SPY_STOCK, duration: '300 S', barSize: '30 secs', whatToShow: 'TRADES' }));
    const at = clock.now();
    await drive(clock, 16_000, 200);
    await again;
    expect(sentAt[8] - sentAt[0]).toBeGreaterThanOrEqual(15_000);
    expect(sentAt[8]).toBeGreaterThanOrEqual(at);
    expect(rt.policy.count(162)).toBe(0);
  });

  it('times a request out, typed, and cancels it at the gateway', async () => {
    const rt = await ready(64);
    const sent: string[] = [];
    rt.bus.on('request-sent', (e) => sent.push(e.kind));
    const slow = rt.coordinator.submit(historicalDataRequest({ contract: stock('QQQ'), duration: '1 D', barSize: '1 hour', whatToShow: 'MIDPOINT', timeoutMs: 100 }));
    const caught = slow.catch((e: unknown) => e);
    await drive(clock, 500, 20);
    const e = (await caught) as IbRequestError;
    expect(e).toBeInstanceOf(IbRequestError);
    expect(e).toMatchObject({ failure: 'timeout', sent: true });
    expect(sent).toContain('cancel:historicalData');
  });

  it('producers waiting for room in the queue are woken in arrival order, one per request that leaves it; abort and stop release them', async () => {
    const rt = await ready(65, 10);
    const conIds = sim.market.findContracts({ secType: 'OPT', symbol: 'QQQ' }).map((c) => c.conId);
    const ask = (id: number) => rt.coordinator.submit(contractDetailsRequest(byConId(id), { timeoutMs: 60_000 }));
    const answers = conIds.slice(0, 40).map(ask);
    const depth0 = rt.coordinator.queueDepth();
    expect(depth0).toBeGreaterThan(25);
    let atOnce = false;
    await rt.coordinator.whenQueueBelow(depth0 + 1).then(() => (atOnce = true));
    expect(atOnce).toBe(true);
    // Five producers want the queue below depth0 - 2; each, once woken, submits a request (as the scan's workers do).
    const mark = depth0 - 2;
    const woken: number[] = [];
    const abort = new AbortController();
    const waits = [0, 1, 2, 3, 4].map((i) =>
      rt.coordinator.whenQueueBelow(mark, i === 3 ? abort.signal : undefined).then(() => {
        woken.push(i);
        if (i !== 3) answers.push(ask(conIds[100 + i]));
      }),
    );
    await flushIo();
    expect(woken).toEqual([]);
    expect(rt.coordinator.queueWaiters()).toBe(5);
    await driveUntil(clock, () => woken.length >= 1, { stepMs: 10, what: 'a place below the mark' });
    await drive(clock, 50, 10); // answers arriving meanwhile leave the queue as it is: nobody else wakes
    expect(woken).toEqual([0]);
    expect(rt.coordinator.queueDepth()).toBeGreaterThanOrEqual(mark - 1);
    abort.abort();
    await flushIo();
    expect(woken).toEqual([0, 3]); // the aborted one lets go without room
    await driveUntil(clock, () => woken.length >= 3, { stepMs: 10, what: 'the next place' });
    expect(woken).toEqual([0, 3, 1]); // the next in order, not everyone
    rt.coordinator.stop();
    await Promise.all(waits);
    expect([...woken].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(rt.coordinator.queueWaiters()).toBe(0);
    await Promise.allSettled(answers);
  });
});
