module.exports = {
  displayName: 'api-e2e',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 180000,
  // The fail-over test's shared PostgreSQL (DATABASE_URL, or an embedded server); start-stop spawns its own.
  globalSetup: '<rootDir>/../../tools/jest/postgres-global-setup.mjs',
  globalTeardown: '<rootDir>/../../tools/jest/postgres-global-teardown.mjs',
};
