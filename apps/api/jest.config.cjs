module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  coverageDirectory: '../../coverage/apps/api',
  globalSetup: '<rootDir>/../../tools/jest/postgres-global-setup.mjs',
  globalTeardown: '<rootDir>/../../tools/jest/postgres-global-teardown.mjs',
  testTimeout: 60000,
  // The @nestjs/swagger plugin, as in the webpack build: request DTO schemas in /api/docs-json come from it (ADR 0015).
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        diagnostics: { warnOnly: false },
        astTransformers: { before: ['<rootDir>/../../tools/jest/swagger-plugin-transformer.cjs'] },
      },
    ],
  },
};
