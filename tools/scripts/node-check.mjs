// Every script needs Node >= 24.9 (NestJS 12 is ESM-only; Jest loads it through require(esm)).
// `npm install` provides it as node_modules/.bin/node (the `node` devDependency), which npm puts first on PATH.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 24 || (major === 24 && minor >= 9)) return;
  const local = join(root, 'node_modules', '.bin', 'node');
  process.stderr.write(
    `Node ${process.versions.node} is too old: this project needs Node >= 24.9. ` +
      (existsSync(local) ? `Run it through npm (npm start / npm test), which uses ${local}.\n` : 'Run `npm install` first (it installs Node 24 into node_modules).\n'),
  );
  process.exit(1);
}

/**
 * V8 flags the API runs with, wherever it runs (npm start, the benchmarks, the Docker image's CMD: keep them equal).
 * A 4 MB semi-space keeps young-generation pauses short: the scan's rows live for seconds, so the survivors of a
 * scavenge grow with the time between scavenges, and so does its pause (about 15 ms with V8's default young generation
 * against about 3 ms; ADR 0026).
 */
export const API_NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=4'];

/** The environment for child processes: Node 24 from node_modules first on PATH, no Nx cloud. */
export function childEnv(extra = {}) {
  return {
    ...process.env,
    PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    NX_NO_CLOUD: 'true',
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    ...extra,
  };
}
