import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import {
  connectTestClient,
  createTestClient,
  createTestMarket,
  startTestSimulator,
  type TestClient,
  waitUntil,
} from '../testing';

/** Sessions per client id, counted by the simulator (issue 11: never more than one owner session at a time). */
describe('session counts (IBApi over TCP)', () => {
  const shared = createTestMarket();
  let sim: IbSimulator;
  const clients: TestClient[] = [];
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator({ ...shared, controlPort: 0 });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await sim.stop();
  });

  const control = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${sim.controlPort}${path}`);
    return { status: res.status, json: (await res.json()) as { result?: Record<string, unknown>; error?: string; field?: string } };
  };

  it('a second session of a connected client id is refused with 326 and its socket closed; counts show one at a time', async () => {
    const refused: number[] = [];
    sim.events.on('refused', (e) => refused.push(e.clientId));
    const first = await connectTestClient(sim.port, { clientId: 1 });
    clients.push(first);
    for (let i = 0; i < 2; i++) {
      const dup = createTestClient(sim.port, { clientId: 1 });
      dup.api.connect(1);
      expect(await dup.log.waitForInfo(326)).toMatch(/client id is already in use/);
      await dup.log.waitForDisconnect();
    }
    expect(refused).toEqual([1, 1]);
    expect(sim.sessionStats().byClientId[1]).toEqual({ clientId: 1, current: 1, maxConcurrent: 1, opened: 1, refused: 2 });

    // The holder leaves; the id is taken again (a hand-over): still never two at once.
    await clients.pop()!.close();
    await waitUntil(() => sim.sessionStats().current === 0);
    clients.push(await connectTestClient(sim.port, { clientId: 1 }));
    expect(sim.sessionStats()).toMatchObject({
      current: 1,
      maxConcurrent: 1,
      opened: 2,
      refused: 2,
      byClientId: { 1: { current: 1, maxConcurrent: 1, opened: 2, refused: 2 } },
    });
    const records = sim.sessionRecords();
    expect(records.map((r) => [r.clientId, r.closeReason])).toEqual([
      [1, expect.stringMatching(/^peer (closed|ended)$/)],
      [1, null],
    ]);
    expect(records[0].closedAt).not.toBeNull();
  });

  it('a group of ids (CLIENT_ID and its fallback) shows an overlap when both are connected at once', async () => {
    const a = await connectTestClient(sim.port, { clientId: 1 });
    clients.push(a);
    await a.close();
    clients.pop();
    await waitUntil(() => sim.sessionStats().current === 0);
    clients.push(await connectTestClient(sim.port, { clientId: 101 }));
    clients.push(await connectTestClient(sim.port, { clientId: 9 }));
    expect(sim.sessionGroup([1, 101])).toEqual({ clientIds: [1, 101], current: 1, maxConcurrent: 1, opened: 2, complete: true });
    clients.push(await connectTestClient(sim.port, { clientId: 1 }));
    expect(sim.sessionGroup([1, 101])).toMatchObject({ current: 2, maxConcurrent: 2, opened: 3 });
    expect(sim.sessionStats()).toMatchObject({ current: 3, maxConcurrent: 3, opened: 4 });
  });

  it('GET /sessions and GET /status on the control endpoint carry the same figures; a bad query gets a 400 naming it', async () => {
    clients.push(await connectTestClient(sim.port, { clientId: 4 }));
    const dup = createTestClient(sim.port, { clientId: 4 });
    dup.api.connect(4);
    await dup.log.waitForInfo(326);
    await dup.log.waitForDisconnect();
    expect(dup.log.named(EventName.nextValidId)).toEqual([]);

    const s = await control('/sessions?clientIds=4,5&limit=1');
    expect(s.status).toBe(200);
    expect(s.json.result).toEqual({
      current: 1,
      maxConcurrent: 1,
      opened: 1,
      refused: 1,
      byClientId: { 4: { clientId: 4, current: 1, maxConcurrent: 1, opened: 1, refused: 1 } },
      group: { clientIds: [4, 5], current: 1, maxConcurrent: 1, opened: 1, complete: true },
      recent: [
        { sessionId: expect.any(Number), clientId: 4, remote: expect.stringMatching(/^127\.0\.0\.1:\d+$/), openedAt: sim.clock.now(), closedAt: null, closeReason: null },
      ],
    });
    expect((await control('/sessions')).json.result).not.toHaveProperty('group');
    expect((await control('/status')).json.result).toMatchObject({ clients: 1, sessions: { current: 1, maxConcurrent: 1, opened: 1, refused: 1 } });
    expect(await control('/sessions?clientIds=1,x')).toEqual({ status: 400, json: expect.objectContaining({ field: 'clientIds' }) });
    expect(await control('/sessions?limit=-1')).toEqual({ status: 400, json: expect.objectContaining({ field: 'limit', error: 'limit must be an integer from 0 to 10000' }) });
    expect((await fetch(`http://127.0.0.1:${sim.controlPort}/sessions`, { method: 'POST' })).status).toBe(405);
  });
});
