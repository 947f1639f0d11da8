import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX } from '@ibsc/shared-dto';

/**
 * The key's text: `ibsc_` + a public id (16 hex characters, 64 random bits) + `_` + a secret (32 random bytes,
 * base64url, 43 characters). Only sha256(secret) is stored: the secret has 256 bits of entropy, so a slow password
 * hash adds nothing and would cost every request ~100 ms (ADR 0016).
 */
export const API_KEY_PATTERN = /^ibsc_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
export const API_KEY_ID_PATTERN = /^[0-9a-f]{16}$/;

export interface ParsedApiKey {
  id: string;
  secret: string;
}

export interface NewApiKey extends ParsedApiKey {
  key: string;
  secretHash: string;
}

/** A bearer token meant as an API key (by its prefix), well-formed or not; anything else is taken for a JWT. */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** The id and secret of a well-formed key; null when malformed. */
export function parseApiKey(token: string): ParsedApiKey | null {
  const m = API_KEY_PATTERN.exec(token);
  return m ? { id: m[1], secret: m[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function generateApiKey(random: (n: number) => Buffer = randomBytes): NewApiKey {
  const id = random(8).toString('hex');
  const secret = random(32).toString('base64url');
  return { id, secret, key: `${API_KEY_PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** `ibsc_<id>_…`: enough to recognise a key in a list, nothing of its secret. */
export const keyPrefix = (id: string) => `${API_KEY_PREFIX}${id}_…`;
