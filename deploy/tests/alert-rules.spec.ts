/**
 * The alert rules (monitoring/prometheus/rules): promtool accepts them, their unit tests pass, and every alert has
 * a `for:` duration, a severity, a runbook that exists and at least one unit test that expects it to fire.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { expectSuccess, repoPath, requireTool, run } from './system-tools';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleTest {
  rule_files: string[];
  tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
}

const RULES = repoPath('monitoring/prometheus/rules');
const TESTS = repoPath('monitoring/prometheus/tests');
const ruleFiles = readdirSync(RULES).filter((f) => f.endsWith('.yml')).map((f) => `${RULES}/${f}`);
const testFiles = readdirSync(TESTS).filter((f) => f.endsWith('.test.yml')).map((f) => `${TESTS}/${f}`);
const alerts: Rule[] = ruleFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules)).filter((r) => r.alert);

/** The alerts the issue names, by the alert that covers each. */
const REQUIRED = [
  'IbGatewayDisconnected', // disconnected outside the restart window
  'IbGatewayRestartOverdue', // still down 15 minutes into it
  'IbDataFarmBroken',
  'IbMarketDataLinesHigh', // lines above 90 %
  'IbPacingViolation', // errors 100/101
  'IbRequestsThrottled', // throttled for minutes
  'OrdersReconciliationCorrected',
  'OrdersRejected',
  'KillSwitchTripped',
  'IbSessionNoOwner',
  'ApiDatabaseDown',
  'ScanQuotesStale',
  'ApiHttp5xxRate',
];

describe('Prometheus alert rules', () => {
  it('promtool check rules accepts every rule file', () => {
    const out = expectSuccess(run(requireTool('promtool'), ['check', 'rules', ...ruleFiles]), 'promtool check rules');
    expect(out.match(/SUCCESS/g)).toHaveLength(ruleFiles.length);
  });

  it('promtool test rules passes every unit-test file', () => {
    const out = expectSuccess(run(requireTool('promtool'), ['test', 'rules', ...testFiles]), 'promtool test rules');
    expect(out.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it('covers every alert the issue lists', () => {
    expect(alerts.map((a) => a.alert)).toEqual(expect.arrayContaining(REQUIRED));
  });

  it.each(alerts.map((a) => [a.alert as string, a] as const))('%s has for:, a severity and a runbook that exists', (_name, a) => {
    expect(a.for).toMatch(/^\d+[smh]$/);
    expect(['critical', 'warning']).toContain(a.labels?.['severity']);
    expect(a.annotations?.['summary']).toBeTruthy();
    const runbook = a.annotations?.['runbook_url'] ?? '';
    expect(runbook).toBe(`docs/runbooks/${a.alert}.md`);
    expect(existsSync(repoPath(runbook))).toBe(true);
  });

  it('every alert has a unit test that expects it to fire, in a test file that loads its rule file', () => {
    const firing = new Set<string>();
    for (const f of testFiles) {
      const t = parse(readFileSync(f, 'utf8')) as RuleTest;
      const loaded = new Set(t.rule_files.map((rf) => rf.replace('../rules/', '')));
      for (const c of t.tests.flatMap((x) => x.alert_rule_test ?? [])) {
        const home = ruleFiles.find((rf) => alerts.some((a) => a.alert === c.alertname) && readFileSync(rf, 'utf8').includes(`alert: ${c.alertname}\n`));
        if (c.exp_alerts.length > 0 && home && loaded.has(home.slice(RULES.length + 1))) firing.add(c.alertname);
      }
    }
    const untested = alerts.filter((a) => !firing.has(a.alert as string)).map((a) => a.alert);
    expect(untested).toEqual([]);
  });
});
