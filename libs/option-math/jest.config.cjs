module.exports = {
  displayName: 'option-math',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  coverageDirectory: '../../coverage/libs/option-math',
};
