import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The wire contract is plain data: the browser and API clients import it, so it must pull in no runtime library
 * (class-validator / class-transformer / reflect-metadata would land in the console's bundle) and declare no
 * decorated class. The API's request DTO classes implement these types server-side (ADR 0015).
 */
describe('shared-dto is dependency-free', () => {
  const dir = __dirname;
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it('has sources to check', () => {
    expect(sources).toEqual(expect.arrayContaining(['index.ts', 'orders.dto.ts', 'scan.dto.ts', 'auth.dto.ts']));
  });

  it.each(sources)('%s imports only sibling files', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    expect(specifiers.filter((s) => !s.startsWith('./'))).toEqual([]);
  });

  it.each(sources)('%s declares no class and no decorator', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).not.toMatch(/^\s*(export\s+)?(abstract\s+)?class\s/m);
    expect(text).not.toMatch(/^\s*@[A-Z]\w*\(/m);
  });
});
