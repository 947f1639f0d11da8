import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import { connectTestClient, createTestMarket, startTestSimulator, waitUntil, type TestClient } from '../testing';

/**
 * The rate window runs on the ManualClock, so these tests never let real time decide which window a message falls
 * in: after each burst they wait until the simulator has read every message of it (`counts().messagesReceived`)
 * before moving the clock, and they count answers only once a later answer (a marker) proves the earlier ones have
 * all arrived. (They used to sleep 80 ms and assert; on a loaded machine part of a burst could still be in flight
 * when the clock moved, or answers when they were counted.)
 */
describe('message rate limit (IBApi over TCP)', () => {
  const shared = createTestMarket();
  let sim: IbSimulator;
  let c: TestClient;
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator(shared);
    // stoqey paces itself at 40/s by default; lift that so the gateway's 50/s limit is what bites.
    c = await connectTestClient(sim.port, { clientId: 1, maxReqPerSec: 10_000 });
  });

  afterEach(async () => {
    await c.close();
    await sim.stop();
  });

  const currentTimes = (): number => c.log.named(EventName.currentTime).length;
  const rateErrors = () => c.log.infos().filter((i) => i.code === 100);

  /** Sends n reqCurrentTime and resolves once the simulator has read all of them (answered or discarded). */
  const burst = async (n: number): Promise<void> => {
    const target = sim.counts().messagesReceived + n;
    for (let i = 0; i < n; i++) c.api.reqCurrentTime();
    await waitUntil(() => sim.counts().messagesReceived >= target, 5000, `${n} messages read by the simulator`);
    expect(sim.counts().messagesReceived).toBe(target);
  };

  /** Waits for exactly `n` currentTime answers in all. */
  const answered = (n: number): Promise<unknown> =>
    c.log.waitFor(() => currentTimes() >= n, 5000, `${n} currentTime answers`).then(() => expect(currentTimes()).toBe(n));

  it('answers 50 messages in a second, sends 100 once for the rest, and discards them', async () => {
    shared.clock.advance(1000); // a fresh one-second window (startApi counted in the first)
    await burst(60);
    await c.log.waitForInfo(100);
    shared.clock.advance(1000);
    // Next second: all good again. Its answers come after every answer of the previous second.
    await burst(10);
    await answered(60);
    expect(rateErrors()).toEqual([{ code: 100, message: 'Max rate of messages per second has been exceeded.' }]);
    expect(c.api.isConnected).toBe(true);
    // Exactly 50 of the first 60 were answered, none late: one more in a third second is the 61st answer.
    shared.clock.advance(1000);
    await burst(1);
    await answered(61);
    expect(rateErrors()).toHaveLength(1);
  });

  it('closes the connection after a sustained violation (3 seconds in a row)', async () => {
    await burst(60); // with startApi: 49 answered, 100 once
    await c.log.waitForInfo(100);
    shared.clock.advance(1000);
    await burst(60);
    await c.log.waitFor(() => rateErrors().length === 2, 5000, 'second 100');
    expect(c.api.isConnected).toBe(true);
    expect(sim.clientCount()).toBe(1);
    shared.clock.advance(1000);
    const gone = c.log.waitForDisconnect(5000);
    for (let i = 0; i < 60; i++) c.api.reqCurrentTime();
    await gone;
    expect(rateErrors()).toHaveLength(3);
    expect(currentTimes()).toBe(49 + 50 + 50);
    expect(sim.clientCount()).toBe(0);
  });
});
