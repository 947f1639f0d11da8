import 'reflect-metadata';
import { generateApiKey, hashSecret, looksLikeApiKey, parseApiKey, secretMatches } from './api-key-format';

describe('API key format', () => {
  it('generates ibsc_<16 hex>_<43 base64url> keys that parse back to their id and secret', () => {
    const k = generateApiKey();
    expect(k.key).toMatch(/^ibsc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(k.key)).toEqual({ id: k.id, secret: k.secret });
    expect(k.secretHash).toBe(hashSecret(k.secret));
    expect(k.secretHash).not.toContain(k.secret);
    expect(generateApiKey().key).not.toBe(k.key);
  });

  it('tells a malformed key (the prefix, a wrong shape) from a JWT (no prefix)', () => {
    const k = generateApiKey();
    expect(looksLikeApiKey(k.key)).toBe(true);
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
    for (const bad of ['ibsc_', 'ibsc_xyz', k.key + 'A', k.key.slice(0, -1), k.key.replace(/^ibsc_[0-9a-f]/, 'ibsc_G'), `${k.key.slice(0, 21)}-${k.key.slice(22)}`]) {
      expect(looksLikeApiKey(bad)).toBe(true);
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('matches the secret against its stored hash only', () => {
    const k = generateApiKey();
    expect(secretMatches(k.secret, k.secretHash)).toBe(true);
    expect(secretMatches(generateApiKey().secret, k.secretHash)).toBe(false);
    expect(secretMatches(k.secret, 'abcd')).toBe(false);
  });
});
