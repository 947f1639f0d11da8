import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Tool configs extend the root config by relative path; that is not a project import.
    files: ['**/eslint.config.mjs', '**/jest.config.cjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
