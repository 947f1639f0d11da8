import { createTestApp, TestApp, ADMIN_PASSWORD } from '../../testing/test-app';
import { UsersService } from '../users/users.service';

describe('brute force refused (issue 15 #6)', () => {
  let t: TestApp;
  let nowMs = Date.parse('2026-12-04T15:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ now: () => new Date(nowMs) });
    await t.app.get(UsersService).create({ username: 'victim', password: 'victim-real-password', role: 'trader' });
  });
  afterAll(() => t.close());

  const attempt = (username: string, password: string) => t.http().post('/api/v1/auth/login').send({ username, password });

  it('40 wrong passwords: back-off with 429 and Retry-After, then a lockout the right password cannot pass until an admin clears it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await attempt('victim', `guess-${i}`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        // The attacker waits out each back-off (not the lockout); the next guess is checked.
        if (!/locked/.test(res.body.message)) nowMs += Number(res.headers['retry-after']) * 1000;
      }
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    const locked = await attempt('victim', 'victim-real-password').expect(429);
    expect(locked.body.message).toMatch(/locked/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);

    const admin = await t.login('admin', ADMIN_PASSWORD);
    const list = await t.http().get('/api/v1/auth/lockouts').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ username: 'victim', failures: 10 })]);
    const trader = await t.tokenFor('trader');
    await t.http().delete('/api/v1/auth/lockouts/victim').set('Authorization', `Bearer ${trader}`).expect(403);
    await t.http().delete('/api/v1/auth/lockouts/victim').set('Authorization', `Bearer ${admin}`).expect(204);
    await t.http().delete('/api/v1/auth/lockouts/victim').set('Authorization', `Bearer ${admin}`).expect(404);
    await attempt('victim', 'victim-real-password').expect(200);

    const metrics = (await t.http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/ibsc_login_attempts_total\{result="wrong_password"\} 10/);
    expect(metrics).toMatch(/ibsc_login_attempts_total\{result="throttled_locked"\} \d+/);
    expect(metrics).toMatch(/ibsc_login_lockouts_total 1/);
    expect(metrics).toMatch(/ibsc_login_locked_accounts 0/);
  });

  it('throttles an address that guesses across many accounts', async () => {
    nowMs += 3_600_000;
    let refused: { status: number; body: { message: string } } | null = null;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await attempt(`nobody${i}`, 'wrong-password');
      if (res.status === 429) refused = res;
    }
    expect(refused?.body.message).toMatch(/from this address/);
    // The right password of another account from the same address is refused too, until the window passes.
    await attempt('admin', ADMIN_PASSWORD).expect(429);
    nowMs += 900_000;
    await attempt('admin', ADMIN_PASSWORD).expect(200);
  });
});
