import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { apiErrorMessage } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { ToastService } from '../../core/toast/toast.service';
import { formatTime } from '../../shared/format';
import { OrdersApiService } from './orders-api.service';
import { OrdersLiveService } from './orders-live.service';

/** The kill switch: its state always, and trip (anyone signed in) / reset (admin) with a reason. */
@Component({
  selector: 'ibsc-kill-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let k = live.killSwitch();
    <div class="kill" [class.kill--tripped]="k?.tripped" role="group" aria-label="Kill switch" data-testid="kill-switch">
      @if (!k) {
        <span class="badge badge--warning" title="GET /api/v1/risk gave no answer">Kill switch: state unknown</span>
      } @else if (k.tripped) {
        <span class="badge badge--danger">Kill switch tripped</span>
        <span class="muted">{{ k.reason }} · {{ time(k.trippedAt) }}</span>
      } @else {
        <span class="badge badge--ok">Trading enabled</span>
      }
      @if (!k) {
        <!-- nothing to trip or reset until the risk API answers -->
      } @else if (asking()) {
        <input type="text" [value]="reason()" (input)="onReason($event)" placeholder="Reason" aria-label="Reason" maxlength="500" />
        <button type="button" class="button button--danger button--small" (click)="send(!k?.tripped)" [disabled]="!reason().trim()">
          {{ k?.tripped ? 'Reset now' : 'Trip now' }}
        </button>
        <button type="button" class="button button--ghost button--small" (click)="asking.set(false)">Cancel</button>
      } @else if (!k?.tripped) {
        <button type="button" class="button button--danger button--small" (click)="asking.set(true)">Trip kill switch…</button>
      } @else if (isAdmin()) {
        <button type="button" class="button button--small" (click)="asking.set(true)">Reset…</button>
      }
    </div>
  `,
  styles: `
    .kill {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
    }
    input {
      width: 14rem;
      padding: 0.2rem 0.4rem;
    }
  `,
})
export class KillSwitchComponent {
  protected readonly live = inject(OrdersLiveService);
  private readonly api = inject(OrdersApiService);
  private readonly toasts = inject(ToastService);
  private readonly auth = inject(AuthService);
  protected readonly asking = signal(false);
  protected readonly reason = signal('');
  protected readonly time = formatTime;

  protected isAdmin(): boolean {
    return this.auth.user()?.role === 'admin';
  }

  protected onReason(event: Event): void {
    this.reason.set((event.target as HTMLInputElement).value);
  }

  protected send(tripped: boolean): void {
    this.api.killSwitch({ tripped, reason: this.reason().trim() }).subscribe({
      next: (k) => {
        this.live.applyKillSwitch(k);
        this.asking.set(false);
        this.reason.set('');
      },
      error: (e: unknown) => this.toasts.error('Kill switch', apiErrorMessage(e)),
    });
  }
}
