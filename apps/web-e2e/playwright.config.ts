import { defineConfig, devices } from '@playwright/test';

/**
 * Browser e2e against the whole product as `npm start` runs it: the built API (which serves the built console,
 * starts an embedded PostgreSQL and, with IB_GATEWAY=simulator, the simulated gateway), started once by the
 * global setup on free ports with a throw-away data directory.
 *
 * Debian's Chromium only (/usr/bin/chromium; `.ci/run` installs it). Never a browser download.
 */
export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../tmp/web-e2e/results',
  globalSetup: './src/global-setup.ts',
  globalTeardown: './src/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./src/summary-reporter.ts']],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
