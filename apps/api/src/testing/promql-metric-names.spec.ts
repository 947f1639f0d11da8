import { exportedSampleNames, promqlMetricNames } from './promql-metric-names';

describe('promqlMetricNames', () => {
  it.each<[string, string[]]>([
    ['histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{route!~"/metrics"}[5m])))', ['http_request_duration_seconds_bucket']],
    ['ibkr_connection_status{state="ready"} == 0 and on (job, instance) ibkr_session_owner == 1', ['ibkr_connection_status', 'ibkr_session_owner']],
    ['(sum(ibkr_session_owner) or vector(0)) < 1', ['ibkr_session_owner']],
    ['sum without (method, route, status) (rate(a_total{status=~"5.."}[5m])) / sum without (method) (rate(a_total[5m])) > 0.05', ['a_total']],
    ['max by (farm, state) (ibkr_farm_status) * on (instance) group_left (pod) up', ['ibkr_farm_status', 'up']],
    ['rate(process_cpu_seconds_total[$__rate_interval]) offset 5m', ['process_cpu_seconds_total']],
    ['{__name__="scanner_rows"} + 1e3 - Inf', ['scanner_rows']],
  ])('%s', (expr, names) => {
    expect(promqlMetricNames(expr)).toEqual(names);
  });
});

describe('exportedSampleNames', () => {
  it('lists every sample name of an exposition, histogram suffixes included', () => {
    const text = ['# HELP h a histogram', '# TYPE h histogram', 'h_bucket{le="1"} 0', 'h_sum 0', 'h_count 0', 'g 1', ''].join('\n');
    expect([...exportedSampleNames(text)].sort()).toEqual(['g', 'h', 'h_bucket', 'h_count', 'h_sum']);
  });

  it('declares a labelled counter that has not counted yet, by its # TYPE line', () => {
    const text = ['# HELP c_total errors by code', '# TYPE c_total counter', '# TYPE s summary', ''].join('\n');
    expect([...exportedSampleNames(text)].sort()).toEqual(['c_total', 's', 's_count', 's_sum']);
  });
});
