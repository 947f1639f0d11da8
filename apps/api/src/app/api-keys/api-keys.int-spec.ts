import type { ApiKeyView, ClientToServerEvents, CreatedApiKey, ServerToClientEvents } from '@ibsc/shared-dto';
import { waitUntil } from '@ibsc/ib-sim/testing';
import { IbConnection } from '@ibsc/ibkr';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { UsersService } from '../users/users.service';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('API keys (issue 14 #2): create, list, revoke; bearer auth with scopes, expiry and a per-key rate limit', () => {
  let t: TestApp;
  let nowMs = Date.parse('2026-12-04T15:00:00Z');
  let admin: string;
  let trader: string;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator', now: () => new Date(nowMs), env: { API_KEY_RATE_PER_SEC: '1', API_KEY_BURST: '50', SESSION_KEEPALIVE_MS: '10000' } });
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'gateway ready');
    [admin, trader] = await Promise.all([t.tokenFor('admin'), t.tokenFor('trader')]);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const create = (body: object, token = admin) => t.http().post('/api/v1/api-keys').set(bearer(token)).send(body);
  const newKey = async (body: object): Promise<CreatedApiKey> => (await create({ name: 'bot', ...body }).expect(201)).body as CreatedApiKey;
  const list = async (): Promise<ApiKeyView[]> => (await t.http().get('/api/v1/api-keys').set(bearer(admin)).expect(200)).body as ApiKeyView[];
  const db = () => t.app.get(DataSource);
  const count = async (table: string): Promise<number> => Number((await db().query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const placeWith = (key: string) =>
    t.http().post('/api/v1/orders').set(bearer(key)).set('Idempotency-Key', `key-test-${Math.random().toString(36).slice(2, 10)}`).send({ underlying: 'SPY', legs: [], quantity: 1 });

  it('creates a key shown once: the list never shows it, the database holds only its hash', async () => {
    const k = await newKey({ name: 'journal sync', scopes: ['read'] });
    expect(k.key).toMatch(/^ibsc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(k).toMatchObject({ name: 'journal sync', scopes: ['read'], username: 'admin', createdBy: 'admin', state: 'active', expiresAt: null, lastUsedAt: null, prefix: `ibsc_${k.id}_…` });
    const listed = (await list()).find((v) => v.id === k.id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('key');
    const secret = k.key.slice(22);
    const raw = await t.http().get('/api/v1/api-keys').set(bearer(admin)).expect(200);
    expect(raw.text).not.toContain(secret);
    const [row] = await db().query(`SELECT * FROM api_keys WHERE id = $1`, [k.id]);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a key authenticates REST as its user, within its scope; its last use is recorded', async () => {
    const k = await newKey({ scopes: ['read'] });
    const me = await t.http().get('/api/v1/auth/me').set(bearer(k.key)).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin', apiKey: { id: k.id, scopes: ['read'] } });
    await t.http().get('/api/v1/orders').set(bearer(k.key)).expect(200);
    await waitUntil(async () => (await list()).find((v) => v.id === k.id)?.lastUsedAt === new Date(nowMs).toISOString(), 5000, 'last used written');
  });

  it('a key without the scope → 403 INSUFFICIENT_SCOPE; nothing is placed', async () => {
    const read = await newKey({ scopes: ['read'] });
    const res = await placeWith(read.key).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'INSUFFICIENT_SCOPE' });
    expect(res.body.message).toMatch(/needs trade/);
    const trade = await newKey({ scopes: ['trade'] });
    const kill = await t.http().post('/api/v1/risk/kill-switch').set(bearer(trade.key)).send({ tripped: true, reason: 'x' }).expect(403);
    expect(kill.body.code).toBe('INSUFFICIENT_SCOPE');
    await t.http().get('/api/v1/api-keys').set(bearer(trade.key)).expect(403);
    expect(await count('orders')).toBe(0);
  });

  it('revoked, expired, malformed and unknown keys → 401 with a code; nothing is placed', async () => {
    const revoked = await newKey({ scopes: ['trade'] });
    const v = (await t.http().delete(`/api/v1/api-keys/${revoked.id}`).set(bearer(admin)).expect(200)).body as ApiKeyView;
    expect(v).toMatchObject({ id: revoked.id, state: 'revoked', revokedBy: 'admin' });
    expect((await placeWith(revoked.key).expect(401)).body).toMatchObject({ statusCode: 401, code: 'API_KEY_REVOKED' });
    await t.http().delete(`/api/v1/api-keys/${revoked.id}`).set(bearer(admin)).expect(200);

    const expiring = await newKey({ scopes: ['trade'], expiresAt: new Date(nowMs + 60_000).toISOString() });
    await t.http().get('/api/v1/auth/me').set(bearer(expiring.key)).expect(200);
    nowMs += 60_000;
    expect((await placeWith(expiring.key).expect(401)).body).toMatchObject({ code: 'API_KEY_EXPIRED' });
    expect((await list()).find((k) => k.id === expiring.id)?.state).toBe('expired');

    for (const bad of ['ibsc_', 'ibsc_0123', `${revoked.key}x`]) {
      expect((await placeWith(bad).expect(401)).body).toMatchObject({ code: 'API_KEY_MALFORMED' });
    }
    const forged = `ibsc_${revoked.id}_${'A'.repeat(43)}`;
    expect((await placeWith(forged).expect(401)).body).toMatchObject({ code: 'API_KEY_INVALID' });
    expect((await placeWith(`ibsc_0000000000000000_${'A'.repeat(43)}`).expect(401)).body).toMatchObject({ code: 'API_KEY_INVALID' });
    expect(await count('orders')).toBe(0);
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    for (const r of ['ok', 'revoked', 'expired', 'malformed', 'invalid', 'insufficient_scope']) expect(metrics).toMatch(new RegExp(`ibsc_api_key_requests_total\\{result="${r}"\\} [1-9]`));
  });

  it("a disabled owner's keys are refused; a scope above the owner's role is refused at creation", async () => {
    const users = t.app.get(UsersService);
    const u = await users.create({ username: `keyowner${Date.now() % 100000}`, password: 'long-password-for-key-owner', role: 'trader' });
    expect((await create({ name: 'x', scopes: ['admin'], userId: u.id }).expect(422)).body).toMatchObject({ code: 'SCOPE_EXCEEDS_ROLE' });
    const k = await newKey({ scopes: ['trade'], userId: u.id });
    expect(k.username).toBe(u.username);
    await t.http().get('/api/v1/auth/me').set(bearer(k.key)).expect(200);
    await t.http().patch(`/api/v1/users/${u.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
    expect((await t.http().get('/api/v1/auth/me').set(bearer(k.key)).expect(401)).body).toMatchObject({ code: 'API_KEY_OWNER_DISABLED' });
  });

  it('bad input names the field; only admins manage keys', async () => {
    expect((await create({ name: 'x', scopes: [] }).expect(400)).body.message).toMatch(/scopes/);
    expect((await create({ name: 'x', scopes: ['write'] }).expect(400)).body.message).toMatch(/read, trade, admin/);
    expect((await create({ name: '', scopes: ['read'] }).expect(400)).body.message).toMatch(/name/);
    expect((await create({ name: 'x', scopes: ['read'], expiresAt: 'tomorrow' }).expect(400)).body.message).toMatch(/expiresAt/);
    expect((await create({ name: 'x', scopes: ['read'], expiresAt: new Date(nowMs - 1000).toISOString() }).expect(400)).body).toMatchObject({ code: 'EXPIRY_IN_PAST' });
    expect((await create({ name: 'x', scopes: ['read'], userId: 'nobody' }).expect(400)).body.message).toMatch(/userId/);
    expect((await create({ name: 'x', scopes: ['read'], userId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body).toMatchObject({ code: 'USER_NOT_FOUND' });
    expect((await create({ name: 'x', scopes: ['read'], extra: 1 }).expect(400)).body.message).toMatch(/extra/);
    await create({ name: 'x', scopes: ['read'] }, trader).expect(403);
    await t.http().get('/api/v1/api-keys').set(bearer(trader)).expect(403);
    expect((await t.http().delete('/api/v1/api-keys/zzz').set(bearer(admin)).expect(404)).body).toMatchObject({ code: 'API_KEY_NOT_FOUND' });
  });

  it('an admin-scoped key is attributed in the audit log as user/key:<id>', async () => {
    const k = await newKey({ scopes: ['admin'] });
    await t.http().post('/api/v1/risk/kill-switch').set(bearer(k.key)).send({ tripped: true, reason: 'drill' }).expect(200);
    await t.http().post('/api/v1/risk/kill-switch').set(bearer(admin)).send({ tripped: false, reason: 'drill over' }).expect(200);
    const rows = await db().query(`SELECT actor, action FROM order_audit_log WHERE action LIKE 'kill_switch.%' ORDER BY id`);
    expect(rows).toEqual([
      { actor: `admin/key:${k.id}`, action: 'kill_switch.tripped' },
      { actor: 'admin', action: 'kill_switch.reset' },
    ]);
  });

  it('each key has its own rate limit: over it → 429 RATE_LIMITED with Retry-After; it refills with time', async () => {
    const k = await newKey({ scopes: ['read'] });
    const other = await newKey({ scopes: ['read'] });
    for (let i = 0; i < 50; i++) await t.http().get('/api/v1/auth/me').set(bearer(k.key)).expect(200);
    const res = await t.http().get('/api/v1/auth/me').set(bearer(k.key)).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(res.headers['retry-after']).toBe('1');
    await t.http().get('/api/v1/auth/me').set(bearer(other.key)).expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(admin)).expect(200);
    nowMs += 1000;
    await t.http().get('/api/v1/auth/me').set(bearer(k.key)).expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(k.key)).expect(429);
  });

  it('Socket.IO: a key connects like a token; a revoked or malformed key is refused with its code; revoking closes its socket', async () => {
    const connect = (token: string) =>
      new Promise<ClientSocket>((resolve, reject) => {
        const s: ClientSocket = io(t.baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
        sockets.push(s);
        s.on('connect', () => resolve(s));
        s.on('connect_error', reject);
      });
    const k = await newKey({ scopes: ['read'] });
    const s = await connect(k.key);
    let reason: string | null = null;
    s.on('disconnect', (r) => (reason = r));
    await t.http().delete(`/api/v1/api-keys/${k.id}`).set(bearer(admin)).expect(200);
    await waitUntil(() => reason !== null, 3000, 'socket closed after revoke');
    expect(reason).toBe('io server disconnect');
    await expect(connect(k.key)).rejects.toThrow(/unauthorized: API_KEY_REVOKED/);
    await expect(connect('ibsc_nope')).rejects.toThrow(/unauthorized: API_KEY_MALFORMED/);
  });
});
