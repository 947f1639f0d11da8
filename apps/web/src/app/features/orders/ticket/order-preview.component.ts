import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Amount, MarginImpactView, PreviewView } from '@ibsc/shared-dto';
import { formatAmount } from '../../../shared/format';

/** What IB's what-if says the order would do, every missing value shown as "not available". */
@Component({
  selector: 'ibsc-order-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = preview();
    <section class="preview" aria-labelledby="preview-title" data-testid="order-preview">
      <h3 id="preview-title">Preview</h3>
      <dl class="kv">
        <dt>Order</dt>
        <dd>{{ p.action }} {{ p.quantity }} × {{ p.underlying }} {{ p.spreadType }} {{ p.lowerStrike }}/{{ p.upperStrike }} {{ p.expiry }}</dd>
        <dt>Limit</dt>
        <dd>{{ p.orderType === 'MKT' ? 'market' : amount(p.limitPrice) }}
          @if (p.quote; as q) {
            <span class="muted">(bid {{ q.bid.toFixed(2) }} · mid {{ q.mid.toFixed(2) }} · ask {{ q.ask.toFixed(2) }})</span>
          }
        </dd>
        <dt>Max loss (risk)</dt>
        <dd data-testid="preview-max-loss">{{ money(p.maxLoss) }}</dd>
        <dt>Max profit</dt>
        <dd>{{ money(p.maxProfit) }}</dd>
        <dt>Breakeven{{ p.breakevens.length > 1 ? 's' : '' }}</dt>
        <dd>{{ p.breakevens.length ? p.breakevens.map(fmt).join(', ') : 'not available' }}</dd>
        <dt>Initial margin</dt>
        <dd>{{ impact(p.initialMargin) }}</dd>
        <dt>Maintenance margin</dt>
        <dd>{{ impact(p.maintenanceMargin) }}</dd>
        <dt>Equity with loan</dt>
        <dd>{{ impact(p.equityWithLoan) }}</dd>
        <dt>Commission</dt>
        <dd>
          {{ money(p.commission) }}
          @if (p.commissionMin !== null || p.commissionMax !== null) {
            <span class="muted">(range {{ amount(p.commissionMin) }}–{{ amount(p.commissionMax) }})</span>
          }
          {{ p.commissionCurrency ?? '' }}
        </dd>
        <dt>Buying-power change</dt>
        <dd>{{ money(p.buyingPowerChange) }}</dd>
      </dl>
      <h4>Risk checks</h4>
      <ul class="checks" aria-label="Risk checks">
        @for (c of p.risk; track c.rule) {
          <li [class.fail]="!c.passed">
            <span class="badge" [class.badge--ok]="c.passed" [class.badge--danger]="!c.passed">{{ c.passed ? 'pass' : 'fail' }}</span>
            <strong>{{ c.rule }}</strong>
            <span>{{ c.message }}</span>
            @if (c.limit !== null || c.actual !== null) {
              <span class="muted">({{ c.actual ?? '—' }} vs limit {{ c.limit ?? '—' }})</span>
            }
          </li>
        } @empty {
          <li class="muted">No risk checks reported.</li>
        }
      </ul>
      @for (w of p.warnings; track w) {
        <p class="banner banner--warning">{{ w }}</p>
      }
      @if (p.notAvailable.length) {
        <p class="muted small">IB left unset: {{ p.notAvailable.join(', ') }}.</p>
      }
      @if (!p.allowed) {
        <p class="banner banner--danger" role="alert">The risk checks refuse this order; it cannot be sent.</p>
      }
    </section>
  `,
  styles: `
    h3,
    h4 {
      margin: 0.25rem 0;
      font-size: 0.95rem;
    }
    .kv {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 0.75rem;
      margin: 0;
    }
    .kv dt {
      color: var(--text-muted);
    }
    .kv dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    .checks {
      display: grid;
      gap: 0.25rem;
      margin: 0 0 0.5rem;
      padding: 0;
      list-style: none;
    }
    .checks li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
      align-items: baseline;
    }
    .checks li.fail {
      color: var(--danger-text);
    }
    .small {
      font-size: 0.8rem;
    }
  `,
})
export class OrderPreviewComponent {
  readonly preview = input.required<PreviewView>();

  protected readonly amount = formatAmount;
  protected fmt(v: number): string {
    return v.toFixed(2);
  }
  protected money(v: Amount): string {
    return v === null || !Number.isFinite(v) ? 'not available' : `$${v.toFixed(2)}`;
  }
  /** "before → after (change)", each part "not available" when IB gave none. */
  protected impact(m: MarginImpactView): string {
    const change = m.change === null ? 'not available' : `${m.change >= 0 ? '+' : ''}${m.change.toFixed(2)}`;
    return `${this.money(m.before)} → ${this.money(m.after)} (${change})`;
  }
}
