import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import { IbConnection } from '@ibsc/ibkr';
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import type { ClientToServerEvents, CreatedApiKey, PlaceOrderResult, PreviewView, ServerToClientEvents } from '@ibsc/shared-dto';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../../ibkr/gateway-endpoint';
import { UsersService } from '../../users/users.service';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Channel {
  subscribe?: { message: { name: string; payload: object } };
  publish?: { message: { name: string; payload: object; 'x-ack': { payload: object } } };
}
interface AsyncApiDoc {
  asyncapi: string;
  channels: Record<string, Channel>;
  components: { schemas: Record<string, object> };
}

const ROOT = join(__dirname, '../../../../../..');
const APP_SRC = join(ROOT, 'apps/api/src/app');

/** Every `emit('area.event'` in the API's source (tests excluded): the events the server can send. */
function emittedEventNames(dir = APP_SRC): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) emittedEventNames(path).forEach((n) => names.add(n));
    else if (entry.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(entry)) {
      for (const m of readFileSync(path, 'utf8').matchAll(/\.emit\(\s*'([a-z]+\.[A-Za-z]+)'/g)) names.add(m[1]);
    }
  }
  return names;
}

describe('the Socket.IO contract (issue 14 #3): AsyncAPI document checked against what the gateway emits', () => {
  let t: TestApp;
  let doc: AsyncApiDoc;
  let ajv: Ajv;
  let trade: CreatedApiKey;
  let adminKey: CreatedApiKey;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    // A long session keep-alive: on a loaded machine a 2 s keep-alive timeout can depose the only replica (ADR 0010).
    t = await createTestApp({ gateway: 'simulator', env: { POSITIONS_PUSH_INTERVAL_MS: '500', SESSION_KEEPALIVE_MS: '10000' } });
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'gateway ready');
    const admin = await t.tokenFor('admin');
    const trader = await t.app.get(UsersService).create({ username: 'quantbot', password: 'long-password-for-quantbot', role: 'trader' });
    const create = async (body: object) => (await t.http().post('/api/v1/api-keys').set('Authorization', `Bearer ${admin}`).send(body).expect(201)).body as CreatedApiKey;
    trade = await create({ name: 'notebook', scopes: ['trade'], userId: trader.id });
    adminKey = await create({ name: 'ops', scopes: ['admin'] });
    doc = (await t.http().get('/api/asyncapi.json').expect(200)).body as AsyncApiDoc;
    ajv = new Ajv({ strict: false, allErrors: true });
    // The document's own top-level `id` is an AsyncAPI field, not a JSON Schema one: give Ajv what the refs reach.
    ajv.addSchema({ channels: doc.channels, components: doc.components }, 'asyncapi');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  const pointer = (...parts: string[]) => 'asyncapi#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  const validator = (event: string, at: 'subscribe' | 'publish' | 'ack'): ValidateFunction => {
    const path = at === 'ack' ? [event, 'publish', 'message', 'x-ack', 'payload'] : [event, at, 'message', 'payload'];
    return ajv.getSchema(pointer('channels', ...path)) ?? ajv.compile({ $ref: pointer('channels', ...path) });
  };

  it('documents every event of the typed map and every event the source emits, each with a payload schema', () => {
    expect(doc.asyncapi).toBe('2.6.0');
    const server = Object.entries(doc.channels).filter(([, c]) => c.subscribe).map(([n]) => n).sort();
    const client = Object.entries(doc.channels).filter(([, c]) => c.publish).map(([n]) => n).sort();
    // ServerToClientEvents' keys (socket-payloads.ts is checked equal to the map at compile time).
    const generated = JSON.parse(readFileSync(join(APP_SRC, 'realtime/asyncapi/socket-payload-schemas.json'), 'utf8'));
    expect(server).toEqual(Object.keys(generated.definitions.ServerEventPayloads.properties).sort());
    expect(client).toEqual(['scan.resync', 'scan.visible', 'system.ping']);
    const emitted = [...emittedEventNames()];
    expect(emitted.length).toBeGreaterThanOrEqual(9);
    for (const name of emitted) expect(server).toContain(name);
    for (const name of server) expect(() => validator(name, 'subscribe')).not.toThrow();
  });

  it('the payload schemas are what the TypeScript types give (npm run asyncapi:schemas -- --check)', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'asyncapi:schemas', '--', '--check'], { cwd: ROOT, timeout: 120_000 });
    expect(stdout).toMatch(/up to date/);
  }, 150_000);

  it('a socket authenticated with an API key receives scan, order, position, risk and status events whose payloads match their schemas', async () => {
    const received: Array<{ event: string; payload: unknown }> = [];
    const socket: ClientSocket = io(t.baseUrl, { path: '/socket.io', auth: { token: trade.key }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const key = (k: CreatedApiKey) => ({ Authorization: `Bearer ${k.key}` });

    // Right after start-up the scanner may still answer 503 (warming up): retry until it takes the scan.
    let last = '';
    const started = waitUntil(async () => {
      const r = await t.http().post('/api/v1/scan/start').set(key(trade)).send({ symbols: ['SPY'], spreadTypes: ['bull-put'], widths: [5] });
      last = `${r.status} ${JSON.stringify(r.body)}`;
      if (r.status !== 503 && r.status >= 300) throw new Error(`scan start refused: ${last}`);
      return r.status < 300;
    }, 30_000, 'scan started');
    await started.catch((e: Error) => {
      throw new Error(`${e.message}; last answer ${last}`);
    });
    const sim = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!;
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const body = { underlying: 'SPY', legs: [{ expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' }, { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' }], quantity: 1, orderType: 'LMT', priceMode: 'natural' };
    const p = (await t.http().post('/api/v1/orders/preview').set(key(trade)).send(body).expect(200)).body as PreviewView;
    const limit = Math.round(Math.min(p.width - 0.05, (p.limitPrice ?? 0) + 0.3) * 100) / 100;
    const placed = (await t.http().post('/api/v1/orders').set(key(trade)).set('Idempotency-Key', 'asyncapi-0001-abc').send({ ...body, priceMode: 'manual', limit }).expect(201)).body as PlaceOrderResult;
    await t.http().post('/api/v1/risk/kill-switch').set(key(adminKey)).send({ tripped: true, reason: 'contract test' }).expect(200);
    await t.http().post('/api/v1/risk/kill-switch').set(key(adminKey)).send({ tripped: false, reason: 'contract test over' }).expect(200);

    const wanted = ['system.status', 'scan.status', 'scan.snapshot', 'orders.update', 'orders.fill', 'positions.update', 'risk.killSwitch'];
    await waitUntil(() => wanted.every((e) => received.some((r) => r.event === e)), 60_000, `events ${wanted.join(', ')}`);
    const ping = await socket.timeout(5000).emitWithAck('system.ping');
    const resync = await socket.timeout(10_000).emitWithAck('scan.resync', { lastSeq: null });

    for (const { event, payload } of received) {
      expect(Object.keys(doc.channels)).toContain(event);
      const validate = validator(event, 'subscribe');
      if (!validate(payload)) throw new Error(`${event} payload does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(payload).slice(0, 500)}`);
    }
    expect(validator('system.ping', 'ack')(ping)).toBe(true);
    const resyncOk = validator('scan.resync', 'ack');
    if (!resyncOk(resync)) throw new Error(`scan.resync reply: ${ajv.errorsText(resyncOk.errors)}`);
    expect(validator('scan.resync', 'publish')({ lastSeq: null })).toBe(true);

    // The schemas are not vacuous: a fill without its order id, or with an unknown field, is refused.
    const fill = received.find((r) => r.event === 'orders.fill')!.payload as Record<string, unknown>;
    const { orderId: _dropped, ...noOrder } = fill;
    expect(validator('orders.fill', 'subscribe')(noOrder)).toBe(false);
    expect(validator('orders.fill', 'subscribe')({ ...fill, surprise: 1 })).toBe(false);

    // Attribution: the order's audit rows name the key.
    const rows = await t.app.get(DataSource).query(`SELECT DISTINCT actor FROM order_audit_log WHERE order_id = $1 AND action = 'order.created'`, [placed.order.id]);
    expect(rows).toEqual([{ actor: `quantbot/key:${trade.id}` }]);
  }, 120_000);

  it('is served next to the OpenAPI document, without a token, and not when API_DOCS=off', async () => {
    await t.http().get('/api/docs-json').expect(200);
    const off = await createTestApp({ env: { API_DOCS: 'off' } });
    try {
      const res = await off.http().get('/api/asyncapi.json');
      expect(res.status).not.toBe(200);
    } finally {
      await off.close();
    }
  });
});
