import { ManualClock, startSimulator, type IbSimulator } from '@ibsc/ib-sim';
import { createTestRuntime, driveUntil, drive, StateRecorder, SPY_STOCK, byConId } from '../../testing';
import type { IbkrRuntime } from '../ibkr-runtime';
import { IbkrStatusSource } from '../ibkr.status-source';
import { placeOrderRequest } from '../requests/ib-requests';

/** 23:39:30 in New York (UTC-5 in November). */
const START = Date.UTC(2026, 10, 24, 4, 39, 30);
const RESTART_AT = Date.UTC(2026, 10, 24, 4, 45, 0);

describe('the plan\'s daily restart (23:45 America/New_York) against the simulator', () => {
  const clock = new ManualClock(START);
  let sim: IbSimulator;
  let rt: IbkrRuntime;

  beforeAll(async () => {
    sim = await startSimulator({ clock, port: 0, seed: 5, controlPort: false, marketStepMs: 5_000 });
    rt = createTestRuntime(sim.port, clock, { clientId: 31, backoff: { initialMs: 500, maxMs: 30_000, jitter: 0.5 } });
  });
  afterAll(async () => {
    await rt.stop();
    await sim.stop();
  });

  it('warns 5 minutes before, reconnects within 1 s of the gateway accepting again, restores every line under fresh ids, in order', async () => {
    const warnings: number[] = [];
    const alerts: string[] = [];
    rt.bus.on('restart', (r) => r.phase === 'warning' && warnings.push(r.at));
    rt.bus.on('alert', (a) => alerts.push(a.message));
    const status = new IbkrStatusSource(rt);
    rt.start();
    await driveUntil(clock, () => rt.connection.state === 'ready');

    // lines to restore: the underlying and 20 options
    const options = sim.market.findContracts({ secType: 'OPT', symbol: 'SPY' }).slice(0, 20);
    const subs = [rt.lines.subscribe(SPY_STOCK), ...options.map((o) => rt.lines.subscribe(byConId(o.conId)))];
    await driveUntil(clock, () => sim.counts().marketDataLines === 21, { what: '21 lines at the simulator' });
    const oldIds = subs.map((s) => s.tickerId());
    // an order id used before the restart
    const usedBefore = await rt.orderIds.next();
    // written once the token bucket has a token, which it gains only as the manual clock moves
    let written: 'yes' | Error | null = null;
    void rt.coordinator
      .submit(placeOrderRequest(usedBefore, SPY_STOCK, { action: 'BUY', orderType: 'LMT', lmtPrice: 1, totalQuantity: 1, transmit: true } as never))
      .then(
        () => (written = 'yes'),
        (e: Error) => (written = e),
      );
    await driveUntil(clock, () => written !== null, { what: 'the order written' });
    if (written !== 'yes') throw written;

    // the gateway restarts at 23:45 for 90 s and comes back with its order ids rolled back
    sim.faults.scheduleRestart(RESTART_AT, { downSeconds: 90, mode: 'refuse', rollbackNextValidIdTo: 1000 });
    let upAt = 0;
    sim.events.on('fault', (f) => {
      if (f.name === 'restart-up') upAt = clock.now();
    });
    const states = new StateRecorder(rt);
    let sessionUpAt = 0;
    rt.bus.on('ready', (r) => {
      if (r.reconnect) sessionUpAt = r.at;
    });
    await driveUntil(clock, () => clock.now() >= RESTART_AT - 60_000, { maxMs: 10 * 60_000, stepMs: 5_000 });
    expect(warnings).toEqual([RESTART_AT - 5 * 60_000]);
    expect(rt.restart.phase).toBe('warning');

    await driveUntil(clock, () => rt.connection.state !== 'ready', { maxMs: 70_000, stepMs: 200, what: 'the drop' });
    expect(clock.now()).toBeGreaterThanOrEqual(RESTART_AT);
    expect(status.gateway()).toMatchObject({ expectedRestart: true, state: expect.stringMatching(/disconnected|connecting/) });
    expect(status.gateway().message).toMatch(/^expected restart/);
    expect(status.health().up).toBe(true);

    await driveUntil(clock, () => rt.connection.state === 'ready', { maxMs: 120_000, stepMs: 50, what: 'ready after the restart' });
    expect(upAt).toBeGreaterThan(0);
    // reconnected (handshake complete) within 1 s of the gateway accepting; restoring the 21 lines follows
    expect(sessionUpAt - upAt).toBeGreaterThanOrEqual(0);
    expect(sessionUpAt - upAt).toBeLessThanOrEqual(1_000);
    expect(clock.now() - sessionUpAt).toBeLessThanOrEqual(1_500);
    await drive(clock, 1_000);

    // transitions in order: the drop, polling attempts, restoring, ready
    const seq = states.states().filter((s, i, a) => i === 0 || a[i - 1] !== s);
    expect(seq[0]).toBe('disconnected');
    expect(seq.slice(-3)).toEqual(['connecting', 'restoring', 'ready']);
    expect(seq.every((s) => ['disconnected', 'connecting', 'restoring', 'ready'].includes(s))).toBe(true);
    // expected: logged, no alert
    expect(alerts).toEqual([]);
    expect(rt.connection.info().lastDisconnectExpected).toBe(true);

    // every line restored, under fresh ticker ids
    expect(sim.counts().marketDataLines).toBe(21);
    const newIds = subs.map((s) => s.tickerId());
    expect(newIds.every((id) => id !== null)).toBe(true);
    for (const id of newIds) expect(oldIds).not.toContain(id);
    expect(rt.policy.count(322)).toBe(0);
    // ticks flow on the restored lines
    const before = subs[0].quote().updatedAt ?? 0;
    await drive(clock, 6_000, 500);
    expect(subs[0].quote().updatedAt ?? 0).toBeGreaterThan(before);

    // the gateway said 1000 again: the authority never reuses an id
    const after = await rt.orderIds.next();
    expect(after).toBeGreaterThan(usedBefore);
  });
});
