module.exports = {
  displayName: 'ibkr',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  coverageDirectory: '../../coverage/libs/ibkr',
  testTimeout: 30000,
};
