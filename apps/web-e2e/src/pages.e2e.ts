import { join } from 'node:path';
import { expect, login, SCREENSHOTS, test } from './fixtures';

test.describe('the console in a real browser', () => {
  test('login page, then every page renders, with a screenshot of each', async ({ page, consoleErrors: _errors }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('heading', { name: 'IB Spread Console' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'login.png') });

    await login(page);
    const pages = [
      { nav: 'Scanner', heading: 'Scanner', file: 'scanner.png' },
      { nav: 'Orders', heading: 'Orders', file: 'orders.png' },
      { nav: 'Positions', heading: 'Positions', file: 'positions.png' },
      { nav: 'History', heading: 'History', file: 'history.png' },
      { nav: 'System', heading: 'System', file: 'system.png' },
    ];
    for (const p of pages) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: p.nav }).click();
      await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
      await expect(page).toHaveTitle(new RegExp(`^${p.heading} ·`));
      // Let loading states settle into their final (empty, error or data) state before the picture.
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      if (p.nav === 'System') await expect(page.getByRole('heading', { name: 'Gateway', exact: true })).toBeVisible();
      await page.screenshot({ path: join(SCREENSHOTS, p.file) });
    }
  });

  test('the status bar shows live status from the server on every page', async ({ loggedIn: page }) => {
    const bar = page.getByRole('contentinfo', { name: 'System status' });
    await expect(bar.getByText('Gateway')).toBeVisible();
    await expect(bar.getByRole('meter', { name: 'Market-data lines in use' })).toBeVisible();
    await expect(bar.getByTestId('uptime')).toHaveText(/\d\d:\d\d/);
    await page.getByRole('link', { name: 'Orders' }).click();
    await expect(bar.getByText('Gateway')).toBeVisible();
  });

  test('keyboard: ? opens the cheat sheet, Escape closes it, Ctrl+F focuses the filters', async ({ loggedIn: page }) => {
    await page.locator('body').press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText('Ctrl/⌘ + E');
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();
    await page.keyboard.press('Control+f');
    await expect(page.locator('#symbol-input')).toBeFocused();
  });

  test('light and dark themes, both readable', async ({ loggedIn: page }) => {
    const html = page.locator('html');
    const before = await html.getAttribute('data-theme');
    await page.getByRole('button', { name: /theme/i }).first().click();
    await expect(html).not.toHaveAttribute('data-theme', before ?? '');
    await page.screenshot({ path: join(SCREENSHOTS, `scanner-${await html.getAttribute('data-theme')}.png`) });
  });

  test('at 1280 px the scanner needs no horizontal page scroll', async ({ loggedIn: page }) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
