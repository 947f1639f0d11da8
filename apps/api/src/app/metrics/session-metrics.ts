/**
 * The IB session's ownership metrics (issue 11, replicated deployment). Until the session-owner election lands, one
 * process owns the only session: owner 1, epoch 0, no failovers. The replicated-deployment work replaces the
 * constants with the elected owner's values; the names, types and meanings stay (docs/metrics.md, the alert rules
 * and the dashboards use them).
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export const SESSION_METRIC_NAMES = ['ibkr_session_owner', 'ibkr_session_epoch', 'ibkr_session_failovers_total'] as const;

export function registerSessionMetrics(registry: Registry): void {
  for (const name of SESSION_METRIC_NAMES) registry.removeSingleMetric(name);
  const registers = [registry];
  new Gauge({ name: 'ibkr_session_owner', help: '1 on the replica that owns the IB session (talks to the gateway), 0 on the others', registers }).set(1);
  new Gauge({ name: 'ibkr_session_epoch', help: 'Epoch of the IB session ownership (grows by one at every change of owner)', registers }).set(0);
  new Counter({ name: 'ibkr_session_failovers_total', help: 'Times this replica took the IB session over from another owner', registers }).inc(0);
}
