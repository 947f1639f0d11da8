module.exports = {
  displayName: 'ib-sim-app',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  coverageDirectory: '../../coverage/apps/ib-sim',
  testTimeout: 180000,
};
