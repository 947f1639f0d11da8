import { Logger } from '@nestjs/common';
import { createServer } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { IbConnection, IbkrEventBus } from '@ibsc/ibkr';
import type { ClientToServerEvents, ServerToClientEvents, SimulatorFaultResult, SystemStatus } from '@ibsc/shared-dto';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { STATUS_HEARTBEAT_MS } from '../realtime/realtime.tokens';
import { waitUntil } from '@ibsc/ib-sim/testing';

const FAULTS = '/api/v1/system/simulator/faults';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A viewer's socket that records every `system.status` it receives. */
async function statusListener(t: TestApp, token: string): Promise<{ seen: SystemStatus[]; close(): void }> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(t.baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
  const seen: SystemStatus[] = [];
  socket.on('system.status', (s) => seen.push(s));
  await waitUntil(() => seen.length > 0, 5000, 'the status sent on connect');
  return { seen, close: () => socket.close() };
}

describe('POST /system/simulator/faults with the in-process simulator', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let trader: string;
  const state = () => t.app.get(IbConnection).state;

  beforeAll(async () => {
    // A one-minute heartbeat: every status a socket receives in these tests after the first was pushed on a change.
    t = await createTestApp({ gateway: 'simulator', overrides: [{ provide: STATUS_HEARTBEAT_MS, useValue: 60_000 }] });
    await waitUntil(() => state() === 'ready', 10_000, 'gateway ready');
    [admin, viewer, trader] = await Promise.all([t.tokenFor('admin'), t.tokenFor('viewer'), t.tokenFor('trader')]);
  });
  afterAll(() => t.close());

  it('is for admins only: 401 without a token, 403 for a viewer or a trader, and nothing is injected', async () => {
    await t.http().post(FAULTS).send({ kind: 'restart', downMs: 1000 }).expect(401);
    for (const token of [viewer, trader]) {
      const res = await t.http().post(FAULTS).set(auth(token)).send({ kind: 'restart', downMs: 1000 }).expect(403);
      expect(res.body.message).toMatch(/needs admin/);
    }
    expect(state()).toBe('ready');
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['no kind', {}, 'kind', /kind must be one of: restart, drop, farm/],
    ['an unknown kind', { kind: 'reboot' }, 'kind', /restart, drop, farm/],
    ['a downtime over a minute', { kind: 'restart', downMs: 60_001 }, 'downMs', /integer from 0 to 60000/],
    ['a negative downtime', { kind: 'restart', downMs: -5 }, 'downMs', /integer from 0 to 60000/],
    ['a downtime as a string', { kind: 'restart', downMs: '3000' }, 'downMs', /integer from 0 to 60000/],
    ['a downtime for a drop', { kind: 'drop', downMs: 3000 }, 'downMs', /applies only to kind restart or farm/],
    ['an unknown mode', { kind: 'restart', mode: 'hang' }, 'mode', /refuse, silent/],
    ['an unknown farm', { kind: 'farm', farm: 'secdef' }, 'farm', /market, hmds/],
    ['an unknown field', { kind: 'restart', port: 4002 }, 'port', /not an allowed field/],
  ])('%s → 400 naming the field and what is allowed', async (_name, body, field, problem) => {
    const res = await t.http().post(FAULTS).set(auth(admin)).send(body).expect(400);
    expect(res.body.details).toEqual([{ field, problems: [expect.stringMatching(problem)] }]);
    expect(res.body.message).toMatch(problem);
    expect(state()).toBe('ready');
  });

  it('restart: the gateway goes down for downMs; /system/status and pushed system.status show not-ready, then ready again', async () => {
    const audit = jest.spyOn(Logger.prototype, 'warn');
    const socket = await statusListener(t, viewer);
    const fromBus: string[] = [];
    const onState = (s: { to: string }) => fromBus.push(s.to);
    t.app.get(IbkrEventBus).on('state', onState);
    const t0 = Date.now();
    try {
      const res = await t.http().post(FAULTS).set(auth(admin)).send({ kind: 'restart', downMs: 1500 }).expect(202);
      expect(res.body as SimulatorFaultResult).toMatchObject({ kind: 'restart', downMs: 1500, mode: 'refuse', farm: null, by: 'admin', gatewayKind: 'simulator' });
      expect(audit).toHaveBeenCalledWith(expect.objectContaining({ msg: 'simulator fault injected', user: 'admin', role: 'admin', kind: 'restart', downMs: 1500, mode: 'refuse' }));

      const rest = async () => ((await t.http().get('/api/v1/system/status').set(auth(viewer)).expect(200)).body as SystemStatus).gateway.state;
      expect(socket.seen[0].gateway.simulatorFaults).toBe(true);
      await waitUntil(async () => (await rest()) !== 'ready', 5000, 'REST status not ready');
      await waitUntil(async () => (await rest()) === 'ready', 20_000, 'REST status ready again');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1500); // the gateway really refused connections meanwhile
      expect(fromBus).toEqual(expect.arrayContaining(['disconnected', 'connecting', 'restoring']));
      expect(fromBus.at(-1)).toBe('ready');

      // Pushed, not heartbeat (one minute here): a non-ready state, then ready as the last word.
      await waitUntil(() => socket.seen.at(-1)?.gateway.state === 'ready' && socket.seen.length > 2, 2000, 'pushed ready');
      const pushed = socket.seen.slice(1).map((s) => s.gateway.state);
      expect(pushed).toContain('disconnected');
      expect(pushed.indexOf('disconnected')).toBeLessThan(pushed.lastIndexOf('ready'));
      expect(pushed.at(-1)).toBe('ready');
    } finally {
      t.app.get(IbkrEventBus).off('state', onState);
      socket.close();
      audit.mockRestore();
    }
  });

  it('drop: the simulator closes the API session, which reconnects', async () => {
    const fromBus: string[] = [];
    const onState = (s: { to: string }) => fromBus.push(s.to);
    t.app.get(IbkrEventBus).on('state', onState);
    try {
      const res = await t.http().post(FAULTS).set(auth(admin)).send({ kind: 'drop' }).expect(202);
      expect(res.body).toMatchObject({ kind: 'drop', downMs: null, mode: null, farm: null });
      await waitUntil(() => fromBus.at(-1) === 'ready', 15_000, 'ready after the drop');
      expect(fromBus[0]).toBe('disconnected');
    } finally {
      t.app.get(IbkrEventBus).off('state', onState);
    }
  });

  it('farm: the market-data farm reports broken, then OK after downMs; both pushed on system.status', async () => {
    const socket = await statusListener(t, viewer);
    try {
      await t.http().post(FAULTS).set(auth(admin)).send({ kind: 'farm', downMs: 300 }).expect(202);
      await waitUntil(() => socket.seen.some((s) => s.gateway.farms?.market === 'broken'), 2000, 'farm broken pushed');
      await waitUntil(() => socket.seen.at(-1)?.gateway.farms?.market === 'ok', 3000, 'farm OK pushed');
      expect(socket.seen.at(-1)?.gateway.state).toBe('ready');
    } finally {
      socket.close();
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('POST /system/simulator/faults without the simulator', () => {
  it('409 when the gateway is TWS (IB_GATEWAY=tws)', async () => {
    const t = await createTestApp({ gateway: 'simulator', env: { IB_GATEWAY: 'tws', TWS_PORT: String(await closedPort()) } });
    try {
      const res = await t.http().post(FAULTS).set(auth(await t.tokenFor('admin'))).send({ kind: 'restart', downMs: 1000 }).expect(409);
      expect(res.body.message).toMatch(/only into a simulated gateway: the built-in one \(IB_GATEWAY=simulator\) or a standalone one \(IB_GATEWAY=tws with SIM_CONTROL_URL\); this API is connected to TWS .* and SIM_CONTROL_URL is not set/);
      // the body is still validated first
      await t.http().post(FAULTS).set(auth(await t.tokenFor('admin'))).send({ kind: 'nope' }).expect(400);
      const status = await t.http().get('/api/v1/system/status').set(auth(await t.tokenFor('admin'))).expect(200);
      expect((status.body as SystemStatus).gateway).toMatchObject({ kind: 'tws', simulatorFaults: false });
    } finally {
      await t.close();
    }
  });

  it('409 when the API runs without a gateway connection', async () => {
    const t = await createTestApp();
    try {
      const res = await t.http().post(FAULTS).set(auth(await t.tokenFor('admin'))).send({ kind: 'drop' }).expect(409);
      expect(res.body.message).toMatch(/runs without a gateway connection/);
    } finally {
      await t.close();
    }
  });
});
