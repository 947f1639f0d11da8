import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const MAIN = join(ROOT, 'dist/apps/api/main.js');

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

/** Starts the built API (dist/apps/api/main.js) as `npm start` does, with the given environment. */
export async function startBuiltApi(env: Record<string, string>): Promise<RunningApi> {
  const port = Number(env['PORT']);
  let out = '';
  const proc = spawn(process.execPath, [MAIN], {
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

/** PIDs of postgres processes whose command line mentions the folder. */
export function postgresProcessesUsing(dir: string): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out
    .split('\n')
    .filter((l) => l.includes('postgres') && l.includes(dir))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}
