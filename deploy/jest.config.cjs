// The operators' kit: Compose config for every profile, Kubernetes overlays rendered and validated, alert rules
// checked and unit-tested with promtool. Tools from Debian's packages (.ci/run installs them).
module.exports = {
  displayName: 'deploy',
  preset: '../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.spec.ts'],
  testTimeout: 60000,
};
