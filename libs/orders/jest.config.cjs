module.exports = {
  displayName: 'orders',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  coverageDirectory: '../../coverage/libs/orders',
  // Integration tests (*.int-spec.ts) run on a real PostgreSQL: one embedded server per run, one database per file.
  globalSetup: '<rootDir>/../../tools/jest/postgres-global-setup.mjs',
  globalTeardown: '<rootDir>/../../tools/jest/postgres-global-teardown.mjs',
  testTimeout: 30000,
};
