import { type APIRequestContext, expect, type Page, test as base } from '@playwright/test';
import { ADMIN_PASSWORD, BASE_URL_ENV, ROOT } from './product';
import { join } from 'node:path';

export const SCREENSHOTS = join(ROOT, 'docs/screenshots');

/**
 * API areas other engineers are still building. While one answers 404 the console shows a clear "not
 * available" state; the browser logs those 404s as console errors, which are the only ones tolerated.
 */
const PENDING_API = /\/api\/v1\/(scan|orders|positions|trades|risk|system)(\/|\?|$)/;

interface Fixtures {
  /** Console errors and uncaught exceptions seen so far; any left at the end fails the test. */
  consoleErrors: string[];
  /** 404s from API areas not built yet (reported, not failed). */
  missingApi: Set<string>;
  loggedIn: Page;
}

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => {
    const url = process.env[BASE_URL_ENV];
    if (!url) throw new Error(`${BASE_URL_ENV} is not set: the global setup did not start the product`);
    await use(url);
  },
  missingApi: async ({}, use, testInfo) => {
    const missing = new Set<string>();
    await use(missing);
    for (const m of missing) testInfo.annotations.push({ type: 'missing-api', description: `404 from ${m}` });
  },
  consoleErrors: async ({ page, missingApi }, use) => {
    const errors: string[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.status() === 404 && PENDING_API.test(path)) missingApi.add(`${r.request().method()} ${path}`);
    });
    page.on('console', (msg) => {
      if (msg.type() !== 'error' && msg.type() !== 'warning') return;
      const url = msg.location().url;
      const is404 = /status of 404/.test(msg.text());
      if (is404 && PENDING_API.test(new URL(url || 'http://x/').pathname)) return;
      // The live match count is bounded (issue 15 #4): a request too broad to count within its budget (422) or one
      // that overlaps another (429) is an answer the filter panel shows ("count unavailable: …"), not an error; the
      // browser still logs every 4xx resource load.
      if (/status of (422|429)/.test(msg.text()) && new URL(url || 'http://x/').pathname === '/api/v1/scan/preview-count') return;
      errors.push(`console.${msg.type()}: ${msg.text()} ${url ? `(${url})` : ''}`);
    });
    page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
  loggedIn: async ({ page, consoleErrors: _errors }, use) => {
    await login(page);
    await use(page);
  },
});

export { expect };

export async function login(page: Page, username = 'admin', password = ADMIN_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/scanner$/);
}

/** A bearer token for direct API calls (test setup, probing what the backend offers). */
export async function apiToken(request: APIRequestContext): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** True when the API answers this route (anything but 404). */
export async function apiHas(request: APIRequestContext, token: string, method: 'GET' | 'POST', path: string): Promise<boolean> {
  const res = await request.fetch(path, { method, headers: { authorization: `Bearer ${token}` }, data: method === 'POST' ? {} : undefined });
  return res.status() !== 404;
}
