import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { resolveJwtSecret } from './jwt-secret';

const configFor = (dataDir: string, jwtSecret: string | null = null) => ({ dataDir, jwtSecret }) as unknown as AppConfig;

describe('resolveJwtSecret', () => {
  it('JWT_SECRET wins; nothing is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibsc-jwt-'));
    expect(resolveJwtSecret(configFor(dir, 'x'.repeat(40)))).toBe('x'.repeat(40));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('generates a secret once into DATA_DIR (mode 600) and reads the same one on the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibsc-jwt-'));
    const first = resolveJwtSecret(configFor(join(dir, 'data')));
    expect(first.length).toBeGreaterThanOrEqual(60);
    expect(resolveJwtSecret(configFor(join(dir, 'data')))).toBe(first);
    expect(readdirSync(join(dir, 'data'))).toEqual(['jwt-secret']);
    expect(statSync(join(dir, 'data', 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('a replica that loses the race to a shared volume uses the winner\'s secret and leaves no draft behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibsc-jwt-'));
    const file = join(dir, 'jwt-secret');
    // the other replica links its file between this one's existence check and its link: simulated by a file that
    // appears once the draft is written (existsSync saw nothing when called first)
    // the module object jwt-secret.ts calls into (not an ES namespace copy)
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const realLink = fs.linkSync;
    const spy = jest.spyOn(fs, 'linkSync').mockImplementationOnce((src, dest) => {
      writeFileSync(file, 'winner-secret\n');
      return realLink(src, dest);
    });
    try {
      expect(resolveJwtSecret(configFor(dir))).toBe('winner-secret');
      expect(readdirSync(dir)).toEqual(['jwt-secret']);
    } finally {
      spy.mockRestore();
    }
  });
});
