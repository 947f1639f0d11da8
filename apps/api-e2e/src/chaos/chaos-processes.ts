/**
 * The processes of `npm run chaos`: the simulated gateway as its own process (dist/apps/ib-sim/main.js, as
 * `npm run sim` runs it), a TCP proxy in front of PostgreSQL (a database outage = the proxy cut), and one built API
 * process under a supervisor that restarts it after every exit, as systemd or Kubernetes would. An exit the harness
 * did not cause (it sends every kill -9 itself) counts as a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { startTcpProxy, type TcpProxy } from '@ibsc/ibkr/testing';
import { freePort, newDataDir, ROOT, startBuiltApi, type RunningApi } from '../built-api';
import { ADMIN_PASSWORD, JWT_SECRET } from '../cluster';

export const SIM_MAIN = join(ROOT, 'dist/apps/ib-sim/main.js');
export const CHAOS_CLIENT_ID = 1;

export interface SimProcess {
  proc: ChildProcess;
  port: number;
  control: string;
  /** GET or POST on the control endpoint; throws on a non-200 answer. */
  ctl<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The simulator's log (connections, disconnects with their reason, faults) goes to `logFile`. */
export async function startSimProcess(seed: number, logFile: string): Promise<SimProcess> {
  const [port, controlPort] = [await freePort(), await freePort()];
  let out = '';
  const proc = spawn(process.execPath, [SIM_MAIN], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', SIM_HOST: '127.0.0.1', SIM_PORT: String(port), SIM_CONTROL_PORT: String(controlPort), SIM_SEED: String(seed), SIM_LOG: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = createWriteStream(logFile);
  for (const stream of [proc.stdout, proc.stderr]) {
    stream?.on('data', (d: Buffer) => {
      if (out.length < 10_000) out += d.toString();
      file.write(d);
    });
  }
  proc.once('exit', () => file.end());
  const control = `http://127.0.0.1:${controlPort}`;
  const ctl = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${control}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await res.json()) as { result?: T; error?: string };
    if (res.status !== 200) throw new Error(`simulator ${method} ${path}: ${res.status} ${json.error ?? ''}`);
    return json.result as T;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`simulator exited (${proc.exitCode}):\n${out}`);
    try {
      await ctl('GET', '/status');
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`simulator not up in time:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    proc,
    port,
    control,
    ctl,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** The proxy every API connection to PostgreSQL goes through; `databaseUrl` points at it. */
export async function startDatabaseProxy(serverUrl: string): Promise<{ proxy: TcpProxy; databaseUrl: string }> {
  const url = new URL(serverUrl);
  const proxy = await startTcpProxy(Number(url.port || 5432), url.hostname);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return { proxy, databaseUrl: url.toString() };
}

/** The exit code of an owner that lost its session lock (ADR 0010): by design; the supervisor starts a fresh one. */
export const DEPOSED_EXIT_CODE = 3;

export interface ApiExit {
  at: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The harness's own kill -9, or the stop at the end. */
  expected: boolean;
  tail: string;
}

/** One API process, restarted after every exit; `crashes()` are the exits the harness did not cause. */
export class ApiSupervisor {
  private api: RunningApi | null = null;
  private expectExit = false;
  private stopped = false;
  private restarting: Promise<void> | null = null;
  readonly exits: ApiExit[] = [];
  readonly port: Promise<number> = freePort();
  private readonly dataDir = newDataDir();
  /** Every API process's output, one after another. */
  readonly logFile = join(this.dataDir, 'api.log');

  constructor(
    private readonly databaseUrl: string,
    private readonly gatewayPort: number,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async base(): Promise<string> {
    return `http://127.0.0.1:${await this.port}`;
  }

  async start(): Promise<void> {
    const port = await this.port;
    // a start that fails (the port still held a moment after a kill, a slow machine) is tried again
    for (let attempt = 1; ; attempt++) {
      try {
        this.api = await startBuiltApi({
          PORT: String(port),
          DATABASE_URL: this.databaseUrl,
          DATA_DIR: this.dataDir,
          IB_GATEWAY: 'tws',
          TWS_HOST: '127.0.0.1',
          TWS_PORT: String(this.gatewayPort),
          CLIENT_ID: String(CHAOS_CLIENT_ID),
          REPLICA_ID: 'chaos',
          JWT_SECRET,
          ADMIN_PASSWORD,
          RISK_MAX_OPEN_PER_UNDERLYING: '1000',
          RISK_DAILY_LOSS_LIMIT: '1000000000',
          RISK_MAX_LEG_SPREAD_PCT_OF_WIDTH: '1000',
          RISK_MAX_UNDERLYING_MOVE_PCT: '100',
          ORDERS_RECONCILE_INTERVAL_SEC: '30',
          POSITIONS_RECONCILE_SEC: '30',
        });
        break;
      } catch (e) {
        if (attempt >= 10 || this.stopped) throw e;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    const api = this.api;
    this.expectExit = false;
    // every API process's log, appended to one file (the first lines of each start are in startBuiltApi's buffer)
    const file = createWriteStream(this.logFile, { flags: 'a' });
    file.write(`--- API process ${api.proc.pid} started ${new Date().toISOString()}\n${api.output()}`);
    api.proc.stdout?.on('data', (d: Buffer) => file.write(d));
    api.proc.stderr?.on('data', (d: Buffer) => file.write(d));
    api.proc.once('exit', () => file.end());
    api.proc.once('exit', (code, signal) => {
      const exit = { at: Date.now(), code, signal, expected: this.expectExit || this.stopped, tail: api.output().slice(-3000) };
      this.exits.push(exit);
      if (!exit.expected) this.log(`API exited by itself (code ${code}, signal ${signal}); restarting it. Its last output:\n${exit.tail.slice(-1500)}`);
      if (this.api === api) this.api = null;
      if (!this.stopped) this.restarting = this.start().finally(() => (this.restarting = null));
    });
  }

  up(): boolean {
    return this.api !== null;
  }

  /** kill -9 of the API; resolves when the supervisor has it serving again. */
  async kill9(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.expectExit = true;
    const exited = new Promise((r) => api.proc.once('exit', r));
    api.proc.kill('SIGKILL');
    await exited;
    await this.restarted();
  }

  async restarted(): Promise<void> {
    while (this.restarting) await this.restarting;
  }

  /** Exits neither the harness caused nor the design prescribes (a deposed owner exits with code 3). */
  crashes(): ApiExit[] {
    return this.exits.filter((e) => !e.expected && e.code !== DEPOSED_EXIT_CODE);
  }

  deposed(): ApiExit[] {
    return this.exits.filter((e) => !e.expected && e.code === DEPOSED_EXIT_CODE);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarted().catch(() => undefined);
    await this.api?.stop('SIGKILL');
  }
}
