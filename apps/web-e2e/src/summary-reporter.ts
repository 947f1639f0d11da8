import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Writes reports/playwright/web-e2e.json as {"runner":"playwright","passed":N,"failed":N,"skipped":N}, the shape
 * `npm test` totals over reports/**\/*.json. A test counts once, by its final outcome (after retries).
 */
class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, TestResult['status']>();
  private readonly missing = new Set<string>();
  private readonly notes = new Set<string>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.outcomes.set(test.id, result.status);
    for (const a of [...test.annotations, ...result.annotations]) {
      if (a.type === 'missing-api' && a.description) this.missing.add(a.description);
      if (a.type === 'gateway-states-seen' && a.description) this.notes.add(`gateway states seen during the restart: ${a.description}`);
    }
  }

  onEnd(result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const status of this.outcomes.values()) {
      if (status === 'passed') passed++;
      else if (status === 'skipped') skipped++;
      else failed++;
    }
    // A run that broke before any test (global setup) is a failure too.
    if (result.status !== 'passed' && failed === 0) failed = 1;
    const root = process.env['IBSC_REPORTS_DIR'] ?? resolve(__dirname, '../../../reports');
    mkdirSync(join(root, 'playwright'), { recursive: true });
    writeFileSync(join(root, 'playwright', 'web-e2e.json'), JSON.stringify({ runner: 'playwright', passed, failed, skipped }));
    for (const n of this.notes) process.stdout.write(`\n${n}\n`);
    if (this.missing.size) {
      process.stdout.write(`\nBackend pieces not there yet (the tests checked the console's "not available" state instead):\n`);
      for (const m of [...this.missing].sort()) process.stdout.write(`  - ${m}\n`);
    }
  }
}

export default SummaryReporter;
