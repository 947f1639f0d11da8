const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/api'), clean: true },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The scan's scoring worker (ADR 0025), loaded by the scanner as scoring-worker.js beside main.js.
      additionalEntryPoints: [{ entryName: 'scoring-worker', entryPath: 'apps/api/src/scoring-worker.ts' }],
      tsConfig: './tsconfig.app.json',
      assets: [],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
      transformers: [{ name: '@nestjs/swagger/plugin', options: { introspectComments: true, classValidatorShim: true } }],
    }),
  ],
};
