// Shared Jest settings for every Node project (libs and the API).
// Nest 12 is ESM-only: those projects run Jest with NODE_OPTIONS=--experimental-vm-modules (set per target).
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  reporters: ['default', require.resolve('./tools/jest/summary-reporter.cjs')],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Jest's 5 s default fails CPU-bound specs (a broad scoring, a worker's start) when CI runs projects in parallel on
  // two cores: a timeout is a hang detector here, never a measure (timings are benchmarks: docs/benchmarks.md).
  testTimeout: 30_000,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: { warnOnly: false } }],
  },
};
