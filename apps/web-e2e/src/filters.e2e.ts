import { expect, test } from './fixtures';

test.describe('filter panel and presets against the real API', () => {
  test('save a preset, change the filters, load it back, delete it', async ({ loggedIn: page }) => {
    const panel = page.getByRole('form', { name: 'Scanner filters' });
    await expect(panel).toBeVisible();
    // Exact values through the number boxes.
    await panel.getByLabel('Days to expiry minimum', { exact: true }).fill('10');
    await panel.getByLabel('Days to expiry minimum', { exact: true }).press('Tab');
    await panel.getByLabel('Days to expiry maximum', { exact: true }).fill('60');
    await panel.getByLabel('Days to expiry maximum', { exact: true }).press('Tab');
    await panel.locator('#symbol-input').fill('AAPL');
    await panel.locator('#symbol-input').press('Enter');
    await expect(panel.getByRole('list', { name: 'Selected symbols' })).toContainText('AAPL');

    const name = `e2e ${Date.now()}`;
    await panel.getByRole('button', { name: 'Save as…' }).click();
    await panel.getByLabel('New preset name').fill(name);
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Preset saved' })).toBeVisible();

    await panel.getByRole('button', { name: 'Reset filters' }).click();
    await expect(panel.getByLabel('Days to expiry minimum', { exact: true })).toHaveValue('7');
    await expect(panel.getByRole('list', { name: 'Selected symbols' })).not.toContainText('AAPL');

    await panel.getByLabel('Preset', { exact: true }).selectOption({ label: name });
    await expect(panel.getByLabel('Days to expiry minimum', { exact: true })).toHaveValue('10');
    await expect(panel.getByLabel('Days to expiry maximum', { exact: true })).toHaveValue('60');
    // A preset is the filter set (ScanFiltersDto): the symbols stay what they are.
    await expect(panel.getByRole('list', { name: 'Selected symbols' })).not.toContainText('AAPL');

    await panel.getByRole('button', { name: 'Delete', exact: true }).click();
    await panel.getByRole('button', { name: `Delete “${name}”?` }).click();
    await expect(panel.getByLabel('Preset', { exact: true }).locator('option', { hasText: name })).toHaveCount(0);
  });

  test('a filter switched off is greyed out and min above max is flagged next to the field', async ({ loggedIn: page }) => {
    const panel = page.getByRole('form', { name: 'Scanner filters' });
    const dte = panel.locator('[data-filter=dte]');
    await dte.getByLabel('Days to expiry minimum', { exact: true }).fill('90');
    await dte.getByLabel('Days to expiry minimum', { exact: true }).press('Tab');
    await expect(dte.getByRole('alert')).toContainText('above max');
    await dte.getByRole('switch').uncheck();
    await expect(dte.getByLabel('Days to expiry minimum', { exact: true })).toBeDisabled();
    await panel.getByRole('button', { name: 'Reset filters' }).click();
  });
});
