import { createTestApp, TestApp } from '../../testing/test-app';

describe('presets over REST on real PostgreSQL', () => {
  let t: TestApp;
  let trader: string;
  let viewer: string;

  beforeAll(async () => {
    t = await createTestApp();
    trader = await t.tokenFor('trader');
    viewer = await t.tokenFor('viewer');
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('needs a token (401) and a trader to write (403 for a viewer)', async () => {
    await t.http().get('/api/v1/presets').expect(401);
    const res = await t.http().post('/api/v1/presets').set(auth(viewer)).send({ name: 'v', filters: {} }).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(res.body.message).toMatch(/needs trader/);
    await t.http().get('/api/v1/presets').set(auth(viewer)).expect(200);
  });

  it('round-trips create, read, update, list and delete', async () => {
    const created = await t.http()
      .post('/api/v1/presets')
      .set(auth(trader))
      .send({ name: 'High POP credit', description: 'POP > 70 %', filters: { pop: { min: 0.7 }, dte: { min: 20, max: 45 } }, shared: true })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'High POP credit', filters: { pop: { min: 0.7 }, dte: { min: 20, max: 45 } } });
    const id = created.body.id as string;

    const got = await t.http().get(`/api/v1/presets/${id}`).set(auth(viewer)).expect(200);
    expect(got.body.description).toBe('POP > 70 %');

    const updated = await t.http().put(`/api/v1/presets/${id}`).set(auth(trader)).send({ filters: { pop: { min: 0.8 } } }).expect(200);
    expect(updated.body.filters).toEqual({ pop: { min: 0.8 } });
    expect(updated.body.name).toBe('High POP credit');
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));

    const list = await t.http().get('/api/v1/presets').set(auth(viewer)).expect(200);
    expect(list.body.map((p: { id: string }) => p.id)).toContain(id);

    await t.http().delete(`/api/v1/presets/${id}`).set(auth(trader)).expect(204);
    await t.http().get(`/api/v1/presets/${id}`).set(auth(viewer)).expect(404);
  });

  it('rejects bad bodies with a 400 that names the field', async () => {
    const res = await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: '', filters: {} }).expect(400);
    expect(res.body.details).toEqual([{ field: 'name', problems: expect.arrayContaining([expect.stringMatching(/name/)]) }]);
    const res2 = await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: 'ok', filters: [1, 2] }).expect(400);
    expect(res2.body.details[0].field).toBe('filters');
    const res3 = await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: 'ok', filters: {}, color: 'red' }).expect(400);
    expect(res3.body.message).toMatch(/color is not an allowed field/);
    const res4 = await t.http().post('/api/v1/presets').set(auth(trader)).set('content-type', 'application/json').send('{"name":').expect(400);
    expect(res4.body.statusCode).toBe(400);
    await t.http().get('/api/v1/presets/not-a-uuid').set(auth(viewer)).expect(404);
  });

  it('refuses a duplicate name with 409, case-insensitively', async () => {
    await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: 'Weekly', filters: {} }).expect(201);
    const res = await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: 'weekly', filters: {} }).expect(409);
    expect(res.body.details[0].field).toBe('name');
  });

  it('exports and imports, all or nothing', async () => {
    await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: 'Export me', filters: { width: { max: 5 } }, shared: true }).expect(201);
    const exported = await t.http().get('/api/v1/presets/export').set(auth(viewer)).expect(200);
    expect(exported.body.format).toBe('ibsc-presets');
    expect(exported.body.presets).toEqual(expect.arrayContaining([{ name: 'Export me', description: null, filters: { width: { max: 5 } } }]));

    const before = (await t.http().get('/api/v1/presets').set(auth(trader))).body.length;
    // 'Export me' exists: the default mode fails the whole import, so 'Brand new' must not be written.
    await t.http()
      .post('/api/v1/presets/import')
      .set(auth(trader))
      .send({ presets: [{ name: 'Brand new', filters: {} }, { name: 'Export me', filters: {} }] })
      .expect(409);
    expect((await t.http().get('/api/v1/presets').set(auth(trader))).body.length).toBe(before);

    const skip = await t.http()
      .post('/api/v1/presets/import')
      .set(auth(trader))
      .send({ mode: 'skip', presets: [{ name: 'Brand new', filters: {} }, { name: 'Export me', filters: {} }] })
      .expect(200);
    expect(skip.body).toEqual({ created: 1, updated: 0, skipped: 1 });

    const overwrite = await t.http()
      .post('/api/v1/presets/import')
      .set(auth(trader))
      .send({ mode: 'overwrite', presets: [{ name: 'Export me', filters: { width: { max: 10 } } }] })
      .expect(200);
    expect(overwrite.body).toEqual({ created: 0, updated: 1, skipped: 0 });

    const bad = await t.http()
      .post('/api/v1/presets/import')
      .set(auth(trader))
      .send({ mode: 'merge', presets: [{ name: 'x' }] })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['mode', 'presets.0.filters']));
  });

  it('refuses null for a field that cannot be null (400 naming it), and clears a description with null', async () => {
    const p = (await t.http().post('/api/v1/presets').set(auth(trader)).send({ name: 'Nullable', description: 'd', filters: {} }).expect(201)).body;
    const res = await t.http().put(`/api/v1/presets/${p.id}`).set(auth(trader)).send({ name: null }).expect(400);
    expect(res.body.details[0].field).toBe('name');
    const res2 = await t.http().put(`/api/v1/presets/${p.id}`).set(auth(trader)).send({ filters: null }).expect(400);
    expect(res2.body.details[0].field).toBe('filters');
    await t.http().put(`/api/v1/presets/${p.id}`).set(auth(trader)).send({ shared: null }).expect(400);
    const cleared = await t.http().put(`/api/v1/presets/${p.id}`).set(auth(trader)).send({ description: null }).expect(200);
    expect(cleared.body.description).toBeNull();
  });
});
