/**
 * Where the scoring worker's script is (ADR 0025). The API's bundle carries it as `scoring-worker.js` beside its
 * main.js (apps/api/webpack.config.cjs). Run from source (Jest, ts-node) there is no such file, so the entry is
 * bundled by esbuild on first use into node_modules/.cache/ibsc-scanner/ (packages stay external and resolve from
 * the repository's node_modules), named by a hash of its content so parallel test processes share one file.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SCORING_WORKER_FILE = 'scoring-worker.js';

let built: string | null = null;

export function scoringWorkerScript(): string {
  const bundled = join(__dirname, SCORING_WORKER_FILE);
  if (existsSync(bundled)) return bundled;
  built ??= buildFromSource(join(__dirname, 'scoring-worker.entry.ts'));
  return built;
}

function buildFromSource(entry: string): string {
  if (!existsSync(entry)) throw new Error(`the scoring worker's script is missing: neither ${join(__dirname, SCORING_WORKER_FILE)} nor ${entry} exists`);
  const root = repositoryRoot(__dirname);
  const dir = join(root, 'node_modules', '.cache', 'ibsc-scanner');
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `scoring-worker.${process.pid}.${Date.now()}.tmp`);
  // esbuild is a development tool, run in a child process: its API keeps a service process alive in this one.
  const options = { entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node22', packages: 'external', tsconfig: join(root, 'tsconfig.base.json'), sourcemap: 'inline', outfile: tmp, logLevel: 'error' };
  execFileSync(process.execPath, ['-e', `require('esbuild').buildSync(${JSON.stringify(options)})`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
  const code = readFileSync(tmp);
  const file = join(dir, `scoring-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
  if (existsSync(file)) unlinkSync(tmp);
  else renameSync(tmp, file);
  return file;
}

function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'node_modules')) || !existsSync(join(dir, 'tsconfig.base.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no repository root (node_modules and tsconfig.base.json) above ${from}`);
    dir = up;
  }
  return dir;
}
