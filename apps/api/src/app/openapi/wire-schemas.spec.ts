import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The checked-in schemas are what `npm run openapi:schemas` generates from libs/shared-dto now (ADR 0015). */
describe('wire-schemas.json', () => {
  it('is up to date with the shared-dto wire types', async () => {
    const root = resolve(__dirname, '../../../../..');
    const out = await run('npm', ['run', '--silent', 'openapi:schemas', '--', '--check'], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
    expect(out.stdout).toContain('is up to date');
  }, 180_000);
});
