import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { IV_PERCENTILE_METHOD, IV_RANK_METHOD, type SpreadRow } from '@ibsc/shared-dto';
import { formatPct } from '../../../shared/format';

const DIVIDEND_SOURCE: Readonly<Record<SpreadRow['dividendYieldSource'], string>> = {
  gateway: "next 12 months' dividends / spot, from IB's dividend tick (456)",
  config: 'configured (SCAN_DIVIDEND_YIELDS): the gateway sent none',
  none: 'none known: 0',
};

interface ProbabilityLine {
  label: string;
  value: string;
  method: string;
}

/** Every probability (and value) the scanner computed for the spread, each with its method spelled out. */
@Component({
  selector: 'ibsc-probability-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="probs" aria-labelledby="probs-title">
      <h3 id="probs-title">Probabilities and value</h3>
      <dl>
        @for (line of lines(); track line.label) {
          <div class="probs__line">
            <dt>{{ line.label }}</dt>
            <dd>
              <strong>{{ line.value }}</strong>
              <span class="probs__method">{{ line.method }}</span>
            </dd>
          </div>
        }
      </dl>
    </section>
  `,
  styles: `
    h3 {
      margin: 0 0 0.5rem;
      font-size: 0.95rem;
    }
    dl {
      margin: 0;
      display: grid;
      gap: 0.4rem;
    }
    .probs__line {
      display: grid;
      grid-template-columns: 10rem 1fr;
      gap: 0.5rem;
    }
    dt {
      color: var(--text-muted);
    }
    dd {
      margin: 0;
      display: grid;
    }
    strong {
      font-variant-numeric: tabular-nums;
    }
    .probs__method {
      color: var(--text-muted);
      font-size: 0.78rem;
    }
  `,
})
export class ProbabilityPanelComponent {
  readonly row = input.required<SpreadRow>();

  protected readonly lines = computed<ProbabilityLine[]>(() => {
    const r = this.row();
    return [
      { label: 'Probability of profit', value: formatPct(r.pop), method: r.popMethod },
      { label: 'POP, delta shortcut', value: formatPct(r.popDelta), method: r.popDeltaMethod },
      { label: 'Probability of touch', value: formatPct(r.touch), method: r.touchMethod },
      { label: 'Expected value', value: `$${r.expectedValue.toFixed(2)}`, method: `${r.evMethod}; per spread` },
      {
        label: 'IV at breakeven',
        value: formatPct(r.ivAtBreakeven),
        method: r.ivSource === 'smile' ? 'read off the smile' : 'underlying IV (no smile point near the breakeven)',
      },
      { label: 'Expected fill', value: r.expectedFill.toFixed(2), method: `${r.fillMethod}, k = ${r.k}` },
      { label: 'IV rank', value: r.ivRank == null ? 'not available' : r.ivRank.toFixed(0), method: IV_RANK_METHOD },
      { label: 'IV percentile', value: r.ivPercentile == null ? 'not available' : r.ivPercentile.toFixed(0), method: IV_PERCENTILE_METHOD },
      { label: 'Risk-free rate', value: formatPct(r.rate, 2), method: 'continuously compounded, configured (SCAN_RISK_FREE_RATE)' },
      { label: 'Dividend yield', value: formatPct(r.dividendYield, 2), method: DIVIDEND_SOURCE[r.dividendYieldSource] },
      {
        label: 'Time to expiry',
        value: `${(r.yearsToExpiry * 365).toFixed(2)} days`,
        method: 'to the 16:00 New York close of the expiry day (no floor); POP, touch, EV and the chart use it',
      },
    ];
  });
}
