import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openApiValidator } from '../../testing/openapi-validator';
import { createTestApp, type TestApp } from '../../testing/test-app';

const run = promisify(execFile);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string; items?: { $ref?: string } } }> }> };

/**
 * Issue 14, items 1 and 4: every operation of /api/docs-json has an id, a success schema and its errors with the one
 * error schema, and the document passes a maintained OpenAPI linter (@redocly/cli, offline) with no errors.
 */
describe('the OpenAPI contract (/api/docs-json)', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components: { schemas: Record<string, unknown> } };
  const ops: Array<{ where: string; op: Operation }> = [];

  beforeAll(async () => {
    // With a gateway: the orders, positions and risk routes exist only then.
    t = await createTestApp({ gateway: 'simulator' });
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) if (item[m]) ops.push({ where: `${m.toUpperCase()} ${path}`, op: item[m] as Operation });
    }
  });
  afterAll(() => t.close());

  it('lists the operations of every controller', () => {
    expect(ops.length).toBeGreaterThanOrEqual(35);
  });

  it('gives every operation a unique operationId named for use', () => {
    const ids = ops.map((o) => o.op.operationId);
    expect(ops.filter((o) => !o.op.operationId || /Controller_/.test(o.op.operationId)).map((o) => o.where)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['placeOrder', 'previewOrder', 'listOrders', 'startScan', 'listTrades', 'listPositions', 'login']));
  });

  it('declares a success response with a schema for every operation that returns a body', () => {
    const missing = ops.filter(({ op }) => {
      const ok = Object.entries(op.responses).filter(([s]) => /^2\d\d$/.test(s));
      if (ok.length === 0) return true;
      return ok.some(([s, r]) => s !== '204' && !r.content?.['application/json']?.schema);
    });
    expect(missing.map((o) => o.where)).toEqual([]);
  });

  it('declares the errors of every authenticated operation with the one error schema', () => {
    const problems: string[] = [];
    for (const { where, op } of ops) {
      if (where.includes('/health')) continue; // public; readiness answers Terminus' own 503 body
      const errors = Object.entries(op.responses).filter(([s]) => /^[45]\d\d$/.test(s));
      if (!where.endsWith('/auth/login') && !errors.some(([s]) => s === '401')) problems.push(`${where}: no 401`);
      for (const [s, r] of errors) {
        if (r.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ApiErrorBody') problems.push(`${where} ${s}: not ApiErrorBody`);
      }
    }
    expect(problems).toEqual([]);
    expect(doc.components.schemas['ApiErrorBody']).toMatchObject({ required: expect.arrayContaining(['code', 'message', 'statusCode']) });
  });

  it('says that GET /trades also answers text/csv, with an example', () => {
    const trades = doc.paths['/api/v1/trades']?.get as Operation;
    const csv = trades.responses['200'].content?.['text/csv'] as { example?: string } | undefined;
    expect(csv?.example).toMatch(/^at,underlying,spreadType,expiry,/);
  });

  it('resolves every $ref to a declared schema', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => !(r in doc.components.schemas))).toEqual([]);
  });

  it('answers what it declares: live responses validate against their schemas (a drift fails here)', async () => {
    const check = openApiValidator(doc as unknown as Parameters<typeof openApiValidator>[0]);
    const admin = await t.tokenFor('admin');
    const routes: Array<[string, string]> = [
      ['/api/v1/auth/me', '/api/v1/auth/me'],
      ['/api/v1/users', '/api/v1/users'],
      ['/api/v1/presets', '/api/v1/presets'],
      ['/api/v1/presets/export', '/api/v1/presets/export'],
      ['/api/v1/orders', '/api/v1/orders'],
      ['/api/v1/positions', '/api/v1/positions'],
      ['/api/v1/trades', '/api/v1/trades'],
      ['/api/v1/risk', '/api/v1/risk'],
      ['/api/v1/scan/status', '/api/v1/scan/status'],
      ['/api/v1/scan/filters', '/api/v1/scan/filters'],
      ['/api/v1/scan/results', '/api/v1/scan/results'],
      ['/api/v1/system/status', '/api/v1/system/status'],
      ['/api/v1/auth/lockouts', '/api/v1/auth/lockouts'],
      ['/api/v1/health/live', '/api/v1/health/live'],
    ];
    const problems: string[] = [];
    for (const [url, path] of routes) {
      const res = await t.http().get(url).set('Authorization', `Bearer ${admin}`);
      problems.push(...check('get', path, res.status, res.body));
    }
    // Errors too: a 401 and a 400 answer with ApiErrorBody.
    const unauth = await t.http().get('/api/v1/orders');
    problems.push(...check('get', '/api/v1/orders', unauth.status, unauth.body));
    const bad = await t.http().post('/api/v1/orders/preview').set('Authorization', `Bearer ${admin}`).send({ quantity: 0 });
    problems.push(...check('post', '/api/v1/orders/preview', bad.status, bad.body));
    expect(problems).toEqual([]);
    // The check bites: a body missing a required field is refused.
    expect(check('get', '/api/v1/health/live', 200, { status: 'ok' })).not.toEqual([]);
  });

  it('passes the @redocly/cli linter (recommended rules) with no errors, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const cli = resolve(__dirname, '../../../../../node_modules/@redocly/cli/bin/cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NODE_OPTIONS: '' };
    const out = await run(process.execPath, [cli, 'lint', file, '--format=json', '--extends=recommended'], { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 }).catch(
      (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );
    const report = JSON.parse(out.stdout) as { problems: Array<{ ruleId: string; severity: string; message: string; location?: Array<{ pointer?: string }> }> };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`);
    expect(errors).toEqual([]);
  }, 180_000);
});
