import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * Closes the position in `row` (a Positions table row) through the console: Close → the confirmation with a manual
 * limit `cushion` under the mark (a SELL of the BAG: lower is more marketable; for a credit spread, a generous debit
 * to buy it back), never past the width → Send close → the row says Closed (flat) → the close is filled in Orders.
 * Returns the close's orderRef.
 */
export async function closeFromConsole(page: Page, row: Locator, opts: { width: number; quantity: number; cushion: number }): Promise<string> {
  await row.getByTestId('close-position').click();
  const panel = page.getByTestId('close-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('close-summary')).toContainText(`SELL ${opts.quantity} ×`);
  await panel.getByTestId('close-price-mode').selectOption('manual');
  const limitField = panel.getByTestId('close-limit');
  // Prefilled with the live mark (the combo mid).
  await expect(limitField).not.toHaveValue('', { timeout: 60_000 });
  const mark = Number(await limitField.inputValue());
  expect(Number.isFinite(mark)).toBe(true);
  const limit = Math.round(Math.max(-opts.width + 0.05, mark - opts.cushion) * 100) / 100;
  await limitField.fill(limit.toFixed(2));
  await expect(panel.getByTestId('close-summary')).toContainText(`SELL ${opts.quantity} × `);
  await expect(panel.getByTestId('close-summary')).toContainText(`limit ${limit.toFixed(2)}`);
  await panel.getByTestId('close-confirm').click();

  const sent = row.getByTestId('close-sent');
  // the row says "close sent"; the close order's reference is in its data attribute and title
  await expect(sent).toHaveAttribute('data-order-ref', /^ibsc-[0-9a-f]+$/, { timeout: 60_000 });
  await expect(sent).toHaveAttribute('title', /ibsc-[0-9a-f]+/);
  const orderRef = (await sent.getAttribute('data-order-ref')) ?? 'no orderRef shown';
  await expect(row.getByTestId('position-closed')).toHaveText('Closed', { timeout: 120_000 });
  await expect(row.locator('td').nth(3)).toHaveText('0');
  await expect(row.getByTestId('close-position')).toHaveCount(0);

  await page.getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('tab', { name: /Done/ }).click();
  const closeRow = page.getByTestId('orders-table').locator('tbody tr').filter({ hasText: orderRef });
  await expect(closeRow.first()).toContainText('filled', { timeout: 60_000 });
  return orderRef;
}
