/**
 * The metric names a PromQL expression reads, without a PromQL parser: strings, label matchers, grouping clauses,
 * range and offset durations are removed, then every identifier that is not a function call, keyword or number is a
 * metric name. Good for the expressions of our dashboards and alert rules (tested in promql-metric-names.spec.ts).
 */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'atan2']);

export function promqlMetricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.matchAll(/__name__\s*=\s*"([^"]+)"/g)) names.add(m[1]);
  const stripped = expr
    .replace(/\{[^}]*\}/g, ' ') // label matchers (before strings: a matcher's value may hold any character)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ') // strings
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // grouping label lists
    .replace(/\[[^\]]*\]/g, ' ') // range and subquery durations
    .replace(/\boffset\s+-?\d+[smhdwy]/g, ' ')
    .replace(/\$\w+|\$\{[^}]*\}/g, ' '); // Grafana variables ($__rate_interval)
  for (const m of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, id, call] = m;
    if (call || KEYWORDS.has(id.toLowerCase())) continue;
    names.add(id);
  }
  return [...names].sort();
}

/**
 * Names a Prometheus text exposition declares: every sample's name, and every family's `# TYPE` (a labelled counter
 * that has not counted yet declares its name with no sample); histograms add _bucket, _sum, _count, summaries _sum, _count.
 */
export function exportedSampleNames(exposition: string): Set<string> {
  const out = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/.exec(line);
    if (type) {
      const [, name, kind] = type;
      out.add(name);
      if (kind === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.add(name + s);
      if (kind === 'summary') for (const s of ['_sum', '_count']) out.add(name + s);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (m) out.add(m[1]);
  }
  return out;
}
