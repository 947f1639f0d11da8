import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import { IbConnection } from '@ibsc/ibkr';
import { openApiValidator } from '../../testing/openapi-validator';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';

const run = promisify(execFile);

/** What the compiled example exports (its own types come from the generated client, outside this project). */
interface ExampleModule {
  runIntegration(cfg: {
    baseUrl: string;
    authorization: string;
    ticket: Record<string, unknown>;
    idempotencyKey: string;
    check: (method: string, path: string, status: number, body: unknown) => void;
    timeoutMs?: number;
  }): Promise<{
    placed: { replayed: boolean; order: { id: string; orderRef: string } };
    filled: { id: string; status: string; filledQuantity: number };
    positions: { positions: Array<{ positionKey: string | null }> };
    tradesCsv: string;
  }>;
}
const ROOT = resolve(__dirname, '../../../../..');
const EXAMPLE = join(ROOT, 'examples/integration');

/**
 * Issue 14 (Show): TypeScript types generated from the running API's /api/docs-json with openapi-typescript, the
 * example integration (examples/integration) compiled against them with tsc, then run against the API with the
 * simulator: preview → place (Idempotency-Key) → Socket.IO until filled → positions → trades CSV, every JSON answer
 * validated against its declared schema.
 */
describe('the example integration, typed by the generated client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator', env: { RISK_MAX_OPEN_PER_UNDERLYING: '50' } });
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 20_000, 'gateway ready');
  });
  afterAll(() => t.close());

  it('generates, compiles and runs the journey; every answer matches its schema', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const env = { ...process.env, NODE_OPTIONS: '' };
    await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), file, '-o', join(EXAMPLE, 'src/generated/api.ts')], { env, cwd: ROOT });
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(EXAMPLE, 'tsconfig.json')], { env, cwd: ROOT }).catch((e: { stdout?: string }) => {
      throw new Error(`the example does not compile against the generated types:\n${e.stdout ?? ''}`);
    });

    const sim = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!;
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const validate = openApiValidator(doc);
    const drift: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(join(EXAMPLE, 'dist/integration.js')) as ExampleModule;
    // An integrator's credential: an API key with the trade scope, created by an admin (issue 14 #2), for REST and the socket.
    const admin = await t.tokenFor('admin');
    const created = await t.http().post('/api/v1/api-keys').set('Authorization', `Bearer ${admin}`).send({ name: 'example-integration', scopes: ['trade'] }).expect(201);
    drift.push(...validate('post', '/api/v1/api-keys', 201, created.body));
    const result = await example.runIntegration({
      baseUrl: t.baseUrl,
      authorization: `Bearer ${created.body.key as string}`,
      ticket: {
        underlying: 'SPY',
        legs: [
          { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
          { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
        ],
        quantity: 1,
        orderType: 'LMT',
        priceMode: 'natural',
      },
      idempotencyKey: `example-${Date.now()}`,
      check: (method, path, status, body) => drift.push(...validate(method, path, status, body)),
      timeoutMs: 90_000,
    });

    expect(drift).toEqual([]);
    expect(result.placed.replayed).toBe(false);
    expect(result.filled).toMatchObject({ id: result.placed.order.id, status: 'filled', filledQuantity: 1 });
    expect(result.positions.positions).toEqual(expect.arrayContaining([expect.objectContaining({ positionKey: result.placed.order.id })]));
    expect(result.tradesCsv.split('\r\n')[0]).toMatch(/^at,underlying,spreadType,/);
    expect(result.tradesCsv).toContain(result.placed.order.orderRef);
  }, 300_000);
});
