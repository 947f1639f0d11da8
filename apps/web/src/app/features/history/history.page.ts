import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { TradeView } from '@ibsc/shared-dto';
import { apiErrorBody, apiErrorMessage } from '../../core/api/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { downloadText } from '../../shared/download';
import { EmptyStateComponent } from '../../shared/empty-state.component';
import { formatAmount, formatTime, formatYmd } from '../../shared/format';
import { type TradesFilter, TradesApiService } from './trades-api.service';

/** A date input's YYYY-MM-DD as the start (or end) of that day, local time, in ISO. */
export function dayBound(date: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const d = new Date(`${date}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Executed trades with date and underlying filters; CSV straight from the server. */
@Component({
  selector: 'ibsc-history-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmptyStateComponent],
  template: `
    <h1 class="page-title">History</h1>
    <form class="filters toolbar" (submit)="$event.preventDefault(); load()" aria-label="Trade filters" novalidate>
      <label>
        <span>From</span>
        <input type="date" [value]="from()" (change)="from.set(value($event))" aria-describedby="err-from" [attr.aria-invalid]="!!errors()['from']" />
        <span id="err-from" class="field-errors">{{ errors()['from'] ?? '' }}</span>
      </label>
      <label>
        <span>To</span>
        <input type="date" [value]="to()" (change)="to.set(value($event))" aria-describedby="err-to" [attr.aria-invalid]="!!errors()['to']" />
        <span id="err-to" class="field-errors">{{ errors()['to'] ?? '' }}</span>
      </label>
      <label>
        <span>Underlying</span>
        <input type="text" [value]="underlying()" (input)="underlying.set(value($event).toUpperCase())" placeholder="any" maxlength="10" aria-describedby="err-underlying" [attr.aria-invalid]="!!errors()['underlying']" />
        <span id="err-underlying" class="field-errors">{{ errors()['underlying'] ?? '' }}</span>
      </label>
      <button type="submit" class="button button--primary">Apply</button>
      <button type="button" class="button" (click)="clear()">Clear</button>
      <span class="spacer"></span>
      <button type="button" class="button" (click)="exportCsv()" [disabled]="state() !== 'ready'">Export CSV</button>
    </form>
    @switch (state()) {
      @case ('loading') {
        <p class="muted" role="status">Loading trades…</p>
      }
      @case ('unavailable') {
        <ibsc-empty-state title="No trade history yet" message="The trades API is not available on this server yet." />
      }
      @case ('error') {
        <p class="banner banner--danger" role="alert">{{ error() }}</p>
      }
      @case ('ready') {
        @if (trades().length === 0) {
          <ibsc-empty-state title="No trade history yet" [message]="filtered() ? 'No trade matches these filters.' : 'Fills appear here once orders execute.'" />
        } @else {
          <table class="table" data-testid="trades-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Ref</th>
                <th scope="col">Underlying</th>
                <th scope="col">Spread</th>
                <th scope="col">Expiry</th>
                <th scope="col">Side</th>
                <th scope="col" class="num">Qty</th>
                <th scope="col" class="num">Price</th>
                <th scope="col" class="num">Commission</th>
              </tr>
            </thead>
            <tbody>
              @for (t of trades(); track t.execId) {
                <tr>
                  <td>{{ time(t.at) }}</td>
                  <td>{{ t.orderRef }}</td>
                  <td>{{ t.underlying }}</td>
                  <td>{{ t.spreadType }} {{ t.lowerStrike }}/{{ t.upperStrike }}</td>
                  <td>{{ ymd(t.expiry) }}</td>
                  <td>{{ t.side }}</td>
                  <td class="num">{{ t.quantity }}</td>
                  <td class="num">{{ t.price.toFixed(2) }}</td>
                  <td class="num">{{ amount(t.commission) }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    }
  `,
  styles: `
    .filters {
      align-items: flex-end;
      margin-bottom: 1rem;
    }
    .filters label {
      display: grid;
      gap: 0.1rem;
    }
    .filters input[type='text'] {
      width: 8rem;
    }
    .field-errors:empty {
      display: none;
    }
    .spacer {
      flex: 1;
    }
  `,
})
export class HistoryPage {
  private readonly api = inject(TradesApiService);
  private readonly toasts = inject(ToastService);

  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly underlying = signal('');
  protected readonly state = signal<'loading' | 'ready' | 'unavailable' | 'error'>('loading');
  protected readonly trades = signal<TradeView[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly filtered = computed(() => !!(this.from() || this.to() || this.underlying()));
  protected readonly time = formatTime;
  protected readonly amount = formatAmount;
  protected readonly ymd = formatYmd;

  constructor() {
    this.load();
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  filter(): TradesFilter {
    const f: TradesFilter = {};
    const from = dayBound(this.from(), false);
    const to = dayBound(this.to(), true);
    if (from) f.from = from;
    if (to) f.to = to;
    if (this.underlying().trim()) f.underlying = this.underlying().trim();
    return f;
  }

  private localErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.from() && this.to() && this.from() > this.to()) out['to'] = 'To must not be before From.';
    if (this.underlying() && !/^[A-Z][A-Z0-9.]{0,9}$/.test(this.underlying().trim())) out['underlying'] = 'A ticker such as SPY.';
    return out;
  }

  load(): void {
    const local = this.localErrors();
    this.errors.set(local);
    if (Object.keys(local).length) return;
    this.state.set('loading');
    this.api.list(this.filter()).subscribe({
      next: (list) => {
        this.trades.set([...list].sort((a, b) => b.at.localeCompare(a.at)));
        this.state.set('ready');
      },
      error: (e: unknown) => this.fail(e),
    });
  }

  protected clear(): void {
    this.from.set('');
    this.to.set('');
    this.underlying.set('');
    this.load();
  }

  protected exportCsv(): void {
    this.api.csv(this.filter()).subscribe({
      next: (csv) => downloadText(`trades-${new Date().toISOString().slice(0, 10)}.csv`, csv, 'text/csv'),
      error: (e: unknown) => this.toasts.error('CSV export failed', apiErrorMessage(e)),
    });
  }

  private fail(e: unknown): void {
    if (e instanceof HttpErrorResponse && e.status === 404) {
      this.state.set('unavailable');
      return;
    }
    const body = apiErrorBody(e);
    if (body?.details?.length) {
      this.errors.set(Object.fromEntries(body.details.map((d) => [d.field, d.problems.join(' ')])));
      this.state.set('ready');
      this.trades.set([]);
      return;
    }
    this.error.set(`Trades could not be loaded: ${apiErrorMessage(e)}`);
    this.state.set('error');
  }
}
