/**
 * Prometheus metrics of order execution (issue 6, item 4):
 *   ibkr_order_execution_seconds        histogram, transmission → fully filled
 *   ibkr_orders_completed_total{outcome} counter, filled | cancelled | rejected | inactive
 *   ibkr_order_fill_rate                gauge, filled / completed (0 before any)
 *   ibkr_order_slippage_vs_mid          histogram, average fill − mid at submission, price units per spread (+ = worse)
 *   ibkr_order_walk_steps_to_fill       histogram, reprices a walked order needed before it filled
 *   ibkr_order_walks_resumed_total{outcome} counter, walks taken over after a restart: resumed | timed_out
 * Registered on the given registry; an earlier engine's metrics of the same names are replaced.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const ORDERS_METRIC_NAMES = [
  'ibkr_order_execution_seconds',
  'ibkr_orders_completed_total',
  'ibkr_order_fill_rate',
  'ibkr_order_slippage_vs_mid',
  'ibkr_order_walk_steps_to_fill',
  'ibkr_order_walks_resumed_total',
] as const;

export type CompletionOutcome = 'filled' | 'cancelled' | 'rejected' | 'inactive';

export class OrdersMetrics {
  private readonly execution: Histogram;
  private readonly completed: Counter<'outcome'>;
  private readonly slippage: Histogram;
  private readonly walkSteps: Histogram;
  private readonly resumed: Counter<'outcome'>;
  private filled = 0;
  private total = 0;

  constructor(private readonly registry: Registry) {
    for (const name of ORDERS_METRIC_NAMES) registry.removeSingleMetric(name);
    const registers = [registry];
    this.execution = new Histogram({
      name: 'ibkr_order_execution_seconds',
      help: 'Time from transmission to the gateway until the order was fully filled',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30, 60, 120, 300, 900],
      registers,
    });
    this.completed = new Counter({ name: 'ibkr_orders_completed_total', help: 'Orders that reached a final state, by outcome', labelNames: ['outcome'], registers });
    const rate = () => (this.total === 0 ? 0 : this.filled / this.total);
    new Gauge({
      name: 'ibkr_order_fill_rate',
      help: 'Share of completed orders that filled (0 to 1)',
      registers,
      collect() {
        this.set(rate());
      },
    });
    this.slippage = new Histogram({
      name: 'ibkr_order_slippage_vs_mid',
      help: 'Average fill price minus the combo mid at submission, in price units per spread (positive = worse for the trader)',
      buckets: [-0.1, -0.05, -0.02, 0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
      registers,
    });
    this.walkSteps = new Histogram({ name: 'ibkr_order_walk_steps_to_fill', help: 'Price steps a walked order took before it filled', buckets: [0, 1, 2, 3, 4, 5, 6, 8, 10, 15], registers });
    this.resumed = new Counter({ name: 'ibkr_order_walks_resumed_total', help: 'Walks of working orders taken over after an API restart: resumed, or timed_out (cancelled at once)', labelNames: ['outcome'], registers });
  }

  walkResumed(outcome: 'resumed' | 'timed_out'): void {
    this.resumed.inc({ outcome });
  }

  completedOrder(outcome: CompletionOutcome, detail: { executionSeconds?: number | null; slippage?: number | null; walkSteps?: number | null } = {}): void {
    this.completed.inc({ outcome });
    this.total++;
    if (outcome !== 'filled') return;
    this.filled++;
    if (detail.executionSeconds !== undefined && detail.executionSeconds !== null && detail.executionSeconds >= 0) this.execution.observe(detail.executionSeconds);
    if (detail.slippage !== undefined && detail.slippage !== null) this.slippage.observe(detail.slippage);
    if (detail.walkSteps !== undefined && detail.walkSteps !== null) this.walkSteps.observe(detail.walkSteps);
  }

  dispose(): void {
    for (const name of ORDERS_METRIC_NAMES) this.registry.removeSingleMetric(name);
  }
}
