/**
 * `npm run sim` and `npm run bench:sim` as a user types them: Nx builds apps/ib-sim, the built file runs as its own
 * process, and the real `@stoqey/ib` IBApi talks to it over TCP. Both scripts were broken once without any test
 * noticing (issue 11): this is that test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { EventName } from '@stoqey/ib';
import type { SessionStats } from '@ibsc/ib-sim';
import { connectTestClient, createTestClient, stock, waitUntil, type TestClient } from '@ibsc/ib-sim/testing';

const root = join(__dirname, '..', '..', '..');

interface Run {
  child: ChildProcess;
  out: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmRun(script: string, env: Record<string, string>): Run {
  const child = spawn('npm', ['run', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => text, exit };
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

describe('npm run sim (the standalone simulator app)', () => {
  let run: Run | undefined;
  const clients: TestClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    if (run && run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exit;
    }
  });

  it('builds, listens on free ports, serves IBApi over TCP and its control endpoint, refuses a used client id (326), stops on SIGTERM with exit 0', async () => {
    // Port 0: the OS picks free ports; the start-up line says which.
    run = npmRun('sim', { SIM_HOST: '127.0.0.1', SIM_PORT: '0', SIM_CONTROL_PORT: '0', SIM_SEED: '7', SIM_LOG: 'info' });
    const r = run;
    const listening = /listening on 127\.0\.0\.1:(\d+) \(server version 193, account DU1234567, (\d+) underlyings.*control http:\/\/127\.0\.0\.1:(\d+)/;
    await waitUntil(() => listening.test(r.out()) || r.child.exitCode !== null, 150_000, `the start-up line (output so far: ${r.out()})`);
    const m = listening.exec(r.out());
    if (!m) throw new Error(`npm run sim did not start:\n${r.out()}`);
    const [port, underlyings, controlPort] = [Number(m[1]), Number(m[2]), Number(m[3])];
    expect(underlyings).toBeGreaterThan(0);
    const control = `http://127.0.0.1:${controlPort}`;

    // Handshake and nextValidId through the real client.
    const a = await connectTestClient(port, { clientId: 11, timeoutMs: 10_000 });
    clients.push(a);
    expect(a.nextValidId).toBe(1000);
    expect(a.log.named(EventName.managedAccounts)[0].args).toEqual(['DU1234567']);

    // reqCurrentTime on the process's system clock.
    const before = Math.floor(Date.now() / 1000);
    a.api.reqCurrentTime();
    const [serverTime] = (await a.log.waitForEvent(EventName.currentTime, () => true, 10_000)) as [number];
    expect(serverTime).toBeGreaterThanOrEqual(before - 1);
    expect(serverTime).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);

    // Contract details for a stock of the model.
    a.api.reqContractDetails(7, stock('SPY'));
    const [reqId, details] = (await a.log.waitForEvent(EventName.contractDetails, () => true, 10_000)) as [number, { contract: { symbol: string; conId: number } }];
    expect(reqId).toBe(7);
    expect(details.contract.symbol).toBe('SPY');
    expect(details.contract.conId).toBeGreaterThan(0);
    await a.log.waitForEvent(EventName.contractDetailsEnd, (args) => args[0] === 7, 10_000);

    // A second session with the same client id: 326, then the gateway closes that socket; the first is untouched.
    const dup = createTestClient(port, { clientId: 11 });
    dup.api.connect(11);
    expect(await dup.log.waitForInfo(326, 10_000)).toBe('Unable to connect as the client id is already in use. Retry with a unique client id.');
    await dup.log.waitForDisconnect(10_000);
    expect(dup.log.named(EventName.nextValidId)).toEqual([]);

    // Another client id is served alongside.
    const b = await connectTestClient(port, { clientId: 12, timeoutMs: 10_000 });
    clients.push(b);

    // The control endpoint: status and the per-client-id session counts.
    const status = await getJson<{ ok: boolean; result: { clients: number; port: number; sessions: { current: number } } }>(`${control}/status`);
    expect(status.status).toBe(200);
    expect(status.body.result).toMatchObject({ clients: 2, port, sessions: { current: 2 } });
    const sessions = await getJson<{ result: SessionStats & { group: { maxConcurrent: number } } }>(`${control}/sessions?clientIds=11,12`);
    expect(sessions.status).toBe(200);
    expect(sessions.body.result).toMatchObject({
      current: 2,
      maxConcurrent: 2,
      opened: 2,
      refused: 1,
      byClientId: {
        11: { clientId: 11, current: 1, maxConcurrent: 1, opened: 1, refused: 1 },
        12: { clientId: 12, current: 1, maxConcurrent: 1, opened: 1, refused: 0 },
      },
      group: { clientIds: [11, 12], current: 2, maxConcurrent: 2, opened: 2, complete: true },
    });
    const bad = await getJson<{ field: string }>(`${control}/sessions?clientIds=eleven`);
    expect(bad).toEqual({ status: 400, body: expect.objectContaining({ field: 'clientIds' }) });

    // SIGTERM to npm: the simulator says goodbye to its clients and the whole chain exits 0.
    const aGone = a.log.waitForDisconnect(15_000);
    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    await aGone;
    expect(r.out()).toMatch(/SIGTERM: stopping \(2 clients connected\)/);
    expect(r.out()).toMatch(/ib-sim stopped/);
    expect(r.out()).toMatch(/client 11 refused \(session \d+\): client id 11 already in use/);
  });

  it('stops at start-up with exit code 2 and one line naming a bad variable and the allowed values', async () => {
    run = npmRun('sim', { SIM_PORT: 'four', SIM_CONTROL_PORT: '0' });
    expect(await run.exit).toEqual({ code: 2, signal: null });
    expect(run.out()).toContain('ib-sim: SIM_PORT="four" is invalid: expected an integer from 0 to 65535');
    expect(run.out()).not.toMatch(/listening on/);
  });
});

describe('npm run bench:sim (short run)', () => {
  it('starts the built simulator, subscribes every client and counts ticks', async () => {
    const run = npmRun('bench:sim', { BENCH_SHORT: '1' });
    const { code } = await run.exit;
    const out = run.out();
    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('short run (BENCH_SHORT=1): every client received ticks: yes') });
    expect(out).toMatch(/clients\s+2\n/);
    expect(out).toMatch(/market-data lines\s+32 \(8 underlyings \+ 8 options per client\)/);
    const ticks = Number(/tick messages\s+(\d+)\n/.exec(out)?.[1]);
    expect(ticks).toBeGreaterThan(0);
  });
});
