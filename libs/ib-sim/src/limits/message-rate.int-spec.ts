import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import { connectTestClient, createTestMarket, sleep, startTestSimulator, type TestClient } from '../testing';

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

  const burst = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) c.api.reqCurrentTime();
    await sleep(80);
  };

  it('answers 50 messages in a second, sends 100 once for the rest, and discards them', async () => {
    shared.clock.advance(1000); // a fresh one-second window (startApi counted in the first)
    await burst(60);
    await c.log.waitForInfo(100);
    expect(c.log.infos().filter((i) => i.code === 100)).toEqual([
      { code: 100, message: 'Max rate of messages per second has been exceeded.' },
    ]);
    expect(c.log.named(EventName.currentTime)).toHaveLength(50);
    expect(c.api.isConnected).toBe(true);
    // Next second: all good again.
    shared.clock.advance(1000);
    await burst(10);
    expect(c.log.named(EventName.currentTime)).toHaveLength(60);
  });

  it('closes the connection after a sustained violation (3 seconds in a row)', async () => {
    await burst(60);
    shared.clock.advance(1000);
    await burst(60);
    expect(c.api.isConnected).toBe(true);
    shared.clock.advance(1000);
    const gone = c.log.waitForDisconnect();
    await burst(60);
    await gone;
    expect(c.log.infos().filter((i) => i.code === 100)).toHaveLength(3);
    expect(sim.clientCount()).toBe(0);
  });
});
