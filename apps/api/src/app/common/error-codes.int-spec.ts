import { createTestApp, type TestApp } from '../../testing/test-app';

/** Issue 14 #1: every error body carries a stable `code`; bad input keeps naming the field in `details`. */
describe('error codes on the wire', () => {
  let t: TestApp;
  let viewer: string;
  beforeAll(async () => {
    t = await createTestApp();
    viewer = await t.tokenFor('viewer');
  });
  afterAll(() => t.close());

  it('a body that fails validation: 400 VALIDATION_FAILED naming the field', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'a' }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
  });

  it('a body that is not JSON: 400 with a code', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    // Nest hands the parser's error over as a BadRequestException: the generic code of 400.
    expect(res.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('no token: 401 UNAUTHENTICATED; a wrong role: 403 FORBIDDEN', async () => {
    expect((await t.http().get('/api/v1/presets').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const res = await t.http().get('/api/v1/users').set('Authorization', `Bearer ${viewer}`).expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', statusCode: 403 });
  });

  it('a missing resource: 404 with the domain code; an unknown route: 404 NOT_FOUND', async () => {
    const res = await t.http().get('/api/v1/presets/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${viewer}`).expect(404);
    expect(res.body.code).toBe('PRESET_NOT_FOUND');
    expect((await t.http().get('/api/v1/no-such-route').set('Authorization', `Bearer ${viewer}`).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('wrong passwords: 401, then 429 with a LOGIN_ code and Retry-After', async () => {
    let last = await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password' });
    expect(last.body.code).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 20 && last.status !== 429; i++) last = await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password' });
    expect(last.status).toBe(429);
    expect(last.body.code).toMatch(/^LOGIN_(BACKOFF|LOCKED|ADDRESS)$/);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});
