// Writes each Jest run's totals to reports/jest/<project>.json so `npm test` and .ci/run can print
// one "N passed, N failed" line over every runner.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, basename } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const root = process.env.IBSC_REPORTS_DIR || join(__dirname, '..', '..', 'reports');
    const name = (this.globalConfig.rootDir && basename(this.globalConfig.rootDir)) || 'jest';
    mkdirSync(join(root, 'jest'), { recursive: true });
    const failedSuites = results.testResults.filter((r) => r.testExecError).length;
    writeFileSync(
      join(root, 'jest', `${name}.json`),
      JSON.stringify({
        runner: 'jest',
        project: name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + failedSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        suites: results.numTotalTestSuites,
      }),
    );
  }
}

module.exports = SummaryReporter;
