import { createServer } from 'node:net';
import { startSimulator, type IbSimulator } from '@ibsc/ib-sim';
import { IbConnection, IbkrEventBus } from '@ibsc/ibkr';
import type { SimulatorFaultResult, SystemStatus } from '@ibsc/shared-dto';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { waitUntil } from '@ibsc/ib-sim/testing';

const FAULTS = '/api/v1/system/simulator/faults';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Sessions {
  opened: number;
  current: number;
  maxConcurrent: number;
  byClientId: Record<string, { current: number; maxConcurrent: number; opened: number; refused: number }>;
}

/**
 * IB_GATEWAY=tws pointing at a standalone simulator (the deployment shape of apps/ib-sim: its own process or
 * container, reached over TCP and its HTTP control endpoint only) with SIM_CONTROL_URL: admin fault drills go through
 * that endpoint. The simulator runs in this test process, but the API never sees its object.
 */
describe('POST /system/simulator/faults with a standalone simulator (IB_GATEWAY=tws, SIM_CONTROL_URL)', () => {
  let sim: IbSimulator;
  let t: TestApp;
  let admin: string;
  const state = () => t.app.get(IbConnection).state;
  const control = () => `http://127.0.0.1:${sim.controlPort}`;
  const sessions = async (): Promise<Sessions> => ((await (await fetch(`${control()}/sessions`)).json()) as { result: Sessions }).result;

  beforeAll(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, controlPort: 0, seed: 3 });
    t = await createTestApp({
      gateway: 'simulator',
      env: { IB_GATEWAY: 'tws', TWS_HOST: '127.0.0.1', TWS_PORT: String(sim.port), CLIENT_ID: '7', SIM_CONTROL_URL: `${control()}/` },
    });
    await waitUntil(() => state() === 'ready', 10_000, 'gateway ready');
    admin = await t.tokenFor('admin');
  });
  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('restart: the standalone simulator goes down for downMs and the API reconnects; one session of its client id at a time', async () => {
    const fromBus: string[] = [];
    const onState = (s: { to: string }) => fromBus.push(s.to);
    t.app.get(IbkrEventBus).on('state', onState);
    const t0 = Date.now();
    try {
      const res = await t.http().post(FAULTS).set(auth(admin)).send({ kind: 'restart', downMs: 1200 }).expect(202);
      expect(res.body as SimulatorFaultResult).toMatchObject({ kind: 'restart', downMs: 1200, mode: 'refuse', by: 'admin', gatewayKind: 'tws' });
      expect(sim.faults.status()).toMatchObject({ acceptMode: 'refuse' });
      await waitUntil(() => fromBus.at(-1) === 'ready', 20_000, 'ready again');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1200);
      expect(fromBus).toEqual(expect.arrayContaining(['disconnected', 'connecting']));
      const status = (await t.http().get('/api/v1/system/status').set(auth(admin)).expect(200)).body as SystemStatus;
      expect(status.gateway).toMatchObject({ kind: 'tws', state: 'ready', port: sim.port, simulatorFaults: true });
      const s = await sessions();
      expect(s.byClientId['7']).toMatchObject({ current: 1, maxConcurrent: 1, refused: 0 });
      expect(s.byClientId['7'].opened).toBeGreaterThanOrEqual(2);
    } finally {
      t.app.get(IbkrEventBus).off('state', onState);
    }
  });

  it("drop: the standalone simulator closes the API's session (CLIENT_ID 7), which reconnects", async () => {
    await waitUntil(() => state() === 'ready', 10_000, 'ready before the drop');
    const before = (await sessions()).byClientId['7'].opened;
    const fromBus: string[] = [];
    const onState = (s: { to: string }) => fromBus.push(s.to);
    t.app.get(IbkrEventBus).on('state', onState);
    try {
      const res = await t.http().post(FAULTS).set(auth(admin)).send({ kind: 'drop' }).expect(202);
      expect(res.body).toMatchObject({ kind: 'drop', downMs: null, gatewayKind: 'tws' });
      await waitUntil(() => fromBus.at(-1) === 'ready', 15_000, 'ready after the drop');
      expect(fromBus[0]).toBe('disconnected');
      const after = (await sessions()).byClientId['7'];
      expect(after).toMatchObject({ current: 1, maxConcurrent: 1, opened: before + 1 });
    } finally {
      t.app.get(IbkrEventBus).off('state', onState);
    }
  });

  it('farm: the market-data farm of the standalone simulator breaks, then recovers after downMs', async () => {
    await waitUntil(() => state() === 'ready', 10_000, 'ready before the farm fault');
    const farms = async () => ((await t.http().get('/api/v1/system/status').set(auth(admin)).expect(200)).body as SystemStatus).gateway.farms?.market;
    await t.http().post(FAULTS).set(auth(admin)).send({ kind: 'farm', downMs: 400 }).expect(202);
    expect(sim.faults.status()).toMatchObject({ marketFarmOk: false });
    await waitUntil(async () => (await farms()) === 'ok' && sim.faults.status().marketFarmOk, 5000, 'farm OK again');
  });

  it('a bad body is still a 400 naming the field, and nothing reaches the simulator', async () => {
    const faultsBefore = JSON.stringify(sim.faults.status());
    const res = await t.http().post(FAULTS).set(auth(admin)).send({ kind: 'restart', downMs: 60_001 }).expect(400);
    expect(res.body.details).toEqual([{ field: 'downMs', problems: [expect.stringMatching(/integer from 0 to 60000/)] }]);
    expect(JSON.stringify(sim.faults.status())).toBe(faultsBefore);
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

describe('POST /system/simulator/faults when SIM_CONTROL_URL does not answer', () => {
  it('502 naming SIM_CONTROL_URL and what went wrong; the API stays up', async () => {
    const port = await closedPort();
    const t = await createTestApp({
      gateway: 'simulator',
      env: { IB_GATEWAY: 'tws', TWS_PORT: String(await closedPort()), SIM_CONTROL_URL: `http://127.0.0.1:${port}` },
    });
    try {
      const token = await t.tokenFor('admin');
      const res = await t.http().post(FAULTS).set(auth(token)).send({ kind: 'farm', downMs: 100 }).expect(502);
      expect(res.body.message).toMatch(new RegExp(`control endpoint \\(SIM_CONTROL_URL=http://127\\.0\\.0\\.1:${port}\\) did not answer POST /faults/flap-farm: .*ECONNREFUSED`));
      await t.http().get('/api/v1/system/status').set(auth(token)).expect(200);
    } finally {
      await t.close();
    }
  });
});
