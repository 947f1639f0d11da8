import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { AppConfig } from '../config/app-config';

/**
 * JWT_SECRET when set; otherwise a random secret kept in DATA_DIR so tokens survive restarts. Replicas sharing one
 * data volume agree on one secret: the file is written whole under a private name, then hard-linked into place,
 * which fails when another replica got there first — that replica's secret is then read and used.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = resolve(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(resolve(config.dataDir), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, secret + '\n', { mode: 0o600 });
  try {
    linkSync(draft, file);
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return readFileSync(file, 'utf8').trim();
  } finally {
    unlinkSync(draft);
  }
}
