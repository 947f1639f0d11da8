import { request as httpRequest } from 'node:http';
import { createTestApp, TestApp } from '../../testing/test-app';

/** Sends raw bytes (supertest would re-encode them). */
function rawPost(baseUrl: string, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: { message?: string; statusCode?: number } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('input limits before validation (issue 15 #5)', () => {
  let t: TestApp;
  let trader: string;
  beforeAll(async () => {
    t = await createTestApp();
    trader = await t.tokenFor('trader');
  });
  afterAll(() => t.close());

  it('refuses deeply nested JSON on login, without a token, with a 400 naming the depth', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await rawPost(t.baseUrl, '/api/v1/auth/login', Buffer.from(`{"username":"admin","password":${deep}}`));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/nested deeper than 32 levels/);
    // A normal body still works after it (the process did not overflow its stack).
    await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password!' }).expect(401);
  });

  it('refuses deep nesting on an authenticated endpoint too', async () => {
    const res = await t.http()
      .post('/api/v1/presets')
      .set('Authorization', `Bearer ${trader}`)
      .set('content-type', 'application/json')
      .send(`{"name":"deep","filters":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`)
      .expect(400);
    expect(res.body.message).toMatch(/nested deeper/);
  });

  it('refuses a NUL character, raw or escaped, before it reaches PostgreSQL', async () => {
    const escaped = await t.http().post('/api/v1/presets').set('Authorization', `Bearer ${trader}`).send({ name: 'a\u0000b', filters: {} }).expect(400);
    expect(escaped.body.message).toMatch(/NUL character/);
    const raw = await rawPost(t.baseUrl, '/api/v1/presets', Buffer.from('{"name":"a\u0000b","filters":{}}'), { authorization: `Bearer ${trader}` });
    expect(raw.status).toBe(400);
    expect(raw.body.message).toMatch(/NUL character/);
    const url = await t.http().get('/api/v1/presets/abc%00def').set('Authorization', `Bearer ${trader}`).expect(400);
    expect(url.body.message).toMatch(/URL contains a NUL/);
  });

  it('refuses invalid UTF-8 and over-long strings', async () => {
    const bad = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x"}')]);
    const res = await rawPost(t.baseUrl, '/api/v1/auth/login', bad);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not valid UTF-8/);
    const long = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'x'.repeat(10_001) }).expect(400);
    expect(long.body.message).toMatch(/longer than 10000 characters/);
    // Multi-byte characters count as characters, not bytes: 5,000 of them pass the raw check (the DTO then names the field).
    const accents = await t.http().post('/api/v1/auth/login').send({ username: 'é'.repeat(5000), password: 'x' }).expect(400);
    expect(accents.body.details[0].field).toBe('username');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(`{"username":"${'a'.repeat(9000)}","pad":[${'1,'.repeat(600_000)}1]}`).expect(413);
    expect(res.body.statusCode).toBe(413);
  });
});
