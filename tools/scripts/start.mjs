// `npm start`: build what is needed (Nx caches), then run the API, which starts the embedded PostgreSQL
// (when DATABASE_URL is unset) and the simulated gateway (when IB_GATEWAY=simulator, the default).
// An API that lost its database connection while owning the IB session exits with code 3 (ADR 0010): it is
// started again, as an orchestrator would.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { API_NODE_FLAGS, checkNode, childEnv, root } from './node-check.mjs';

const DEPOSED_EXIT_CODE = 3;

checkNode();
const env = childEnv();
const projects = existsSync(`${root}/apps/web/project.json`) ? 'api,web' : 'api';
process.stdout.write(`building ${projects} (cached after the first time)...\n`);
const build = spawnSync('nx', ['run-many', '-t', 'build', `--projects=${projects}`, '--output-style=stream-without-prefixes'], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (build.status !== 0) {
  process.stdout.write(build.stdout?.toString() ?? '');
  process.stderr.write('build failed\n');
  process.exit(build.status ?? 1);
}

let api = null;
let stopping = false;
function run() {
  api = spawn(process.execPath, [...API_NODE_FLAGS, 'dist/apps/api/main.js', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
  api.on('exit', (code, signal) => {
    if (code === DEPOSED_EXIT_CODE && !stopping) {
      process.stderr.write('the API lost the IB session (database connection lost): starting it again\n');
      setTimeout(run, 1000);
      return;
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}
run();
// Forward stop signals (Ctrl+C in a terminal reaches the API too; it ignores the repeat) and wait for the API,
// which shuts itself and PostgreSQL down.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true;
    api?.kill(signal);
  });
}
