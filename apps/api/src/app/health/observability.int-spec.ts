import { io, Socket } from 'socket.io-client';
import type { ServerToClientEvents, ClientToServerEvents, SystemStatus } from '@ibsc/shared-dto';
import { createTestApp, TestApp } from '../../testing/test-app';

describe('health, metrics, OpenAPI and the status socket', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('readiness reports the database, the session owner and the gateway slot', async () => {
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.session).toMatchObject({ status: 'up', role: 'owner', replicaId: t.config.replicaId, owner: t.config.replicaId });
    expect(res.body.details.session.ibkr).toMatchObject({ kind: 'simulator', state: 'disconnected', message: 'connection layer not started' });
    const live = await t.http().get('/api/v1/health/live').expect(200);
    expect(live.body.status).toBe('ok');
  });

  it('exposes Prometheus text with process metrics and an HTTP histogram by route and status', async () => {
    await t.http().get('/api/v1/presets').expect(401);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/process_cpu_seconds_total/);
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/presets",status="401"\} 1/);
  });

  it('serves an OpenAPI 3 document listing auth, users and presets', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/presets', '/api/v1/presets/{id}', '/api/v1/presets/import', '/api/v1/presets/export']));
    expect(res.body.components.securitySchemes.bearer).toBeDefined();
  });

  it('tags every response with a request id', async () => {
    const res = await t.http().get('/api/v1/health/live').set('X-Request-Id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    const res2 = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res2.body.requestId).toBe(res2.headers['x-request-id']);
  });

  function connect(token?: string): Socket<ServerToClientEvents, ClientToServerEvents> {
    return io(t.baseUrl, { path: '/socket.io', auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
  }

  it('refuses a socket without a valid token', async () => {
    const socket = connect('not-a-token');
    const err = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(err.message).toMatch(/unauthorized/);
    socket.close();
  });

  it('sends system.status to an authenticated socket at once', async () => {
    const token = await t.tokenFor('viewer');
    const socket = connect(token);
    const status = await new Promise<SystemStatus>((resolve) => socket.on('system.status', resolve));
    expect(status.database).toBe('up');
    expect(status.gateway.kind).toBe('simulator');
    expect(status.marketData.max).toBe(90);
    const pong = await socket.timeout(2000).emitWithAck('system.ping');
    expect(typeof pong.at).toBe('string');
    socket.close();
  });

  it('counts connected Socket.IO clients and says the database is up', async () => {
    const gauge = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec((await t.http().get('/metrics').expect(200)).text)?.[1]);
    /** Polls the gauge (a closed socket leaves the server a moment later) for at most 5 s. */
    const settlesAt = async (name: string, value: number) => {
      for (let i = 0; i < 100 && (await gauge(name)) !== value; i++) await new Promise((r) => setTimeout(r, 50));
      return gauge(name);
    };
    expect(await settlesAt('socketio_connected_clients', 0)).toBe(0);
    const socket = connect(await t.tokenFor('viewer'));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    expect(await gauge('socketio_connected_clients')).toBe(1);
    socket.close();
    expect(await settlesAt('socketio_connected_clients', 0)).toBe(0);
    expect(await gauge('api_database_up')).toBe(1);
  });
});
