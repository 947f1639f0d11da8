import { CONNECTION_STATES } from '@ibsc/shared-dto';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IbkrRuntime } from './ibkr-runtime';

export const IBKR_METRIC_NAMES = [
  'ibkr_connection_status',
  'ibkr_active_subscriptions',
  'ibkr_subscription_usage_pct',
  'ibkr_subscription_evictions_total',
  'ibkr_request_queue_size',
  'ibkr_request_queue_producers_waiting',
  'ibkr_throttle_events_total',
  'ibkr_api_errors_total',
  'ibkr_reconnects_total',
  'ibkr_request_latency_seconds',
  'ibkr_subscriptions_max',
  'ibkr_subscriptions_waiting',
  'ibkr_subscriptions_pinned',
  'ibkr_subscriptions_yielding',
  'ibkr_request_rate_limit_per_second',
  'ibkr_request_throttled',
  'ibkr_request_backpressure_tier',
  'ibkr_farm_status',
  'ibkr_restart_window',
  'ibkr_next_restart_timestamp_seconds',
] as const;

/** 100 message rate exceeded, 101 ticker limit, 162 historical-data pacing. */
export const PACING_ERROR_CODES = [100, 101, 162] as const;
const FARMS = ['market', 'hmds', 'secdef'] as const;
const FARM_STATES = ['ok', 'broken', 'unknown'] as const;

/**
 * The plan's Prometheus metrics, fed by the runtime's event bus (counters) and read live at scrape time (gauges).
 * Registered on the given registry; an earlier runtime's metrics of the same names are replaced.
 */
export class IbkrMetrics {
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly rt: IbkrRuntime,
    private readonly registry: Registry,
  ) {
    for (const name of IBKR_METRIC_NAMES) registry.removeSingleMetric(name);
    const registers = [registry];
    new Gauge({
      name: 'ibkr_connection_status',
      help: 'Gateway connection state: 1 for the current state (disconnected, connecting, ready, degraded, restoring), 0 for the others',
      labelNames: ['state'],
      registers,
      collect() {
        const now = rt.connection.state;
        for (const s of CONNECTION_STATES) this.set({ state: s }, s === now ? 1 : 0);
      },
    });
    new Gauge({ name: 'ibkr_active_subscriptions', help: 'Market-data lines held at the gateway', registers, collect() { this.set(rt.lines.usage().active); } });
    new Gauge({ name: 'ibkr_subscription_usage_pct', help: 'Market-data lines held, percent of MAX_SUBSCRIPTIONS', registers, collect() { this.set(rt.lines.usage().usagePct); } });
    new Gauge({ name: 'ibkr_request_queue_size', help: 'Requests waiting in the coordinator queue', registers, collect() { this.set(rt.coordinator.queueDepth()); } });
    new Gauge({ name: 'ibkr_request_queue_producers_waiting', help: 'Producers of optional work (the scan\'s acquisition workers) waiting for room in the coordinator queue, woken as requests leave it', registers, collect() { this.set(rt.coordinator.queueWaiters()); } });
    new Gauge({ name: 'ibkr_subscriptions_max', help: 'Market-data lines allowed (MAX_SUBSCRIPTIONS)', registers, collect() { this.set(rt.lines.usage().max); } });
    new Gauge({ name: 'ibkr_subscriptions_waiting', help: 'Market-data line requests waiting for a free line', registers, collect() { this.set(rt.lines.usage().waiting); } });
    new Gauge({ name: 'ibkr_subscriptions_pinned', help: 'Market-data lines pinned: legs of working orders and open positions (never evicted) and the scan\'s visible rows (see ibkr_subscriptions_yielding)', registers, collect() { this.set(rt.lines.usage().pinned); } });
    new Gauge({ name: 'ibkr_subscriptions_yielding', help: 'Of the pinned lines, those whose pins yield to orders: the scan\'s streams for the rows a trader sees (an order\'s leg may evict them)', registers, collect() { this.set(rt.lines.usage().yielding); } });
    new Gauge({ name: 'ibkr_request_rate_limit_per_second', help: 'Request pacing limit of the coordinator (messages per second)', registers, collect() { this.set(rt.coordinator.ratePerSec); } });
    new Gauge({ name: 'ibkr_request_throttled', help: '1 while the request coordinator is throttling (bucket empty, requests waiting)', registers, collect() { this.set(rt.coordinator.isThrottled() ? 1 : 0); } });
    new Gauge({ name: 'ibkr_request_backpressure_tier', help: 'Backpressure tier of the request queue: 0 normal, 1 elevated, 2 high, 3 critical, 4 paused', registers, collect() { this.set(rt.coordinator.backpressure().tier); } });
    new Gauge({
      name: 'ibkr_farm_status',
      help: 'Data farms as the gateway last reported them (2103/2104, 2105/2106, 2157/2158): 1 for the current state of each farm',
      labelNames: ['farm', 'state'],
      registers,
      collect() {
        const farms = rt.connection.info().farms;
        for (const farm of FARMS) for (const state of FARM_STATES) this.set({ farm, state }, farms[farm] === state ? 1 : 0);
      },
    });
    new Gauge({ name: 'ibkr_restart_window', help: '1 inside the gateway\'s daily restart window (IB_RESTART_TIME), else 0', registers, collect() { this.set(rt.restart.inWindow() ? 1 : 0); } });
    new Gauge({ name: 'ibkr_next_restart_timestamp_seconds', help: 'Start of the next daily gateway restart window (Unix seconds)', registers, collect() { this.set(Math.round(rt.restart.nextRestartAt() / 1000)); } });
    const evictions = new Counter({ name: 'ibkr_subscription_evictions_total', help: 'Market-data lines evicted (least recently used) to make room', registers });
    const throttles = new Counter({ name: 'ibkr_throttle_events_total', help: 'Times the request coordinator started throttling (bucket empty, queue waiting)', registers });
    const errors = new Counter({ name: 'ibkr_api_errors_total', help: 'Error and notice messages from the gateway, by IB code', labelNames: ['error_code'], registers });
    const reconnects = new Counter({ name: 'ibkr_reconnects_total', help: 'Sessions re-established after a drop', registers });
    const latency = new Histogram({
      name: 'ibkr_request_latency_seconds',
      help: 'Time from sending a request to its complete answer, by kind',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    evictions.inc(0);
    throttles.inc(0);
    reconnects.inc(0);
    // The codes the alert rules watch start at 0: a series first seen at 1 would hide its first error from increase().
    for (const code of PACING_ERROR_CODES) errors.inc({ error_code: String(code) }, 0);
    const bus = rt.bus;
    const sub = <A extends unknown[]>(name: Parameters<typeof bus.on>[0], fn: (...a: A) => void) => {
      bus.on(name, fn as never);
      this.off.push(() => bus.off(name, fn as never));
    };
    sub('line', (e: { kind: string }) => e.kind === 'evicted' && evictions.inc());
    sub('throttle', (e: { active: boolean }) => e.active && throttles.inc());
    sub('ib-error', (e: { code: number }) => errors.inc({ error_code: String(e.code) }));
    sub('ready', (e: { reconnect: boolean }) => e.reconnect && reconnects.inc());
    sub('request-done', (e: { kind: string; latencyMs: number }) => latency.observe({ kind: e.kind }, e.latencyMs / 1000));
  }

  dispose(): void {
    for (const f of this.off.splice(0)) f();
    for (const name of IBKR_METRIC_NAMES) this.registry.removeSingleMetric(name);
  }
}
