// Totals every runner's report under reports/ into one line: "N passed, N failed[, N skipped]".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function summarize(dir) {
  const totals = { passed: 0, failed: 0, skipped: 0, reports: 0 };
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.json')) {
        const r = JSON.parse(readFileSync(p, 'utf8'));
        if (typeof r.passed !== 'number') continue;
        totals.passed += r.passed;
        totals.failed += r.failed;
        totals.skipped += r.skipped ?? 0;
        totals.reports++;
      }
    }
  };
  walk(dir);
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = summarize(process.argv[2] ?? 'reports');
  process.stdout.write(`${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}\n`);
}
