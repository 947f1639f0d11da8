import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import type { KillSwitchView, OrderStatusName, OrderView } from '@ibsc/shared-dto';
import { apiErrorMessage } from '../../core/api/api-error';
import { AuthService } from '../../core/auth/auth.service';
import { SystemStatusService } from '../../core/system-status/system-status.service';
import { ToastService } from '../../core/toast/toast.service';
import { OrdersApiService } from './orders-api.service';

/** Statuses after which an order no longer changes. */
export const DONE_STATUSES: ReadonlySet<OrderStatusName> = new Set(['filled', 'cancelled', 'rejected', 'inactive']);

export function isWorking(order: Pick<OrderView, 'status'>): boolean {
  return !DONE_STATUSES.has(order.status);
}

export function describeOrder(o: Pick<OrderView, 'underlying' | 'spreadType' | 'quantity' | 'legs'>): string {
  const strikes = [...new Set(o.legs.map((l) => l.strike))].sort((a, b) => a - b).join('/');
  return `${o.quantity} × ${o.underlying} ${o.spreadType}${strikes ? ` ${strikes}` : ''}`;
}

/**
 * Orders as they live on the server: loaded once (`GET /orders`), then kept current from `orders.update`;
 * toasts for fills, rejections and the kill switch wherever the user is. Started by the root component.
 */
@Injectable({ providedIn: 'root' })
export class OrdersLiveService {
  private readonly api = inject(OrdersApiService);
  private readonly system = inject(SystemStatusService);
  private readonly toasts = inject(ToastService);
  private readonly auth = inject(AuthService);

  private readonly byId = signal<ReadonlyMap<string, OrderView>>(new Map());
  readonly orders = computed(() => [...this.byId().values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  readonly working = computed(() => this.orders().filter(isWorking));
  readonly done = computed(() => this.orders().filter((o) => !isWorking(o)));
  readonly loadState = signal<'idle' | 'loading' | 'ready' | 'unavailable' | 'error'>('idle');
  readonly loadError = signal<string | null>(null);
  readonly killSwitch = signal<KillSwitchView | null>(null);

  constructor() {
    const offs = [
      this.system.on('orders.update', (o) => this.upsert(o)),
      this.system.on('orders.fill', (f) => {
        const full = f.filledQuantity > 0 && f.status === 'filled';
        this.toasts.success(full ? 'Order filled' : 'Partial fill', `${f.orderRef}: ${f.quantity} @ ${f.price.toFixed(2)} (${f.filledQuantity} filled)`);
      }),
      this.system.on('orders.reject', (r) => this.toasts.error('Order rejected', `${r.orderRef ?? 'order'}: ${r.reason} (${r.code})`)),
      this.system.on('risk.killSwitch', (k) => this.applyKillSwitch(k)),
    ];
    inject(DestroyRef).onDestroy(() => offs.forEach((off) => off()));
    // (Re)load on sign-in and after every reconnect: updates sent while away are lost.
    effect(() => {
      const signedIn = this.auth.isAuthenticated();
      this.system.connects();
      untracked(() => (signedIn ? this.reload() : this.byId.set(new Map())));
    });
  }

  reload(): void {
    this.loadState.set('loading');
    this.api.list().subscribe({
      next: (list) => {
        this.byId.set(new Map(list.map((o) => [o.id, o])));
        this.loadState.set('ready');
        this.loadError.set(null);
      },
      error: (e: unknown) => {
        const missing = e instanceof HttpErrorResponse && e.status === 404;
        this.loadState.set(missing ? 'unavailable' : 'error');
        this.loadError.set(missing ? 'The orders API is not available on this server yet.' : apiErrorMessage(e));
      },
    });
    this.api.risk().subscribe({ next: (r) => this.killSwitch.set(r.killSwitch), error: () => undefined });
  }

  /** A new kill-switch state (socket or our own request); a change is toasted once. */
  applyKillSwitch(k: KillSwitchView): void {
    const was = this.killSwitch()?.tripped ?? false;
    this.killSwitch.set(k);
    if (k.tripped && !was) this.toasts.error('Kill switch tripped', k.reason ?? 'No new orders will be sent.');
    else if (!k.tripped && was) this.toasts.warning('Kill switch reset', k.resetBy ? `by ${k.resetBy}` : '');
  }

  /** Takes a newer view of an order (from the socket, a place, modify or cancel reply). */
  upsert(order: OrderView): void {
    const current = this.byId().get(order.id);
    if (current && current.updatedAt > order.updatedAt) return;
    const next = new Map(this.byId());
    next.set(order.id, order);
    this.byId.set(next);
  }

  get(id: string): OrderView | undefined {
    return this.byId().get(id);
  }
}
