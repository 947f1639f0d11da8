import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(__dirname, '../../..');
export const MAIN = join(ROOT, 'dist/apps/api/main.js');

let flags: readonly string[] | undefined;

/**
 * The V8 flags the API runs with: `API_NODE_FLAGS` of tools/scripts/node-check.mjs (ADR 0026), for every
 * `node <flags> dist/apps/api/main.js` a test starts. The module is ESM, which Jest's CommonJS runtime cannot import,
 * so a child Node prints them (once per test file).
 */
export function apiNodeFlags(): readonly string[] {
  if (flags) return flags;
  const source = pathToFileURL(join(ROOT, 'tools/scripts/node-check.mjs')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { API_NODE_FLAGS } from ${JSON.stringify(source)}; console.log(JSON.stringify(API_NODE_FLAGS))`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`could not read API_NODE_FLAGS from ${source} (${r.status ?? r.signal}):\n${r.stderr}`);
  flags = JSON.parse(r.stdout) as string[];
  return flags;
}

export function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export function newDataDir(): string {
  const dir = mkdtempSync(join(process.getuid?.() === 0 ? '/var/tmp' : tmpdir(), 'ibsc-e2e-'));
  chmodSync(dir, 0o755);
  return dir;
}

export interface RunningApi {
  proc: ChildProcess;
  port: number;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built API (dist/apps/api/main.js) as `npm start` does (with API_NODE_FLAGS), with the given environment. */
export async function startBuiltApi(env: Record<string, string>): Promise<RunningApi> {
  const port = Number(env['PORT']);
  let out = '';
  const proc = spawn(process.execPath, [...apiNodeFlags(), MAIN], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => proc.on('exit', (code) => res(code)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`API exited early (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (r.status === 200) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`API not healthy in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    port,
    output: () => out,
    stop: async (signal: NodeJS.Signals = 'SIGINT') => {
      proc.kill(signal);
      return exited;
    },
  };
}

export interface RunningProcess {
  pid: number;
  /** The command line, argument by argument (a program that sets its title, as PostgreSQL's children do, has one). */
  args: string[];
}

/**
 * The processes on this machine whose command line passes `matches` and, when `envEntry` (`NAME=value`) is given, whose
 * environment holds it. From /proc (Linux): processes that end meanwhile, and environments that are not ours to read,
 * are skipped.
 */
export function processesRunning(matches: (args: string[]) => boolean, envEntry?: string): RunningProcess[] {
  const found: RunningProcess[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (!matches(args)) continue;
      if (envEntry !== undefined && !readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(envEntry)) continue;
      found.push({ pid: Number(pid), args });
    } catch {
      /* ended meanwhile, or not ours to read */
    }
  }
  return found;
}

/** PIDs of postgres processes whose command line mentions the folder. */
export function postgresProcessesUsing(dir: string): number[] {
  return processesRunning((args) => {
    const line = args.join(' ');
    return line.includes('postgres') && line.includes(dir);
  }).map((p) => p.pid);
}
