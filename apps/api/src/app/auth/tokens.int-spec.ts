import { JwtService } from '@nestjs/jwt';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@ibsc/shared-dto';
import { waitUntil } from '@ibsc/ib-sim/testing';
import { createTestApp, TestApp } from '../../testing/test-app';
import { UsersService } from '../users/users.service';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('revocable tokens over REST and Socket.IO (issue 15 #7)', () => {
  let t: TestApp;
  let nowMs = Date.parse('2026-12-04T15:00:00Z');
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    t = await createTestApp({ now: () => new Date(nowMs), env: { JWT_TTL: '60' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  async function user(role: 'trader' | 'viewer' = 'trader'): Promise<{ id: string; name: string; password: string; token: string }> {
    const name = `u${Math.random().toString(36).slice(2, 10)}`;
    const password = `long-password-${name}`;
    const view = await t.app.get(UsersService).create({ username: name, password, role });
    return { id: view.id, name, password, token: await t.login(name, password) };
  }
  async function connect(token: string): Promise<{ socket: ClientSocket; closedBy: () => string | null }> {
    const socket: ClientSocket = io(t.baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    let reason: string | null = null;
    socket.on('disconnect', (r) => (reason = r));
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    return { socket, closedBy: () => reason };
  }

  it('refuses a token for a user that does not exist, and one without expiry', async () => {
    const jwt = t.app.get(JwtService);
    const iat = Math.floor(nowMs / 1000);
    const ghost = await jwt.signAsync({ sub: '00000000-0000-4000-8000-000000000000', username: 'ghost', role: 'admin', ver: 0, iat }, { expiresIn: 60 });
    expect((await me(ghost).expect(401)).body.message).toMatch(/revoked or user disabled/);
    const u = await user();
    const forever = await jwt.signAsync({ sub: u.id, username: u.name, role: 'trader', ver: 0, iat });
    expect((await me(forever).expect(401)).body.message).toMatch(/no expiry/);
    await me(u.token).expect(200);
  });

  it('logout revokes the token on REST and closes its socket at once', async () => {
    const u = await user();
    const s = await connect(u.token);
    await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${u.token}`).expect(204);
    await me(u.token).expect(401);
    await waitUntil(() => s.closedBy() !== null, 3000, 'socket closed after logout');
    expect(s.closedBy()).toBe('io server disconnect');
    await expect(connect(u.token)).rejects.toThrow(/unauthorized/);
    await me(await t.login(u.name, u.password)).expect(200);
  });

  it('an admin disabling a user closes their socket, refuses their token and their sign-in; enabling restores sign-in', async () => {
    const admin = await t.tokenFor('admin');
    const u = await user();
    const s = await connect(u.token);
    const res = await t.http().patch(`/api/v1/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true }).expect(200);
    expect(res.body).toMatchObject({ disabled: true });
    await waitUntil(() => s.closedBy() !== null, 3000, 'socket closed after disable');
    await me(u.token).expect(401);
    const login = await t.http().post('/api/v1/auth/login').send({ username: u.name, password: u.password }).expect(403);
    expect(login.body.message).toMatch(/disabled/);
    await t.http().patch(`/api/v1/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: false }).expect(200);
    await t.login(u.name, u.password);
    await t.http().patch(`/api/v1/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: null }).expect(400);
  });

  it('a role change revokes older tokens (the new role needs a new sign-in)', async () => {
    const admin = await t.tokenFor('admin');
    const u = await user('trader');
    await t.http().patch(`/api/v1/users/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ role: 'viewer' }).expect(200);
    await me(u.token).expect(401);
    const fresh = await t.login(u.name, u.password);
    expect((await me(fresh).expect(200)).body.role).toBe('viewer');
  });

  it('a password change revokes older tokens and returns a working new one; weak passwords are refused', async () => {
    const u = await user();
    const weak = await t.http().post('/api/v1/auth/password').set('Authorization', `Bearer ${u.token}`).send({ currentPassword: u.password, newPassword: 'aaaaaaaaaaaa' }).expect(400);
    expect(weak.body.details[0]).toMatchObject({ field: 'password' });
    await t.http().post('/api/v1/auth/password').set('Authorization', `Bearer ${u.token}`).send({ currentPassword: 'not-my-password', newPassword: 'a-brand-new-secret-77' }).expect(403);
    const res = await t.http().post('/api/v1/auth/password').set('Authorization', `Bearer ${u.token}`).send({ currentPassword: u.password, newPassword: 'a-brand-new-secret-77' }).expect(200);
    await me(u.token).expect(401);
    await me(res.body.accessToken).expect(200);
    await t.login(u.name, 'a-brand-new-secret-77');
  });

  it('closes a socket when its token expires (the clock is the API\'s), as REST refuses the same token', async () => {
    const u = await user();
    const s = await connect(u.token);
    await me(u.token).expect(200);
    nowMs += 61_000;
    await waitUntil(() => s.closedBy() !== null, 5000, 'socket closed at token expiry');
    expect(s.closedBy()).toBe('io server disconnect');
    expect((await me(u.token).expect(401)).body.message).toMatch(/expired/);
  });

  it('refuses weak passwords when an admin creates a user, naming the field', async () => {
    const admin = await t.tokenFor('admin');
    for (const password of ['aaaaaaaaaaaa', '            ', 'password1234']) {
      const res = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ username: 'weakling', password, role: 'viewer' }).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'password' })]);
    }
  });
});
