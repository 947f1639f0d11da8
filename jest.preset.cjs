// Shared Jest settings for every Node project (libs and the API).
// Nest 12 is ESM-only: those projects run Jest with NODE_OPTIONS=--experimental-vm-modules (set per target).
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  reporters: ['default', require.resolve('./tools/jest/summary-reporter.cjs')],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: { warnOnly: false } }],
  },
};
