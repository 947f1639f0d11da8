import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Tool configs extend the root config by relative path; that is not a project import.
    files: ['**/eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.ts'],
    // Playwright fixtures take their dependencies as a destructured first argument, `{}` when there are none.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-empty-pattern': 'off' },
  },
];
