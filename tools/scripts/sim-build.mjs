// Builds the standalone simulated IB Gateway (apps/ib-sim, Nx project `ib-sim-app`; cached by Nx after the first
// time) for `npm run sim` and `npm run bench:sim`. Nx's output goes to stderr only when the build fails, so the
// simulator's own lines are the only thing on stdout.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { childEnv, root } from './node-check.mjs';

export const SIM_MAIN = join(root, 'dist', 'apps', 'ib-sim', 'main.js');

export function buildSimulator() {
  // The build is a dependency, not the thing under test: let Nx reuse it even inside `nx run-many --skip-nx-cache`
  // (npm test), which passes NX_SKIP_NX_CACHE down to every task; Nx still rebuilds when a source changed.
  const env = childEnv();
  delete env.NX_SKIP_NX_CACHE;
  const build = spawnSync('nx', ['run', 'ib-sim-app:build', '--output-style=stream-without-prefixes'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout?.toString() ?? ''}${build.stderr?.toString() ?? ''}`);
    process.stderr.write(`building the simulator failed (nx run ib-sim-app:build exited ${build.status ?? build.signal})\n`);
    process.exit(build.status ?? 1);
  }
  return SIM_MAIN;
}
