import { DataSource } from 'typeorm';
import { createTestApp, TestApp, ADMIN_PASSWORD } from '../../testing/test-app';

describe('auth and users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('bootstraps the admin from ADMIN_PASSWORD and issues a JWT', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { username: 'admin', role: 'admin' } });
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const a = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong' }).expect(401);
    const b = await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong' }).expect(401);
    expect(a.body.message).toBe(b.body.message);
  });

  it('refuses forged and malformed tokens', async () => {
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer abc.def.ghi').expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Basic xyz').expect(401);
  });

  it('lets only an admin create users; names bad fields', async () => {
    const admin = await t.tokenFor('admin');
    const trader = await t.tokenFor('trader');
    await t.http().post('/api/v1/users').set('Authorization', `Bearer ${trader}`).send({ username: 'eve', password: 'long-password-1', role: 'admin' }).expect(403);
    const created = await t.http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'carol', password: 'long-password-1', role: 'viewer' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'carol', role: 'viewer' });
    expect(created.body.passwordHash).toBeUndefined();
    await t.login('carol', 'long-password-1');
    const dup = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ username: 'CAROL', password: 'long-password-1', role: 'viewer' }).expect(409);
    expect(dup.body.details[0].field).toBe('username');
    const bad = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ username: 'x', password: 'short', role: 'root' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['password', 'role', 'username']);
  });

  it('stores passwords hashed with scrypt', async () => {
    const [row] = await t.app.get(DataSource).query(`SELECT password_hash FROM users WHERE username = 'admin'`);
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
  });
});
