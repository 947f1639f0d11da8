/**
 * The Debian tools the operators' kit is checked with. `.ci/run` installs them; a developer without them gets a
 * message naming the package instead of a bare ENOENT.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const repoPath = (...parts: string[]) => join(ROOT, ...parts);

const PACKAGES: Record<string, string> = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  'docker-compose': 'docker-compose',
  kubectl: 'kubernetes-client',
};

/** The tool's path, or an error saying how to install it. */
export function requireTool(name: keyof typeof PACKAGES): string {
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = which.stdout.trim();
  if (which.status !== 0 || !path) {
    throw new Error(`${name} is not installed: it comes from Debian's "${PACKAGES[name]}" package (sudo apt-get install -y ${PACKAGES[name]}); bash .ci/run installs it`);
  }
  return path;
}

export function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: 'utf8', cwd: options.cwd ?? ROOT, env: options.env ?? process.env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 });
}

/** Fails with the tool's own output when it did not exit 0. */
export function expectSuccess(r: SpawnSyncReturns<string>, what: string): string {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
