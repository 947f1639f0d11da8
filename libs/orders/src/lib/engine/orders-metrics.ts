/**
 * Prometheus metrics of order execution (issue 6, item 4):
 *   ibkr_order_execution_seconds        histogram, transmission → fully filled
 *   ibkr_orders_completed_total{outcome} counter, filled | cancelled | rejected | inactive
 *   ibkr_order_fill_rate                gauge, filled / completed (0 before any)
 *   ibkr_order_slippage_vs_mid          histogram, average fill − mid at submission, price units per spread (+ = worse)
 *   ibkr_order_walk_steps_to_fill       histogram, reprices a walked order needed before it filled
 *   ibkr_order_walks_resumed_total{outcome} counter, walks taken over after a restart: resumed | timed_out
 *   ibkr_orders_placed_total            counter, new orders sent to the gateway (idempotent replays not counted)
 *   ibkr_orders_working                 gauge, orders not yet final (read from the database at scrape time)
 *   ibkr_orders_kill_switch_tripped     gauge, 1 while the persisted kill switch blocks new orders (database, scrape time)
 *   ibkr_orders_reconciliation_corrections_total{kind} counter, differences reconciliation found and corrected:
 *                                       done | absent | duplicate (an order's fate) and execution (a fill made while away)
 *   ibkr_order_events_backlog           gauge, gateway order events kept in memory, not yet applied (a database outage)
 *   ibkr_order_events_dropped_total{reason} counter, events given up: overflow (backlog full) | failed (bad event)
 *   ibkr_orders_reconciliations_total{trigger} counter, reconciliations started: gateway | database | periodic
 *   ibkr_orders_intents_total{outcome}  counter, pending cancels/modifies after an outage: cancel | modify (sent) | dropped
 *   ibkr_position_closes_total{kind}    counter, traders' closes of a position sent: whole | partial (replays not counted)
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
  'ibkr_orders_placed_total',
  'ibkr_orders_working',
  'ibkr_orders_kill_switch_tripped',
  'ibkr_orders_reconciliation_corrections_total',
  'ibkr_order_events_backlog',
  'ibkr_order_events_dropped_total',
  'ibkr_orders_reconciliations_total',
  'ibkr_orders_intents_total',
  'ibkr_position_closes_total',
] as const;

/** What the scrape reads from the database (shared by every replica, so each reports the same value). */
export interface OrdersStateProbe {
  workingOrders(): Promise<number>;
  killSwitchTripped(): Promise<boolean>;
}

export type ReconciliationCorrection = 'done' | 'absent' | 'duplicate' | 'execution';

export type CompletionOutcome = 'filled' | 'cancelled' | 'rejected' | 'inactive';

export class OrdersMetrics {
  private readonly execution: Histogram;
  private readonly completed: Counter<'outcome'>;
  private readonly slippage: Histogram;
  private readonly walkSteps: Histogram;
  private readonly resumed: Counter<'outcome'>;
  private readonly placed: Counter;
  private readonly corrections: Counter<'kind'>;
  private readonly dropped: Counter<'reason'>;
  private readonly reconciliations: Counter<'trigger'>;
  private readonly closes: Counter<'kind'>;
  private readonly intents: Counter<'outcome'>;
  private backlog: () => number = () => 0;
  private filled = 0;
  private total = 0;

  constructor(
    private readonly registry: Registry,
    probe?: OrdersStateProbe,
  ) {
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
    this.placed = new Counter({ name: 'ibkr_orders_placed_total', help: 'New orders sent to the gateway (idempotent replays are not counted)', registers });
    this.corrections = new Counter({
      name: 'ibkr_orders_reconciliation_corrections_total',
      help: 'Differences reconciliation found between the database and the gateway and corrected, by kind (done, absent, duplicate, execution)',
      labelNames: ['kind'],
      registers,
    });
    this.dropped = new Counter({ name: 'ibkr_order_events_dropped_total', help: 'Gateway order events given up: overflow (backlog full during a database outage) or failed (an event that fails while the database answers)', labelNames: ['reason'], registers });
    this.reconciliations = new Counter({ name: 'ibkr_orders_reconciliations_total', help: 'Reconciliations with the gateway started, by trigger (gateway reconnect, database recovery, periodic)', labelNames: ['trigger'], registers });
    this.intents = new Counter({ name: 'ibkr_orders_intents_total', help: 'Cancels and modifies kept during a gateway outage: cancel or modify (sent after reconnect), dropped (the order ended first)', labelNames: ['outcome'], registers });
    this.closes = new Counter({ name: 'ibkr_position_closes_total', help: "Traders' closes of a spread position sent to the gateway, by kind (whole, partial); replays not counted", labelNames: ['kind'], registers });
    for (const kind of ['whole', 'partial'] as const) this.closes.inc({ kind }, 0);
    const backlog = () => this.backlog();
    new Gauge({
      name: 'ibkr_order_events_backlog',
      help: 'Gateway order events received but not yet applied (they wait while the database is unavailable)',
      registers,
      collect() {
        this.set(backlog());
      },
    });
    for (const reason of ['overflow', 'failed'] as const) this.dropped.inc({ reason }, 0);
    for (const trigger of ['gateway', 'database', 'periodic'] as const) this.reconciliations.inc({ trigger }, 0);
    for (const outcome of ['cancel', 'modify', 'dropped'] as const) this.intents.inc({ outcome }, 0);
    // Known label values start at 0: a series first seen at 1 would hide its first event from increase() (alerts).
    for (const outcome of ['filled', 'cancelled', 'rejected', 'inactive'] as const) this.completed.inc({ outcome }, 0);
    for (const outcome of ['resumed', 'timed_out'] as const) this.resumed.inc({ outcome }, 0);
    this.placed.inc(0);
    for (const kind of ['done', 'absent', 'duplicate', 'execution'] as const) this.corrections.inc({ kind }, 0);
    if (probe) {
      // A failed read keeps the last value: a database outage must not turn /metrics into an error.
      new Gauge({
        name: 'ibkr_orders_working',
        help: 'Orders not yet final (created, submitted, partially filled, unknown), from the database',
        registers,
        async collect() {
          this.set(await probe.workingOrders().catch(() => NaN));
        },
      });
      new Gauge({
        name: 'ibkr_orders_kill_switch_tripped',
        help: '1 while the persisted kill switch blocks new orders (daily loss limit or an admin), else 0',
        registers,
        async collect() {
          const tripped = await probe.killSwitchTripped().catch(() => null);
          this.set(tripped === null ? NaN : tripped ? 1 : 0);
        },
      });
    }
  }

  watchBacklog(read: () => number): void {
    this.backlog = read;
  }

  eventDropped(reason: 'overflow' | 'failed'): void {
    this.dropped.inc({ reason });
  }

  reconciliationRun(trigger: 'gateway' | 'database' | 'periodic'): void {
    this.reconciliations.inc({ trigger });
  }

  intentsSent(outcome: 'cancel' | 'modify' | 'dropped', n: number): void {
    if (n > 0) this.intents.inc({ outcome }, n);
  }

  positionClose(kind: 'whole' | 'partial'): void {
    this.closes.inc({ kind });
  }

  orderPlaced(): void {
    this.placed.inc();
  }

  reconciliationCorrected(kind: ReconciliationCorrection, n = 1): void {
    if (n > 0) this.corrections.inc({ kind }, n);
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
