/**
 * The operators' dashboards and alert rules against the real API (issue 12): the API with its in-process simulator
 * does a scan and places orders (one walked) while Debian's Prometheus scrapes it every second; then
 *  - every PromQL expression of every Grafana dashboard names only metrics the API exports, and returns data
 *    through Prometheus' query API;
 *  - every alert rule is loaded and evaluated by that Prometheus without error, and every metric it reads has
 *    series (whether an alert fires is proven by the promtool unit tests in monitoring/prometheus/tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import { IbConnection } from '@ibsc/ibkr';
import { parse } from 'yaml';
import { promqlMetricNames, exportedSampleNames } from '../../testing/promql-metric-names';
import { startPrometheus, type PrometheusServer } from '../../testing/prometheus-server';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { marketableTicket } from '../../testing/marketable-ticket';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';

const ROOT = resolve(__dirname, '../../../../..');
const DASHBOARDS = join(ROOT, 'monitoring/grafana/dashboards');
const RULES = join(ROOT, 'monitoring/prometheus/rules');
/** Series Prometheus makes itself for every target. */
const SCRAPE_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_series_added', 'scrape_samples_post_metric_relabeling']);

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}
const dashboardExprs: Array<{ where: string; expr: string }> = readdirSync(DASHBOARDS)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => {
    const d = JSON.parse(readFileSync(join(DASHBOARDS, f), 'utf8')) as { panels: Panel[] };
    const panels = d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
    return panels.flatMap((p) => (p.targets ?? []).filter((t) => t.expr).map((t) => ({ where: `${f} › ${p.title}`, expr: t.expr as string })));
  });
const ruleFiles = readdirSync(RULES).filter((f) => f.endsWith('.yml')).map((f) => join(RULES, f));
const alertExprs = ruleFiles.flatMap((f) =>
  (parse(readFileSync(f, 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; expr: string }> }> }).groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => ({ alert: r.alert as string, expr: r.expr }))),
);

describe('dashboards and alert rules against the running API scraped by Prometheus', () => {
  let t: TestApp;
  let prom: PrometheusServer;
  let exported: Set<string>;

  beforeAll(async () => {
    t = await createTestApp({ gateway: 'simulator', env: { RISK_MAX_OPEN_PER_UNDERLYING: '50' } });
    prom = await startPrometheus(t.baseUrl.replace('http://', ''), ruleFiles);
    await waitUntil(() => t.app.get(IbConnection).state === 'ready', 15_000, 'gateway ready');
    const trader = await t.tokenFor('trader');
    const auth = { Authorization: `Bearer ${trader}` };

    // a scan: rows, a funnel, quote ages, the time to first rows
    await t.http().post('/api/v1/scan/start').set(auth).send({ symbols: ['SPY'], spreadTypes: ['bull-put'], widths: [5], filters: { dte: { min: 21, max: 35 }, shortDelta: { min: 0.2, max: 0.3 } }, maxRows: 50 }).expect(200);
    let scan: Record<string, unknown> = {};
    await waitUntil(async () => {
      scan = (await t.http().get('/api/v1/scan/status').set(auth)).body as Record<string, unknown>;
      return (scan['scans'] as number) >= 1 && (scan['rows'] as number) > 0;
    }, 45_000, 'a full scan cycle with rows').catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(scan)}`);
    });

    // orders: one marketable (natural plus a cushion: fills at once), one walked from the mid
    const sim = t.app.get<GatewayEndpoint>(GATEWAY_ENDPOINT).simulator!;
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const legs = [
      { expiry: o.expiry, strike: o.strike, right: 'C', action: 'BUY' },
      { expiry: o.expiry, strike: o.strike + 5, right: 'C', action: 'SELL' },
    ];
    const placed: string[] = [];
    for (const [key, extra] of [
      ['monitoring-natural-1', await marketableTicket(t, trader, { underlying: 'SPY', legs, quantity: 1, orderType: 'LMT' })],
      ['monitoring-walked-1', { priceMode: 'mid', walk: { intervalMs: 1000, stepFraction: 0.5, timeoutMs: 30_000 } }],
    ] as const) {
      const res = await t.http().post('/api/v1/orders').set(auth).set('Idempotency-Key', key).send({ underlying: 'SPY', legs, quantity: 1, orderType: 'LMT', ...extra });
      if (res.status !== 201) throw new Error(`placing ${key}: ${res.status} ${JSON.stringify(res.body)}`);
      placed.push(res.body.order.id as string);
    }
    const final = async (id: string) => ['filled', 'cancelled', 'rejected', 'inactive'].includes(((await t.http().get(`/api/v1/orders/${id}`).set(auth)).body as { status: string }).status);
    await waitUntil(async () => (await Promise.all(placed.map(final))).every(Boolean), 45_000, 'both orders final');

    // Prometheus has scraped the state after the orders, a few times (rates need two samples)
    const placedSeen = async () => Number((await prom.query('ibkr_orders_placed_total'))[0]?.value[1] ?? 0);
    await waitUntil(async () => (await placedSeen()) >= 2, 15_000, 'the placed orders scraped');
    await new Promise((r) => setTimeout(r, 3_000));
    exported = exportedSampleNames((await t.http().get('/metrics').expect(200)).text);
  }, 180_000);

  afterAll(async () => {
    await prom?.stop();
    await t?.close();
  });

  it('has dashboards for every area the issue lists', () => {
    expect(dashboardExprs.length).toBeGreaterThan(40);
    const all = dashboardExprs.map((d) => d.expr).join('\n');
    for (const name of ['ibkr_connection_status', 'ibkr_reconnects_total', 'ibkr_farm_status', 'ibkr_restart_window', 'ibkr_session_owner', 'ibkr_session_failovers_total',
      'ibkr_active_subscriptions', 'ibkr_subscriptions_max', 'ibkr_subscriptions_waiting', 'ibkr_subscription_evictions_total', 'ibkr_subscriptions_pinned',
      'ibkr_request_queue_size', 'ibkr_request_rate_limit_per_second', 'ibkr_request_throttled', 'ibkr_request_backpressure_tier', 'ibkr_api_errors_total',
      'scanner_cycle_duration_seconds_bucket', 'scanner_time_to_first_rows_seconds_sum', 'scanner_quotes_age_seconds', 'scanner_funnel_rows', 'scanner_rows',
      'ibkr_orders_placed_total', 'ibkr_orders_completed_total', 'ibkr_order_fill_rate', 'ibkr_order_slippage_vs_mid_bucket', 'ibkr_order_walk_steps_to_fill_bucket',
      'ibkr_orders_working', 'ibkr_orders_kill_switch_tripped', 'ibkr_orders_reconciliation_corrections_total',
      'http_request_duration_seconds_count', 'socketio_connected_clients', 'process_cpu_seconds_total', 'api_database_up']) {
      expect(all).toContain(name);
    }
  });

  it('every dashboard expression names only metrics the running API exports', () => {
    const unknown = dashboardExprs.flatMap(({ where, expr }) => promqlMetricNames(expr).filter((n) => !exported.has(n) && !SCRAPE_SERIES.has(n)).map((n) => `${where}: ${n}`));
    expect(unknown).toEqual([]);
  });

  it('every dashboard expression returns data through the Prometheus query API', async () => {
    const hasData = async (expr: string) => {
      const result = await prom.query(expr);
      return result.length > 0 && !result.every((r) => Number.isNaN(Number(r.value[1])));
    };
    const empty: string[] = [];
    for (const { where, expr } of dashboardExprs) {
      // A scrape that timed out (1 s, on a loaded machine) marks every series stale until the next one: ask again
      // for a few scrapes before calling an expression empty.
      if (!(await waitUntil(() => hasData(expr), 5_000, expr, 250).then(() => true, () => false))) empty.push(`${where}: ${expr}`);
    }
    expect(empty).toEqual([]);
  });

  it('every alert rule is loaded and evaluated without error, and every metric it reads has series', async () => {
    const rules = await prom.rules();
    expect(rules.filter((r) => r.type === 'alerting').map((r) => r.name).sort()).toEqual(alertExprs.map((a) => a.alert).sort());
    await waitUntil(async () => (await prom.rules()).every((r) => r.health === 'ok'), 10_000, 'every rule evaluated');
    const missing: string[] = [];
    for (const { alert, expr } of alertExprs) {
      await prom.query(expr); // throws on a bad expression
      // Series seen over the last minute: a range ignores the staleness markers a timed-out scrape leaves.
      for (const name of promqlMetricNames(expr)) if ((await prom.query(`count(last_over_time(${name}[1m]))`)).length === 0) missing.push(`${alert}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
