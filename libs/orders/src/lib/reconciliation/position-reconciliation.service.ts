/**
 * Position reconciliation (issue 15, item 3; ADR 0012): on every ready (after the orders' reconciliation has booked
 * what filled while away) and every POSITIONS_RECONCILE_SEC, the legs the spread book implies are compared with the
 * gateway's positions (reqPositions). Differences are recorded, not "fixed" in the book (the book is what our orders
 * did; the gateway is what the account holds): an audit row `reconcile.positions` whenever the set of differences
 * changes (also when it clears), the metrics below, the latest result on the positions view, and the open-spread
 * count the risk guard uses (gateway's truth: a spread with a leg gone no longer counts; foreign legs do).
 *
 *   ibkr_positions_drift                     gauge, leg positions that differ now (NaN before the first pass)
 *   ibkr_positions_differences_total{kind}   counter, differences newly found: expired | assignment | closed-outside | foreign
 *   ibkr_positions_reconciliations_total{outcome} counter, passes: ok | failed (an incomplete answer changes nothing)
 */
import type { PositionDifferenceKind, PositionDifferenceView, PositionDriftView } from '@ibsc/shared-dto';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { PositionSource } from '../gateway/position-source';
import { startOfDay } from '../ibkr/ib-time';
import { appendAudit } from '../persistence/audit-log';
import { expectedLegs, foreignSpreadsByUnderlying, positionDifferences } from '../positions/position-drift';
import { spreadPositions } from '../positions/spread-pnl';
import type { PositionQueries } from '../queries/position-queries';

export const POSITION_METRIC_NAMES = ['ibkr_positions_drift', 'ibkr_positions_differences_total', 'ibkr_positions_reconciliations_total'] as const;
const KINDS: readonly PositionDifferenceKind[] = ['expired', 'assignment', 'closed-outside', 'foreign'];

const keyOf = (d: PositionDifferenceView) => `${d.conId}|${d.expected}|${d.gateway}|${d.kind}`;

export class PositionReconciliationService {
  private latestView: PositionDriftView | null = null;
  private recorded: Set<string> | null = null;
  private readonly drift: Gauge;
  private readonly found: Counter<'kind'>;
  private readonly passes: Counter<'outcome'>;

  constructor(
    private readonly db: DataSource,
    private readonly positions: PositionQueries,
    private readonly source: PositionSource,
    private readonly now: () => Date,
    private readonly registry: Registry,
  ) {
    for (const name of POSITION_METRIC_NAMES) registry.removeSingleMetric(name);
    const registers = [registry];
    const latest = () => this.latestView;
    this.drift = new Gauge({
      name: 'ibkr_positions_drift',
      help: 'Leg positions that differ between the gateway (reqPositions) and the spread book at the last reconciliation',
      registers,
      collect() {
        const v = latest();
        this.set(v ? v.differences.length : NaN);
      },
    });
    this.found = new Counter({ name: 'ibkr_positions_differences_total', help: 'Position differences newly found by reconciliation, by kind (expired, assignment, closed-outside, foreign)', labelNames: ['kind'], registers });
    this.passes = new Counter({ name: 'ibkr_positions_reconciliations_total', help: 'Position reconciliation passes, by outcome (ok, failed)', labelNames: ['outcome'], registers });
    for (const kind of KINDS) this.found.inc({ kind }, 0);
    for (const outcome of ['ok', 'failed']) this.passes.inc({ outcome }, 0);
  }

  /** The last result; null before the first pass. */
  latest(): PositionDriftView | null {
    return this.latestView;
  }

  /** One pass. Rejects (recording nothing) when the gateway's answer is incomplete. */
  async reconcile(): Promise<PositionDriftView> {
    let view: PositionDriftView;
    try {
      const now = this.now();
      const book = await this.positions.spreadBook();
      const bare = spreadPositions(book.definitions, book.fills, () => null, startOfDay(now));
      const gateway = await this.source.positions();
      const differences = positionDifferences(expectedLegs(book.definitions, bare), gateway, now);
      view = { checkedAt: now.toISOString(), account: gateway[0]?.account ?? null, differences };
      await this.record(view);
    } catch (e) {
      this.passes.inc({ outcome: 'failed' });
      throw e;
    }
    this.passes.inc({ outcome: 'ok' });
    this.latestView = view;
    return view;
  }

  /**
   * Open spreads on the underlying by the gateway's truth: the database's count (open spreads and working opening
   * orders) less our spreads with a leg missing at the gateway, plus foreign option legs as ⌈legs / 2⌉ spreads.
   * Before the first pass: the database's count.
   */
  openOnUnderlying(underlying: string, databaseCount: number): number {
    const v = this.latestView;
    if (!v) return databaseCount;
    const stale = new Set<string>();
    for (const d of v.differences) if (d.kind !== 'foreign' && d.underlying === underlying) for (const k of d.positionKeys) stale.add(k);
    return Math.max(0, databaseCount - stale.size) + (foreignSpreadsByUnderlying(v.differences).get(underlying) ?? 0);
  }

  private async record(view: PositionDriftView): Promise<void> {
    const keys = new Set(view.differences.map(keyOf));
    const before = this.recorded;
    const same = before !== null && before.size === keys.size && [...keys].every((k) => before.has(k));
    if (same || (before === null && keys.size === 0)) {
      this.recorded = keys;
      return;
    }
    const fresh = view.differences.filter((d) => !before?.has(keyOf(d)));
    const reason =
      keys.size === 0
        ? 'the gateway and the spread book agree again'
        : `${keys.size} leg positions differ from the spread book: ${summary(view.differences)}`;
    await this.db.transaction((em) =>
      appendAudit(em, new Date(view.checkedAt), { actor: 'reconciliation', action: 'reconcile.positions', reason, after: { account: view.account, differences: view.differences } }),
    );
    for (const d of fresh) this.found.inc({ kind: d.kind });
    this.recorded = keys;
  }
}

function summary(ds: readonly PositionDifferenceView[]): string {
  const n = new Map<string, number>();
  for (const d of ds) n.set(d.kind, (n.get(d.kind) ?? 0) + 1);
  return [...n].map(([k, c]) => `${c} ${k}`).join(', ');
}
