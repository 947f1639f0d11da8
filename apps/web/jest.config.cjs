// Angular unit tests: jest-preset-angular (CommonJS mode, jsdom, zoneless).
// Do NOT run these with NODE_OPTIONS=--experimental-vm-modules: Angular's Jest setup breaks under it.
const { createCjsPreset } = require('jest-preset-angular/presets');

const preset = createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' });

module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  resolver: '@nx/jest/plugins/resolver',
  // Totals go to reports/jest/web.json for the one-line `N passed, N failed` summary of `npm test` / .ci/run.
  reporters: ['default', require.resolve('../../tools/jest/summary-reporter.cjs')],
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Grid and page tests render AG Grid in jsdom; on a busy shared machine the first one in a file can pass 5 s.
  testTimeout: 20_000,
  coverageDirectory: '../../coverage/apps/web',
};
