// `npm test`: lint and typecheck every project, run every project's tests (unit, integration against real
// PostgreSQL and the simulator over TCP, browser e2e), then print one "N passed, N failed" line.
// PostgreSQL: DATABASE_URL when set, else an embedded server started by the Jest global setup.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, childEnv, root } from './node-check.mjs';
import { summarize } from './summarize-reports.mjs';

checkNode();
const reports = join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
const env = childEnv({ IBSC_REPORTS_DIR: reports, CI: process.env.CI ?? 'true' });

function run(label, args) {
  process.stdout.write(`\n=== ${label}: nx ${args.join(' ')}\n`);
  const r = spawnSync('nx', args, { cwd: root, env, stdio: 'inherit' });
  return r.status === 0;
}

const only = process.argv.slice(2);
const projects = only.length ? [`--projects=${only.join(',')}`] : [];
const results = [
  run('lint and typecheck', ['run-many', '-t', 'lint', 'typecheck', ...projects, '--skip-nx-cache']),
  run('tests', ['run-many', '-t', 'test', ...projects, '--skip-nx-cache', '--parallel=2']),
  run('browser e2e', ['run-many', '-t', 'e2e', ...projects, '--skip-nx-cache', '--parallel=1']),
];
const t = summarize(reports);
process.stdout.write(`\n${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}\n`);
process.exit(results.every(Boolean) && t.failed === 0 && t.passed > 0 ? 0 : 1);
