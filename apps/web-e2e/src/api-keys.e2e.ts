import { expect, test } from './fixtures';

test.describe('API keys page (admin)', () => {
  test('creates a key shown once that authenticates the API, then revokes it', async ({ loggedIn: page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
    const name = `e2e ${Date.now()}`;
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('key-text');
    await expect(shown).toHaveText(/^ibsc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();
    const key = (await shown.textContent()) ?? '';

    const me = await page.request.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${key}` } });
    expect(me.status()).toBe(200);

    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('created-key')).toHaveCount(0);
    await expect(page.getByText(key)).toHaveCount(0);
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('active');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toContainText('revoked');
    const refused = await page.request.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { code?: string }).code).toBe('API_KEY_REVOKED');
  });
});
