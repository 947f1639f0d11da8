import { EventName } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import { encodeClientHello, encodeFrame } from '../protocol/frame-encoder';
import {
  connectTestClient,
  createTestMarket,
  RawClient,
  sleep,
  startTestSimulator,
  stock,
  waitUntil,
  type TestClient,
} from '../testing';

/** Hostile and broken clients: each gets an error or is disconnected; the simulator and its other clients carry on. */
describe('protocol abuse (raw sockets)', () => {
  const shared = createTestMarket();
  let sim: IbSimulator;
  let watcher: TestClient;
  const raws: RawClient[] = [];
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator(shared);
    watcher = await connectTestClient(sim.port, { clientId: 99 });
    watcher.api.reqMktData(1, stock('SPY'), '', false, false);
    await watcher.log.waitForEvent(EventName.tickPrice);
  });

  afterEach(async () => {
    // The bystander never noticed: still connected, still ticking, no errors.
    const n = watcher.log.named(EventName.tickPrice).length;
    for (let i = 0; i < 8; i++) shared.clock.advance(250);
    await watcher.log.waitFor(() => watcher.log.named(EventName.tickPrice).length > n, 2000, 'more ticks');
    expect(watcher.log.errors()).toEqual([]);
    for (const r of raws.splice(0)) r.destroy();
    await watcher.close();
    await sim.stop();
  });

  const raw = async (): Promise<RawClient> => {
    const r = await RawClient.connect(sim.port);
    raws.push(r);
    return r;
  };
  const ready = async (clientId: number): Promise<RawClient> => {
    const r = await RawClient.handshake(sim.port, clientId);
    raws.push(r);
    return r;
  };

  it('garbage before the handshake: disconnected', async () => {
    const r = await raw();
    r.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await r.waitClosed();
  });

  it('an absurd handshake length: disconnected', async () => {
    const r = await raw();
    r.write(Buffer.from('API\0\x7f\xff\xff\xff', 'latin1'));
    await r.waitClosed();
  });

  it('an absurd frame length: disconnected without the server buffering it', async () => {
    const r = await ready(1);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(0xfffffff0);
    r.write(len);
    r.write(Buffer.alloc(64 * 1024, 65));
    await r.waitClosed();
    expect(sim.clientIds()).toEqual([99]);
  });

  it('malformed frames (empty, non-numeric id, bad integers, too few fields): error 320, still connected', async () => {
    const r = await ready(2);
    r.write(Buffer.alloc(4)); // an empty frame
    r.send(['x1', 'y']);
    r.send([1, 11, 'not-a-number']); // reqMktData with a bad tickerId
    r.send([9, 8]); // reqContractDetails cut short
    await waitUntil(() => r.messages.filter((m) => m[0] === '4' && m[3] === '320').length === 4, 2000, 'four 320s');
    r.send([49, 1]);
    await r.waitFor((m) => m[0] === '49');
    expect(r.closed).toBe(false);
  });

  it('an unknown message id: error 321 naming it, still connected', async () => {
    const r = await ready(3);
    r.send([999, 1, 2, 3]);
    const e = await r.waitFor((m) => m[0] === '4' && m[3] === '321');
    expect(e[2]).toBe('-1');
    expect(e[4]).toContain('999');
    r.send([49, 1]);
    await r.waitFor((m) => m[0] === '49');
  });

  it('requests before startApi are ignored, then the session works', async () => {
    const r = await raw();
    r.write(encodeClientHello());
    r.send([49, 1]);
    r.send([71, 2, 4, '']);
    await r.waitFor((m) => m[0] === '9');
    await sleep(30);
    expect(r.messages.some((m) => m[0] === '49')).toBe(false);
  });

  it('a client killed in the middle of a message: its session ends, its lines are freed', async () => {
    const r = await ready(5);
    r.send([1, 11, 7, 0, 'QQQ', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '', 0, 0, '']);
    await r.waitFor((m) => m[0] === '1');
    expect(sim.counts().marketDataLines).toBe(2);
    const frame = encodeFrame([9, 8, 7, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '', '', '']);
    r.write(frame.subarray(0, 13));
    await sleep(20);
    r.socket.resetAndDestroy();
    await waitUntil(() => sim.clientIds().length === 1, 2000, 'session closed');
    expect(sim.counts().marketDataLines).toBe(1);
  });

  it('a flood of tiny garbage frames: errors, then the rate limit disconnects it', async () => {
    const r = await ready(6);
    const frames: Buffer[] = [];
    for (let i = 0; i < 200; i++) frames.push(encodeFrame(['zz']));
    for (let s = 0; s < 3; s++) {
      r.write(Buffer.concat(frames));
      await r.waitFor((m) => m[0] === '4' && m[3] === '100' && r.messages.filter((x) => x[3] === '100').length > s);
      shared.clock.advance(1000);
    }
    await r.waitClosed();
  });

  it('many connections that never say hello are just open sockets', async () => {
    for (let i = 0; i < 20; i++) await raw();
    await waitUntil(() => sim.connectionCount() === 21, 2000, 'connections');
    for (const r of raws.splice(0)) r.destroy();
    await waitUntil(() => sim.connectionCount() === 1, 2000, 'connections closed');
  });
});
