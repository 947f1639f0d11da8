import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../testing/test-app';

describe('preset ownership (issue 15 #8)', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let admin: string;
  let viewer: string;
  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.tokenFor('trader');
    bob = await t.tokenFor('trader');
    viewer = await t.tokenFor('viewer');
    admin = await t.tokenFor('admin');
  });
  afterAll(() => t.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const names = async (token: string) => ((await t.http().get('/api/v1/presets').set(as(token)).expect(200)).body as Array<{ name: string }>).map((p) => p.name);

  it("keeps a private preset to its owner: another trader neither sees, overwrites nor deletes it", async () => {
    const mine = (await t.http().post('/api/v1/presets').set(as(alice)).send({ name: 'Alice only', filters: {} }).expect(201)).body;
    expect(mine).toMatchObject({ shared: false, editable: true, owner: 'trader1' });
    expect(await names(alice)).toContain('Alice only');
    expect(await names(bob)).not.toContain('Alice only');
    await t.http().get(`/api/v1/presets/${mine.id}`).set(as(bob)).expect(404);
    await t.http().put(`/api/v1/presets/${mine.id}`).set(as(bob)).send({ name: 'pwned' }).expect(404);
    await t.http().delete(`/api/v1/presets/${mine.id}`).set(as(bob)).expect(404);
    const still = await t.http().get(`/api/v1/presets/${mine.id}`).set(as(alice)).expect(200);
    expect(still.body.name).toBe('Alice only');
  });

  it('shows a shared preset to everyone, read-only for all but its owner and admins', async () => {
    const shared = (await t.http().post('/api/v1/presets').set(as(alice)).send({ name: 'Team weekly', filters: { dte: { max: 10 } }, shared: true }).expect(201)).body;
    const seen = await t.http().get(`/api/v1/presets/${shared.id}`).set(as(bob)).expect(200);
    expect(seen.body).toMatchObject({ shared: true, editable: false, owner: 'trader1' });
    expect(await names(viewer)).toContain('Team weekly');
    const put = await t.http().put(`/api/v1/presets/${shared.id}`).set(as(bob)).send({ filters: {} }).expect(403);
    expect(put.body.message).toMatch(/owner or an admin/);
    await t.http().delete(`/api/v1/presets/${shared.id}`).set(as(bob)).expect(403);
    // Bob may have a preset of the same name: names are unique per owner.
    await t.http().post('/api/v1/presets').set(as(bob)).send({ name: 'Team weekly', filters: {} }).expect(201);
    await t.http().post('/api/v1/presets').set(as(alice)).send({ name: 'team WEEKLY', filters: {} }).expect(409);
    // Unsharing hides it again.
    await t.http().put(`/api/v1/presets/${shared.id}`).set(as(alice)).send({ shared: false }).expect(200);
    await t.http().get(`/api/v1/presets/${shared.id}`).set(as(bob)).expect(404);
  });

  it('lets an admin see, change and delete every preset', async () => {
    const secret = (await t.http().post('/api/v1/presets').set(as(bob)).send({ name: 'Bob secret', filters: {} }).expect(201)).body;
    expect(await names(admin)).toEqual(expect.arrayContaining(['Alice only', 'Bob secret']));
    const edited = await t.http().put(`/api/v1/presets/${secret.id}`).set(as(admin)).send({ description: 'checked by admin' }).expect(200);
    expect(edited.body).toMatchObject({ owner: 'trader2', editable: true, description: 'checked by admin' });
    await t.http().delete(`/api/v1/presets/${secret.id}`).set(as(admin)).expect(204);
    await t.http().get(`/api/v1/presets/${secret.id}`).set(as(bob)).expect(404);
  });

  it('treats presets from before owners (owner NULL, made shared by the migration) as shared and admin-managed', async () => {
    const db = t.app.get(DataSource);
    const [legacy] = await db.query(`INSERT INTO filter_presets (name, filters, shared) VALUES ('Legacy', '{}', true) RETURNING id`);
    const seen = await t.http().get(`/api/v1/presets/${legacy.id}`).set(as(alice)).expect(200);
    expect(seen.body).toMatchObject({ ownerId: null, owner: null, shared: true, editable: false });
    await t.http().put(`/api/v1/presets/${legacy.id}`).set(as(alice)).send({ name: 'mine now' }).expect(403);
    await t.http().put(`/api/v1/presets/${legacy.id}`).set(as(admin)).send({ name: 'Legacy (kept)' }).expect(200);
    const [col] = await db.query(`SELECT column_default FROM information_schema.columns WHERE table_name = 'filter_presets' AND column_name = 'shared'`);
    expect(col.column_default).toBe('false');
  });

  it('imports into the importer\'s own presets only', async () => {
    await t.http().post('/api/v1/presets').set(as(alice)).send({ name: 'Clash', filters: { width: { max: 1 } }, shared: true }).expect(201);
    const res = await t.http().post('/api/v1/presets/import').set(as(bob)).send({ mode: 'overwrite', presets: [{ name: 'Clash', filters: { width: { max: 9 } } }] }).expect(200);
    expect(res.body).toEqual({ created: 1, updated: 0, skipped: 0 });
    const list = (await t.http().get('/api/v1/presets').set(as(alice)).expect(200)).body as Array<{ name: string; owner: string; filters: unknown }>;
    expect(list.find((p) => p.name === 'Clash' && p.owner === 'trader1')?.filters).toEqual({ width: { max: 1 } });
  });
});
