import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, signal, untracked } from '@angular/core';
import type { Amount, OrderView, PositionsView } from '@ibsc/shared-dto';
import { apiErrorMessage } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { SystemStatusService } from '../../core/system-status/system-status.service';
import { EmptyStateComponent } from '../../shared/empty-state.component';
import { formatAmount, formatTime, formatYmd } from '../../shared/format';
import { PositionCloseComponent } from './position-close.component';
import { PositionsApiService } from './positions-api.service';

/** Polling period for marks and P&L while the socket is down (when up, the server pushes `positions.update`). */
export const POSITIONS_REFRESH_MS = 5000;

/**
 * Open spreads with live P&L: loaded once (and after every reconnect, since pushes sent meanwhile are lost), then
 * kept current by the server's `positions.update` pushes (after each fill and every couple of seconds while a spread
 * is open); polled only while the socket is down. The newest view (by `asOf`) always wins.
 */
@Component({
  selector: 'ibsc-positions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmptyStateComponent, PositionCloseComponent],
  template: `
    <h1 class="page-title">Positions</h1>
    @switch (state()) {
      @case ('loading') {
        <p class="muted" role="status">Loading positions…</p>
      }
      @case ('unavailable') {
        <ibsc-empty-state title="No open positions" message="The positions API is not available on this server yet." />
      }
      @case ('error') {
        <p class="banner banner--danger" role="alert">Positions could not be loaded: {{ error() }}
          <button type="button" class="button button--small" (click)="load()">Retry</button>
        </p>
      }
    }
    @if (data(); as d) {
      @if (d.drift?.differences?.length) {
        <p class="banner banner--warning" role="alert" data-testid="positions-drift">
          The gateway's positions differ from these spreads ({{ d.drift!.differences.length }}
          {{ d.drift!.differences.length === 1 ? 'leg' : 'legs' }}, checked {{ time(d.drift!.checkedAt) }}): {{ driftText(d) }}.
          Open-spread limits count the gateway's positions.
        </p>
      }
      @if (d.positions.length === 0) {
        <ibsc-empty-state title="No open positions" message="Filled spreads appear here with their live P&L." />
      } @else {
        <dl class="totals" aria-label="Totals">
          <div><dt>Unrealized</dt><dd [class]="pnlClass(d.totals.unrealizedPnl)">{{ money(d.totals.unrealizedPnl) }}</dd></div>
          <div><dt>Realized</dt><dd [class]="pnlClass(d.totals.realizedPnl)">{{ money(d.totals.realizedPnl) }}</dd></div>
          <div><dt>Today</dt><dd [class]="pnlClass(d.totals.dailyPnl)">{{ money(d.totals.dailyPnl) }}</dd></div>
          <div><dt>As of</dt><dd>{{ time(d.asOf) }}</dd></div>
        </dl>
        <table class="table" data-testid="positions-table">
          <thead>
            <tr>
              <th scope="col">Underlying</th>
              <th scope="col">Spread</th>
              <th scope="col">Expiry</th>
              <th scope="col" class="num">Qty</th>
              <th scope="col" class="num">Avg price</th>
              <th scope="col" class="num">Mark</th>
              <th scope="col" class="num">Market value</th>
              <th scope="col" class="num">Unrealized</th>
              <th scope="col" class="num">Today</th>
              <th scope="col" class="num">Realized</th>
              <th scope="col" class="num">Commissions</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (p of d.positions; track p.positionKey) {
              <tr [attr.data-position-key]="p.positionKey">
                <td>{{ p.underlying }}</td>
                <td>{{ p.spreadType }} {{ p.lowerStrike }}/{{ p.upperStrike }}</td>
                <td>{{ ymd(p.expiry) }}</td>
                <td class="num">{{ p.quantity }}</td>
                <td class="num">{{ amount(p.avgPrice) }}</td>
                <td class="num">{{ amount(p.mark) }}</td>
                <td class="num">{{ money(p.marketValue) }}</td>
                <td class="num" [class]="pnlClass(p.unrealizedPnl)">{{ money(p.unrealizedPnl) }}</td>
                <td class="num" [class]="pnlClass(p.dailyPnl)">{{ money(p.dailyPnl) }}</td>
                <td class="num" [class]="pnlClass(p.realizedPnl)">{{ money(p.realizedPnl) }}</td>
                <td class="num">{{ money(p.commissions) }}</td>
                <td>
                  @if (p.quantity === 0) {
                    <span class="badge" data-testid="position-closed">Closed</span>
                  } @else if (canTrade()) {
                    <button
                      type="button"
                      class="button button--small"
                      data-testid="close-position"
                      [attr.aria-expanded]="closing() === p.positionKey"
                      (click)="closing.set(closing() === p.positionKey ? null : p.positionKey)"
                    >
                      Close
                    </button>
                  }
                  @if (sentCloses()[p.positionKey]; as ref) {
                    <span class="muted close-sent" data-testid="close-sent" [attr.data-order-ref]="ref" [title]="'Close order ' + ref + ': its status is on the Orders page'">close sent</span>
                  }
                </td>
              </tr>
              @if (closing() === p.positionKey && p.quantity !== 0 && canTrade()) {
                <tr class="close-row">
                  <td colspan="12">
                    <ibsc-position-close [position]="p" (sent)="onCloseSent(p.positionKey, $event)" (cancelled)="closing.set(null)" />
                  </td>
                </tr>
              }
            }
          </tbody>
        </table>
      }
    }
  `,
  styles: `
    .close-sent {
      margin-left: 0.5rem;
      white-space: nowrap;
    }
    .totals {
      display: flex;
      gap: 2rem;
      margin: 0 0 1rem;
    }
    .totals dt {
      color: var(--text-muted);
      font-size: 0.8rem;
    }
    .totals dd {
      margin: 0;
      font-size: 1.1rem;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class PositionsPage {
  private readonly api = inject(PositionsApiService);
  private readonly auth = inject(AuthService);
  /** Traders and admins close positions; a viewer (read-only) sees no Close button (the API would answer 403). */
  protected readonly canTrade = computed(() => {
    const role = this.auth.user()?.role;
    return role === 'trader' || role === 'admin';
  });
  /** The position whose close panel is open. */
  readonly closing = signal<string | null>(null);
  /** positionKey → orderRef of the close sent from this page (its status is on the Orders page). */
  protected readonly sentCloses = signal<Record<string, string>>({});
  protected readonly state = signal<'loading' | 'ready' | 'unavailable' | 'error'>('loading');
  protected readonly data = signal<PositionsView | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly time = formatTime;
  protected readonly amount = formatAmount;
  protected readonly ymd = formatYmd;

  /** "SPY 20261218 660P closed-outside (ours −1, gateway 0); …" */
  protected driftText(d: PositionsView): string {
    return (d.drift?.differences ?? []).map((x) => `${x.label} ${x.kind} (ours ${x.expected}, gateway ${x.gateway})`).join('; ');
  }

  constructor() {
    const system = inject(SystemStatusService);
    this.load();
    const timer = setInterval(() => this.state() === 'ready' && system.link() !== 'connected' && this.load(), POSITIONS_REFRESH_MS);
    const off = system.on('positions.update', (d) => this.apply(d));
    let connects = system.connects();
    effect(() => {
      const n = system.connects();
      if (n === connects) return;
      connects = n;
      untracked(() => this.load());
    });
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      off();
    });
  }

  load(): void {
    this.api.list().subscribe({
      next: (d) => this.apply(d),
      error: (e: unknown) => {
        const missing = e instanceof HttpErrorResponse && e.status === 404;
        this.state.set(missing ? 'unavailable' : 'error');
        this.error.set(apiErrorMessage(e));
      },
    });
  }

  protected onCloseSent(positionKey: string, order: OrderView): void {
    this.closing.set(null);
    this.sentCloses.update((m) => ({ ...m, [positionKey]: order.orderRef }));
  }

  /** Shows a view unless a newer one (a push that overtook a request, or the reverse) is already shown. */
  private apply(d: PositionsView): void {
    const shown = this.data();
    if (shown && shown.asOf > d.asOf) return;
    this.data.set(d);
    this.state.set('ready');
    this.error.set(null);
  }

  protected money(v: Amount): string {
    return v === null || !Number.isFinite(v) ? 'not available' : `${v < 0 ? '−' : ''}$${Math.abs(v).toFixed(2)}`;
  }

  protected pnlClass(v: Amount): string {
    return v === null || v === 0 ? 'num' : v > 0 ? 'num pnl--up' : 'num pnl--down';
  }
}
