import { hashPassword, verifyPassword } from './password-hasher';

const FAST = { N: 1 << 10, r: 8, p: 1 };

describe('password hasher', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const h = await hashPassword('correct horse battery', FAST);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(verifyPassword('correct horse battery', h)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterz', h)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same-password', FAST)).not.toEqual(await hashPassword('same-password', FAST));
  });

  it('rejects malformed stored hashes', async () => {
    await expect(verifyPassword('x', 'plain')).resolves.toBe(false);
    await expect(verifyPassword('x', 'md5$1$2$3$4$5')).resolves.toBe(false);
  });
});
