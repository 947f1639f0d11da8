import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { SpreadLegView, SpreadRow } from '@ibsc/shared-dto';
import { formatAge, formatAmount, formatPct, formatYmd } from '../../../shared/format';
import { describeStyle, formatStyle } from '../spread-columns';
import { PayoffChartComponent } from './payoff-chart.component';
import { ProbabilityPanelComponent } from './probability-panel.component';

/** Everything about one spread: legs, metrics, greeks, quote age, payoff chart and the probability panel. */
@Component({
  selector: 'ibsc-spread-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PayoffChartComponent, ProbabilityPanelComponent],
  template: `
    @let r = row();
    <article class="detail" aria-labelledby="detail-title" data-testid="spread-detail">
      <header class="detail__header">
        <h2 id="detail-title">{{ title() }}</h2>
        <span class="badge" [class.badge--ok]="r.side === 'credit'" [class.badge--info]="r.side === 'debit'">{{ r.side }}</span>
        <span class="spacer"></span>
        <button type="button" class="button button--primary" (click)="trade.emit(r.id)" title="Ctrl/⌘ + E">Trade…</button>
        <button type="button" class="button button--ghost" (click)="closed.emit()" aria-label="Close the spread detail">×</button>
      </header>
      <div class="detail__body">
        <div class="detail__col">
          <table class="table legs">
            <caption class="sr-only">Legs</caption>
            <thead>
              <tr>
                <th scope="col">Leg</th>
                <th scope="col">Bid</th>
                <th scope="col">Ask</th>
                <th scope="col">Mid</th>
                <th scope="col">Δ</th>
                <th scope="col">IV</th>
                <th scope="col">Vol</th>
                <th scope="col">OI</th>
              </tr>
            </thead>
            <tbody>
              @for (l of legs(); track l.label) {
                <tr>
                  <th scope="row">{{ l.label }}</th>
                  <td>{{ l.leg.bid.toFixed(2) }}</td>
                  <td>{{ l.leg.ask.toFixed(2) }}</td>
                  <td>{{ l.leg.mid.toFixed(2) }}</td>
                  <td>{{ l.leg.delta == null ? '—' : l.leg.delta.toFixed(2) }}</td>
                  <td>{{ l.leg.iv == null ? '—' : pct(l.leg.iv) }}</td>
                  <td>{{ l.leg.volume ?? '—' }}</td>
                  <td>{{ l.leg.openInterest ?? '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
          <dl class="metrics">
            <dt>Mid / natural / expected</dt>
            <dd>{{ r.netMid.toFixed(2) }} / {{ r.netNatural.toFixed(2) }} / {{ r.expectedFill.toFixed(2) }}</dd>
            <dt>Max profit / loss</dt>
            <dd>{{ amount(r.maxProfit) }} / {{ amount(r.maxLoss) }}</dd>
            <dt>Breakeven</dt>
            <dd>{{ r.breakeven.toFixed(2) }} (spot {{ r.spot.toFixed(2) }})</dd>
            <dt>Return on risk</dt>
            <dd>{{ pct(r.returnOnRisk) }}</dd>
            @if (r.creditToWidth !== null) {
              <dt>Credit ÷ width</dt>
              <dd>{{ pct(r.creditToWidth) }}</dd>
            }
            <dt>Greeks ({{ r.greeksSource }})</dt>
            <dd>
              @if (r.greeks; as g) {
                Δ {{ g.delta.toFixed(2) }} · Γ {{ g.gamma.toFixed(3) }} · Θ {{ g.theta.toFixed(2) }} · ν {{ g.vega.toFixed(2) }}
              } @else {
                not available
              }
            </dd>
            <dt>Quote age</dt>
            <dd data-testid="quote-age">{{ age(r.quoteAgeMs) }}</dd>
            <dt>Score</dt>
            <dd>{{ r.score.toFixed(0) }}</dd>
            <dt>Class / settlement</dt>
            <dd data-testid="settlement" [title]="styleText()">{{ style() }}</dd>
            @if (r.earningsDate) {
              <dt>Earnings</dt>
              <dd>{{ r.earningsDate }}</dd>
            }
            @if (r.flags.length) {
              <dt>Flags</dt>
              <dd>
                @for (f of r.flags; track f) {
                  <span class="badge badge--warning">{{ f }}</span>
                }
              </dd>
            }
          </dl>
        </div>
        <div class="detail__col">
          <ibsc-payoff-chart [row]="r" />
          <ibsc-probability-panel [row]="r" />
        </div>
      </div>
    </article>
  `,
  styles: `
    .detail {
      display: grid;
      gap: 0.5rem;
    }
    .detail__header {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    h2 {
      margin: 0;
      font-size: 1.05rem;
    }
    .spacer {
      flex: 1;
    }
    .detail__body {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr);
      gap: 1rem;
    }
    .detail__col {
      display: grid;
      gap: 0.75rem;
      align-content: start;
    }
    .legs td,
    .legs th {
      font-variant-numeric: tabular-nums;
      padding: 0.25rem 0.4rem;
    }
    .metrics {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 0.75rem;
      margin: 0;
    }
    .metrics dt {
      color: var(--text-muted);
    }
    .metrics dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    .metrics .badge {
      margin-right: 0.25rem;
    }
  `,
})
export class SpreadDetailComponent {
  readonly row = input.required<SpreadRow>();
  readonly trade = output<string>();
  readonly closed = output<void>();

  protected readonly title = computed(() => {
    const r = this.row();
    return `${r.symbol} ${r.type} ${r.short.strike}/${r.long.strike}${r.short.right} · ${formatYmd(r.expiry)} (${r.dte} DTE)`;
  });
  protected readonly legs = computed<Array<{ label: string; leg: SpreadLegView }>>(() => {
    const r = this.row();
    return [
      { label: `Sell ${r.short.strike}${r.short.right}`, leg: r.short },
      { label: `Buy ${r.long.strike}${r.long.right}`, leg: r.long },
    ];
  });
  /** Trading class, AM/PM settlement, exercise style and cash settlement (index options differ from ETFs here). */
  protected readonly style = computed(() => formatStyle(this.row()));
  protected readonly styleText = computed(() => describeStyle(this.row()));
  protected readonly pct = formatPct;
  protected readonly amount = formatAmount;
  protected readonly age = formatAge;
}
