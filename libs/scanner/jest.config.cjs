module.exports = {
  displayName: 'scanner',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  coverageDirectory: '../../coverage/libs/scanner',
  // @ibsc/shared-dto's class-transformer decorators need Reflect metadata at load (the API loads it in main.ts).
  setupFiles: ['reflect-metadata'],
  // Transpile only: the typecheck target (tsc on tsconfig.lib + tsconfig.spec) checks types; this keeps the suite fast.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: true }],
  },
};
