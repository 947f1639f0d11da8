import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { closeFromConsole } from './position-close';

/**
 * The index-option journey in the browser (issue 13): a narrow SPX scan (bull puts, 25 wide, 20–40 days, short
 * |Δ| 0.15–0.30, at most 20 rows, so the scan quotes few of the chain's ~16,000 contracts) → an SPXW row that says
 * what it is (class, PM settlement, European exercise, cash) → its detail → the ticket at a marketable limit → filled
 * → the Orders page → the Positions page, where the market value carries SPX's multiplier of 100 → Close from
 * the row, at a generous debit to buy the credit back → flat, the close filled in Orders.
 */

/** A cold SPX chain (both classes, every expiry) and its first quotes go through IB's pacing: allow for it. */
const FIRST_ROWS_MS = 240_000;

/** "−$512.00" / "3.10" / "−3.10" → a number (NaN when the cell says "not available"). */
function parseAmount(text: string | null): number {
  return Number((text ?? '').replace(/−/g, '-').replace(/[$,\s]/g, ''));
}

async function setNumber(field: Locator, value: string): Promise<void> {
  await field.fill(value);
  await field.press('Tab');
}

/** Stops whatever scan runs (there is one per server: an earlier test may have started the ETF scan). */
async function ensureScanStopped(page: Page): Promise<void> {
  const toggle = page.getByTestId('scan-toggle');
  await expect(toggle).toBeEnabled({ timeout: 30_000 });
  if (/Stop scan/.test((await toggle.textContent()) ?? '')) await toggle.click();
  await expect(toggle).toHaveText(/Start scan/, { timeout: 30_000 });
}

test.describe('index options journey', () => {
  test.describe.configure({ timeout: 600_000 });

  test('scan SPX, an SPXW row shows its class and settlement, place at a marketable limit, filled, position × 100, closed from the console', async ({ loggedIn: page }) => {
    await ensureScanStopped(page);

    // The trader narrows the scan to SPX bull puts.
    const panel = page.getByRole('form', { name: 'Scanner filters' });
    await panel.getByRole('button', { name: 'Reset filters' }).click();
    const chips = panel.getByRole('list', { name: 'Selected symbols' });
    for (const symbol of ['SPY', 'QQQ', 'IWM']) {
      await chips.getByRole('button', { name: `Remove ${symbol}` }).click();
    }
    await panel.locator('#symbol-input').fill('SPX');
    await panel.locator('#symbol-input').press('Enter');
    await expect(chips).toContainText('SPX');
    await expect(chips.getByRole('button', { name: /^Remove / })).toHaveCount(1);
    await panel.getByRole('checkbox', { name: 'Bear call (credit)' }).uncheck();
    await expect(panel.getByRole('checkbox', { name: 'Bull put (credit)' })).toBeChecked();
    await setNumber(panel.getByLabel('Widths ($)'), '25');
    await setNumber(panel.getByLabel('Max rows'), '20');
    await setNumber(panel.getByLabel('Days to expiry minimum', { exact: true }), '20');
    await setNumber(panel.getByLabel('Days to expiry maximum', { exact: true }), '40');
    await setNumber(panel.getByLabel('Short-leg |Δ| minimum', { exact: true }), '0.15');
    await setNumber(panel.getByLabel('Short-leg |Δ| maximum', { exact: true }), '0.3');

    const toggle = page.getByTestId('scan-toggle');
    await toggle.click();
    await expect(toggle).toHaveText(/Stop scan/, { timeout: 60_000 });

    // An SPXW row (the id ends with the trading class) shows class, PM settlement, European exercise, cash.
    const spxwRows = page.locator('ibsc-spread-grid .ag-row[row-id$="|SPXW"]');
    await expect(spxwRows.first()).toBeVisible({ timeout: FIRST_ROWS_MS });
    const rowId = (await spxwRows.first().getAttribute('row-id'))!;
    expect(rowId).toMatch(/^SPX\|\d{8}\|bull-put\|[\d.]+\/[\d.]+\|SPXW$/);
    const row = page.locator(`ibsc-spread-grid .ag-row[row-id="${rowId}"]`);
    await expect(row.locator('[col-id=style]')).toHaveText('SPXW · PM · European · cash');
    await expect(row.locator('[col-id=width]')).toHaveText(/^25(\.00)?$/);

    // Its detail says the same, with the words behind it in the tooltip.
    await row.locator('[col-id=mid]').click();
    const detail = page.getByTestId('spread-detail');
    await expect(detail).toBeVisible();
    await expect(detail.getByTestId('settlement')).toHaveText('SPXW · PM · European · cash');
    await expect(detail.getByTestId('settlement')).toHaveAttribute('title', /European: exercised only at expiry/);
    await expect(detail.getByRole('img')).toHaveAttribute('aria-label', /Payoff at expiry/);

    // The ticket, at a marketable limit: the natural credit less a cushion (a credit is a negative combo price), so
    // a quote that moves between the preview and the fill still leaves the order marketable.
    await page.keyboard.press('Control+e');
    const ticket = page.getByTestId('order-ticket');
    await expect(ticket).toBeVisible();
    const naturalLabel = ticket.getByRole('radio', { name: /^Natural/ }).locator('xpath=..');
    const natural = parseAmount(await naturalLabel.locator('.muted').textContent());
    expect(natural).toBeLessThan(0);
    expect(natural).toBeGreaterThan(-25);
    const limit = Math.round((natural + 0.3) * 100) / 100;
    await ticket.getByRole('radio', { name: /^Manual/ }).check();
    await ticket.getByTestId('ticket-limit').fill(limit.toFixed(2));
    await ticket.getByTestId('ticket-preview').click();
    const preview = ticket.getByTestId('order-preview');
    // IB's what-if goes through the gateway's request pacing: allow for it.
    await expect(preview).toBeVisible({ timeout: 120_000 });
    await ticket.getByTestId('ticket-continue').click();
    const wire = ticket.getByTestId('ticket-wire');
    await expect(wire).toContainText('Idempotency-Key');
    await expect(wire).toContainText(`"spreadId": "${rowId}"`);
    await ticket.getByTestId('ticket-send').click();
    await expect(ticket.getByTestId('ticket-sent')).toBeVisible({ timeout: 120_000 });
    await expect(ticket.getByTestId('order-status')).toHaveText('filled', { timeout: 180_000 });
    await expect(ticket.getByTestId('ticket-sent')).toContainText('1 of 1 filled');

    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('tab', { name: /Done/ }).click();
    await expect(page.getByTestId('orders-table').locator('tbody tr').filter({ hasText: 'SPX' }).filter({ hasText: 'filled' })).not.toHaveCount(0);

    // The position: one SPX bull put at the row's strikes; its market value is the mark × 100 (SPX's multiplier).
    await page.getByRole('link', { name: 'Positions' }).click();
    const [, expiry, , strikes] = rowId.split('|');
    const [short, long] = strikes.split('/').map(Number);
    const position = page.getByTestId('positions-table').locator('tbody tr').filter({ hasText: 'SPX' }).filter({ hasText: `${long}/${short}` });
    await expect(position).toHaveCount(1, { timeout: 60_000 });
    const cells = position.locator('td');
    await expect(cells.nth(0)).toHaveText('SPX');
    await expect(cells.nth(1)).toHaveText(`bull-put ${long}/${short}`);
    await expect(cells.nth(2)).toContainText(expiry.slice(0, 4));
    await expect(cells.nth(3)).toHaveText('1');
    const valueTimesMark = async (): Promise<number> => {
      const mark = parseAmount(await cells.nth(5).textContent());
      const value = parseAmount(await cells.nth(6).textContent());
      return Number.isFinite(mark) && Number.isFinite(value) && mark !== 0 ? Math.round(Math.abs(value / mark)) : NaN;
    };
    await expect.poll(valueTimesMark, { timeout: 60_000 }).toBe(100);
    // The average price is per share: a 25-wide spread's credit is below 25 (× 100 it would not be).
    expect(Math.abs(parseAmount(await cells.nth(4).textContent()))).toBeLessThan(25);

    // Close it from its row: the opposite SPXW combo, marketable (a debit well past the mark), then flat.
    await closeFromConsole(page, position, { width: 25, quantity: 1, cushion: 2.5 });
  });
});
