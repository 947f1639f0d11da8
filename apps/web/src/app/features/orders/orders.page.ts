import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import type { OrderView } from '@ibsc/shared-dto';
import { apiErrorMessage } from '../../core/api/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { EmptyStateComponent } from '../../shared/empty-state.component';
import { formatAmount, formatTime, formatYmd } from '../../shared/format';
import { KillSwitchComponent } from './kill-switch.component';
import { OrderStatusBadgeComponent } from './order-status-badge.component';
import { OrdersApiService } from './orders-api.service';
import { describeOrder, isWorking, OrdersLiveService } from './orders-live.service';

type Tab = 'working' | 'done';

/** Working and done orders, live; each order's walk log; modify (limit, quantity) and cancel working ones. */
@Component({
  selector: 'ibsc-orders-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmptyStateComponent, OrderStatusBadgeComponent, KillSwitchComponent],
  template: `
    <div class="head">
      <h1 class="page-title">Orders</h1>
      <ibsc-kill-switch />
    </div>
    <div role="tablist" aria-label="Order lists" class="tabs">
      @for (t of tabs; track t.id) {
        <button
          type="button"
          role="tab"
          [id]="'tab-' + t.id"
          [attr.aria-selected]="tab() === t.id"
          [attr.aria-controls]="'panel-' + t.id"
          [tabIndex]="tab() === t.id ? 0 : -1"
          (click)="tab.set(t.id)"
          (keydown.arrowRight)="switchTab()"
          (keydown.arrowLeft)="switchTab()"
        >
          {{ t.label }} <span class="badge">{{ t.id === 'working' ? live.working().length : live.done().length }}</span>
        </button>
      }
    </div>
    <section role="tabpanel" [id]="'panel-' + tab()" [attr.aria-labelledby]="'tab-' + tab()">
      @switch (live.loadState()) {
        @case ('loading') {
          <p class="muted" role="status">Loading orders…</p>
        }
        @case ('unavailable') {
          <ibsc-empty-state title="No orders yet" [message]="live.loadError() ?? ''" />
        }
        @case ('error') {
          <p class="banner banner--danger" role="alert">Orders could not be loaded: {{ live.loadError() }}
            <button type="button" class="button button--small" (click)="live.reload()">Retry</button>
          </p>
        }
      }
      @if (live.loadState() === 'ready' || list().length) {
        @if (list().length === 0) {
          <ibsc-empty-state [title]="tab() === 'working' ? 'No working orders' : 'No completed orders yet'" message="Orders placed from the scanner's ticket appear here, live." />
        } @else {
          <table class="table orders" data-testid="orders-table">
            <thead>
              <tr>
                <th scope="col"><span class="sr-only">Details</span></th>
                <th scope="col">Ref</th>
                <th scope="col">Created</th>
                <th scope="col">Spread</th>
                <th scope="col">Expiry</th>
                <th scope="col">Side</th>
                <th scope="col" class="num">Filled</th>
                <th scope="col">Type</th>
                <th scope="col" class="num">Limit</th>
                <th scope="col" class="num">Avg fill</th>
                <th scope="col" class="num">Slippage</th>
                <th scope="col">Status</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (o of list(); track o.id) {
                <tr [attr.data-order-id]="o.id">
                  <td>
                    <button type="button" class="button button--ghost button--small" (click)="toggle(o.id)" [attr.aria-expanded]="expanded() === o.id" [attr.aria-label]="'Walk log of ' + o.orderRef">
                      {{ expanded() === o.id ? '▾' : '▸' }}
                    </button>
                  </td>
                  <td>{{ o.orderRef }}</td>
                  <td>{{ time(o.createdAt) }}</td>
                  <td>{{ describe(o) }}</td>
                  <td>{{ ymd(o.expiry) }}</td>
                  <td>{{ o.action }}{{ o.exitRole ? ' (' + o.exitRole.replace('_', ' ') + ')' : '' }}</td>
                  <td class="num">{{ o.filledQuantity }}/{{ o.quantity }}</td>
                  <td>{{ o.orderType }} {{ o.tif }}{{ o.walk ? ' · walk' : '' }}</td>
                  <td class="num">{{ amount(o.limitPrice) }}</td>
                  <td class="num">{{ amount(o.avgFillPrice) }}</td>
                  <td class="num">{{ amount(o.slippageVsMid) }}</td>
                  <td><ibsc-order-status-badge [status]="o.status" /></td>
                  <td class="actions">
                    @if (working(o)) {
                      <button type="button" class="button button--small" (click)="startModify(o)" [disabled]="o.cancelRequested">Modify</button>
                      @if (confirmCancel() === o.id) {
                        <button type="button" class="button button--danger button--small" (click)="cancel(o)">Cancel {{ o.orderRef }}?</button>
                        <button type="button" class="button button--ghost button--small" (click)="confirmCancel.set(null)">Keep</button>
                      } @else {
                        <button type="button" class="button button--small" (click)="confirmCancel.set(o.id)" [disabled]="o.cancelRequested" [title]="o.cancelPending ? 'The gateway is away: the cancel is kept and sent first when it returns' : ''">{{ o.cancelPending ? 'Cancel pending' : o.cancelRequested ? 'Cancelling…' : 'Cancel' }}</button>
                      }
                    }
                  </td>
                </tr>
                @if (modifying() === o.id) {
                  <tr class="sub">
                    <td colspan="13">
                      <form class="modify" (submit)="$event.preventDefault(); modify(o)" [attr.aria-label]="'Modify ' + o.orderRef">
                        <label>New limit (signed) <input type="number" step="0.01" [value]="newLimit() ?? ''" (input)="onLimit($event)" /></label>
                        <label>Quantity <input type="number" min="1" step="1" [value]="newQuantity() ?? ''" (input)="onQuantity($event)" /></label>
                        <button type="submit" class="button button--primary button--small">Send change</button>
                        <button type="button" class="button button--ghost button--small" (click)="modifying.set(null)">Close</button>
                        @if (modifyError(); as e) {
                          <span class="field-errors" role="alert">{{ e }}</span>
                        }
                      </form>
                    </td>
                  </tr>
                }
                @if (expanded() === o.id) {
                  <tr class="sub">
                    <td colspan="13">
                      @if (o.walkLog.length === 0) {
                        <p class="muted">No price steps recorded{{ o.walk ? ' yet' : ' (this order does not walk)' }}.</p>
                      } @else {
                        <table class="table walk" [attr.aria-label]="'Walk log of ' + o.orderRef">
                          <thead>
                            <tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Step</th><th scope="col" class="num">Price</th><th scope="col" class="num">Bid</th><th scope="col" class="num">Mid</th><th scope="col" class="num">Ask</th><th scope="col" class="num">Filled</th><th scope="col">Note</th></tr>
                          </thead>
                          <tbody>
                            @for (w of o.walkLog; track w.step) {
                              <tr>
                                <td>{{ w.step }}</td><td>{{ time(w.at) }}</td><td>{{ w.kind }}</td><td class="num">{{ amount(w.price) }}</td><td class="num">{{ amount(w.bid) }}</td><td class="num">{{ amount(w.mid) }}</td><td class="num">{{ amount(w.ask) }}</td><td class="num">{{ w.filledQuantity }}</td><td>{{ w.note ?? '' }}</td>
                              </tr>
                            }
                          </tbody>
                        </table>
                      }
                      @if (o.statusReason) {
                        <p class="muted">Status reason: {{ o.statusReason }}</p>
                      }
                    </td>
                  </tr>
                }
              }
            </tbody>
          </table>
        }
      }
    </section>
  `,
  styles: `
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    .tabs {
      display: flex;
      gap: 0.25rem;
      margin-bottom: 0.75rem;
      border-bottom: 1px solid var(--border);
    }
    [role='tab'] {
      padding: 0.4rem 0.8rem;
      border: 0;
      border-bottom: 2px solid transparent;
      background: transparent;
      color: var(--text-muted);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    [role='tab'][aria-selected='true'] {
      color: var(--accent-text);
      border-bottom-color: var(--accent);
    }
    .orders td,
    .orders th {
      white-space: nowrap;
    }
    .actions {
      display: flex;
      gap: 0.25rem;
    }
    .sub > td {
      background: var(--surface-2);
    }
    .modify {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .modify input {
      width: 7rem;
      padding: 0.2rem 0.35rem;
    }
  `,
})
export class OrdersPage {
  protected readonly live = inject(OrdersLiveService);
  private readonly api = inject(OrdersApiService);
  private readonly toasts = inject(ToastService);

  protected readonly tabs: Array<{ id: Tab; label: string }> = [
    { id: 'working', label: 'Working' },
    { id: 'done', label: 'Done' },
  ];
  readonly tab = signal<Tab>('working');
  protected readonly list = computed(() => (this.tab() === 'working' ? this.live.working() : this.live.done()));
  protected readonly expanded = signal<string | null>(null);
  protected readonly modifying = signal<string | null>(null);
  protected readonly confirmCancel = signal<string | null>(null);
  protected readonly newLimit = signal<number | null>(null);
  protected readonly newQuantity = signal<number | null>(null);
  protected readonly modifyError = signal<string | null>(null);

  protected readonly time = formatTime;
  protected readonly amount = formatAmount;
  protected readonly ymd = formatYmd;
  protected readonly describe = describeOrder;
  protected readonly working = isWorking;

  protected switchTab(): void {
    this.tab.update((t) => (t === 'working' ? 'done' : 'working'));
    queueMicrotask(() => document.getElementById(`tab-${this.tab()}`)?.focus());
  }

  protected toggle(id: string): void {
    this.expanded.update((e) => (e === id ? null : id));
  }

  protected startModify(o: OrderView): void {
    this.modifying.set(o.id);
    this.newLimit.set(o.limitPrice);
    this.newQuantity.set(o.quantity);
    this.modifyError.set(null);
  }

  protected onLimit(event: Event): void {
    const t = (event.target as HTMLInputElement).value;
    this.newLimit.set(t === '' ? null : Number(t));
  }

  protected onQuantity(event: Event): void {
    const t = (event.target as HTMLInputElement).value;
    this.newQuantity.set(t === '' ? null : Number(t));
  }

  protected modify(o: OrderView): void {
    const changes: { limit?: number; quantity?: number } = {};
    const limit = this.newLimit();
    const quantity = this.newQuantity();
    if (limit !== null && limit !== o.limitPrice) changes.limit = limit;
    if (quantity !== null && quantity !== o.quantity) changes.quantity = quantity;
    if (!Object.keys(changes).length) {
      this.modifyError.set('Nothing changed.');
      return;
    }
    this.api.modify(o.id, changes).subscribe({
      next: (updated) => {
        this.live.upsert(updated);
        this.modifying.set(null);
        this.toasts.info('Change sent', `${updated.orderRef}: limit ${formatAmount(updated.limitPrice)}, quantity ${updated.quantity}`);
      },
      error: (e: unknown) => this.modifyError.set(apiErrorMessage(e)),
    });
  }

  protected cancel(o: OrderView): void {
    this.confirmCancel.set(null);
    this.api.cancel(o.id).subscribe({
      next: (updated) => {
        this.live.upsert(updated);
        this.toasts.info('Cancel requested', updated.orderRef);
      },
      error: (e: unknown) => this.toasts.error('Cancel failed', apiErrorMessage(e)),
    });
  }
}
