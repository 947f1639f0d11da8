import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, input, viewChild } from '@angular/core';
import type { SpreadRow } from '@ibsc/shared-dto';
import { Chart, type ChartDataset, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { ThemeService } from '../../../core/theme/theme.service';
import { payoffCurves } from './payoff';

// Only what this chart draws: lines on linear axes, with a legend and tooltips.
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type XY = { x: number; y: number };

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * Payoff at expiry and today's curve (Black–Scholes on the legs' IVs, r = 0), money per spread × quantity, with
 * the breakeven and spot marked as vertical lines. A text summary stands in for the canvas for screen readers.
 */
@Component({
  selector: 'ibsc-payoff-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="payoff">
      <div class="payoff__canvas">
        <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
      </div>
      <figcaption class="muted">{{ summary() }}</figcaption>
    </figure>
  `,
  styles: `
    .payoff {
      margin: 0;
    }
    .payoff__canvas {
      position: relative;
      height: 14rem;
    }
    figcaption {
      font-size: 0.8rem;
    }
  `,
})
export class PayoffChartComponent {
  readonly row = input.required<SpreadRow>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly theme = inject(ThemeService);
  private chart: Chart<'line', XY[]> | null = null;

  protected readonly curves = computed(() => payoffCurves(this.row()));
  protected readonly summary = computed(() => {
    const r = this.row();
    return (
      `Payoff at expiry: max profit ${r.maxProfit.toFixed(2)}, max loss ${r.maxLoss.toFixed(2)}, ` +
      `breakeven ${r.breakeven.toFixed(2)}, spot ${r.spot.toFixed(2)}. Today's curve: Black–Scholes on leg IVs, r = 0.`
    );
  });

  constructor() {
    effect(() => {
      this.theme.theme();
      this.draw(this.canvas().nativeElement, this.row());
    });
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }

  private draw(canvas: HTMLCanvasElement, row: SpreadRow): void {
    const ctx = canvas.getContext('2d');
    if (!ctx) return; // no canvas support (jsdom): the caption carries the numbers
    const c = this.curves();
    const line = (prices: number[], values: number[]): XY[] => prices.map((x, i) => ({ x, y: values[i] }));
    const yMin = Math.min(...c.expiry, ...c.today);
    const yMax = Math.max(...c.expiry, ...c.today);
    const vertical = (x: number): XY[] => [
      { x, y: yMin },
      { x, y: yMax },
    ];
    const text = cssVar('--text-muted', '#5a6678');
    const grid = cssVar('--border', '#d5dbe3');
    const datasets: Array<ChartDataset<'line', XY[]>> = [
      { label: 'At expiry', data: line(c.prices, c.expiry), borderColor: cssVar('--accent', '#1f6feb'), borderWidth: 2, pointRadius: 0 },
      { label: 'Today', data: line(c.prices, c.today), borderColor: cssVar('--warn', '#d99a06'), borderWidth: 2, borderDash: [6, 4], pointRadius: 0 },
      { label: `Breakeven ${row.breakeven.toFixed(2)}`, data: vertical(row.breakeven), borderColor: cssVar('--danger', '#d23c3c'), borderWidth: 1, pointRadius: 0 },
      { label: `Spot ${row.spot.toFixed(2)}`, data: vertical(row.spot), borderColor: cssVar('--ok', '#1a9f55'), borderWidth: 1, pointRadius: 0 },
    ];
    this.chart?.destroy();
    this.chart = new Chart<'line', XY[]>(ctx, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: { type: 'linear', min: c.lo, max: c.hi, title: { display: true, text: 'Underlying price', color: text }, ticks: { color: text }, grid: { color: grid } },
          y: { type: 'linear', title: { display: true, text: 'P&L per position ($)', color: text }, ticks: { color: text }, grid: { color: grid } },
        },
        plugins: {
          legend: { labels: { color: text, boxHeight: 2 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${(item.parsed.y ?? 0).toFixed(2)} at ${(item.parsed.x ?? 0).toFixed(2)}` } },
        },
      },
    });
  }
}
