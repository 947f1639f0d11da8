import type { Page } from '@playwright/test';
import { apiHas, apiToken, expect, test } from './fixtures';

/**
 * The trader's journey: start a scan → rows stream in → select one → preview → confirm → the fill shows in
 * Orders and Positions; and a gateway restart that the status bar shows and the grid survives.
 *
 * Parts of the backend are still being built. Each test first asks the API what it offers; where a piece is
 * missing it checks that the console says so plainly (and records the gap as a `missing-api` annotation) instead
 * of running the steps that need it. Once the piece lands, the same test runs the whole journey.
 */

/** Rows the grid renders (AG Grid draws a pinned-left and a centre part per row: count ids once). */
async function gridRowCount(page: Page): Promise<number> {
  const ids = await page.locator('ibsc-spread-grid .ag-row[row-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('row-id')));
  return new Set(ids).size;
}

/** A scan's first cycle acquires chains and quotes from the simulator within IB's limits: allow for it. */
const FIRST_ROWS_MS = 150_000;

/** Starts the scan unless it already runs (there is one scan per server; an earlier test may have started it). */
async function ensureScanRunning(page: Page): Promise<void> {
  const toggle = page.getByTestId('scan-toggle');
  await expect(toggle).toBeEnabled({ timeout: 30_000 });
  if (/Start scan/.test((await toggle.textContent()) ?? '')) await page.keyboard.press('Control+s');
  await expect(toggle).toHaveText(/Stop scan/, { timeout: 30_000 });
}

test.describe('trading journey', () => {
  test.describe.configure({ timeout: 300_000 });

  test('start a scan, stream rows, select one, preview, confirm, see the fill in Orders and Positions', async ({ loggedIn: page, request }, testInfo) => {
    const token = await apiToken(request);
    const hasScanner = await apiHas(request, token, 'GET', '/api/v1/scan/status');
    const hasOrders = await apiHas(request, token, 'GET', '/api/v1/orders');
    const scanState = page.getByTestId('scan-state');

    if (!hasScanner) {
      testInfo.annotations.push({ type: 'missing-api', description: 'scanner REST (/api/v1/scan/*) and scan.* events: journey stops at the scanner page' });
      await expect(scanState).toContainText('scanner API is not available');
      await expect(page.getByTestId('scan-toggle')).toBeDisabled();
      await expect(page.locator('ibsc-spread-grid .ag-overlay')).toContainText('not available');
      return;
    }

    // Start with a wide net on the simulator's liquid underlyings.
    await page.getByRole('button', { name: 'Reset filters' }).click();
    await ensureScanRunning(page);
    await expect.poll(() => gridRowCount(page), { timeout: FIRST_ROWS_MS }).toBeGreaterThan(0);
    await expect(scanState).toContainText(/\d+ rows/);
    await expect(page.locator('ibsc-spread-grid .ag-overlay')).toBeHidden();

    // Select the first row; the detail shows its payoff chart and probabilities.
    await page.locator('ibsc-spread-grid .ag-row[row-id] [col-id=mid]').first().click();
    const detail = page.getByTestId('spread-detail');
    await expect(detail).toBeVisible();
    await expect(detail.getByRole('img')).toHaveAttribute('aria-label', /Payoff at expiry/);
    await expect(detail.getByText('Probability of profit')).toBeVisible();

    await page.keyboard.press('Control+e');
    const ticket = page.getByTestId('order-ticket');
    await expect(ticket).toBeVisible();
    if (!hasOrders) {
      testInfo.annotations.push({ type: 'missing-api', description: 'orders REST (/api/v1/orders*, /positions): journey stops at the ticket' });
      await ticket.getByTestId('ticket-preview').click();
      await expect(ticket.getByTestId('ticket-error')).toContainText('not available');
      return;
    }

    await ticket.getByTestId('ticket-preview').click();
    // IB's what-if goes through the gateway's request pacing: allow for it.
    await expect(ticket.getByTestId('order-preview')).toBeVisible({ timeout: 90_000 });
    await ticket.getByTestId('ticket-continue').click();
    await expect(ticket.getByTestId('ticket-wire')).toContainText('Idempotency-Key');
    await ticket.getByTestId('ticket-send').click();
    await expect(ticket.getByTestId('ticket-sent')).toBeVisible({ timeout: 90_000 });
    await expect(ticket.getByTestId('order-status')).toHaveText('filled', { timeout: 120_000 });

    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('tab', { name: /Done/ }).click();
    await expect(page.getByTestId('orders-table')).toContainText('filled');
    await page.getByRole('link', { name: 'Positions' }).click();
    await expect(page.getByTestId('positions-table').locator('tbody tr')).not.toHaveCount(0);
  });

  test('a gateway restart shows in the status bar, recovers, and the grid resumes', async ({ loggedIn: page, request }, testInfo) => {
    const token = await apiToken(request);
    const bar = page.getByRole('contentinfo', { name: 'System status' });
    const gateway = bar.locator('ibsc-gateway-indicator');
    await expect(gateway).toBeVisible();
    const hasReconnect = (await request.fetch('/api/v1/system/status', { headers: { authorization: `Bearer ${token}` } })).status() !== 404;
    if (!hasReconnect) {
      testInfo.annotations.push({ type: 'missing-api', description: 'POST /api/v1/system/reconnect (connection layer): no restart to simulate' });
      await page.getByRole('link', { name: 'System' }).click();
      await page.getByRole('button', { name: 'Reconnect gateway' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Reconnect failed' })).toBeVisible();
      return;
    }
    await expect(gateway).toContainText('ready', { timeout: 60_000 });
    const hasScanner = await apiHas(request, token, 'GET', '/api/v1/scan/status');
    if (hasScanner) {
      await ensureScanRunning(page);
      await expect.poll(() => gridRowCount(page), { timeout: FIRST_ROWS_MS }).toBeGreaterThan(0);
    }

    // The API runs the simulator in-process without its HTTP control endpoint, so the restart available to a
    // browser test is the admin's "Reconnect gateway" (POST /system/reconnect): the session drops and comes back.
    await page.getByRole('link', { name: 'System' }).click();
    const reconnects = page.locator('dt', { hasText: /^Reconnects$/ }).locator('xpath=following-sibling::dd[1]');
    await expect(reconnects).toHaveText(/^\d+$/);
    const before = Number(await reconnects.textContent());
    const seen = new Set<string>();
    const watch = setInterval(() => void gateway.textContent().then((t) => t && seen.add(t.trim())).catch(() => undefined), 100);
    await page.getByRole('button', { name: 'Reconnect gateway' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Reconnect requested' })).toBeVisible();
    await expect.poll(async () => Number(await reconnects.textContent()), { timeout: 60_000 }).toBeGreaterThan(before);
    await expect(gateway).toContainText('ready', { timeout: 60_000 });
    clearInterval(watch);
    testInfo.annotations.push({ type: 'gateway-states-seen', description: [...seen].join(' → ') });

    if (hasScanner) {
      await page.getByRole('link', { name: 'Scanner' }).click();
      // The next scan delta after the reconnect changes "updated …" (a cycle re-acquires every quote).
      const updated = async () => (await page.getByTestId('scan-state').textContent())?.match(/updated ([^·]+)/)?.[1]?.trim();
      const before = await updated();
      await expect.poll(updated, { timeout: FIRST_ROWS_MS }).not.toBe(before);
      expect(await gridRowCount(page)).toBeGreaterThan(0);
    } else {
      testInfo.annotations.push({ type: 'missing-api', description: 'scanner: the grid-resumes part of the restart test does not run' });
    }
  });
});
