import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import { type ApiErrorBody, IDEMPOTENCY_KEY_HEADER, type OrderView, PRICE_MODES, type PreviewView, type PriceModeName, type SpreadRow, TIFS, type TifName } from '@ibsc/shared-dto';
import { apiErrorBody, apiErrorMessage } from '../../../core/api/api-error';
import { ToastService } from '../../../core/toast/toast.service';
import { formatYmd } from '../../../shared/format';
import { OrderStatusBadgeComponent } from '../order-status-badge.component';
import { OrdersApiService } from '../orders-api.service';
import { describeOrder, OrdersLiveService } from '../orders-live.service';
import { OrderPreviewComponent } from './order-preview.component';
import { defaultTicket, modePrice, type TicketState, ticketProblems, toOrderDto } from './ticket-form';

export type TicketStep = 'edit' | 'preview' | 'confirm' | 'sent';

/** A fresh Idempotency-Key: one per ticket, reused by every retry of that ticket. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

const PRICE_MODE_LABELS: Record<PriceModeName, string> = { mid: 'Mid', natural: 'Natural', expected: 'Expected fill', manual: 'Manual' };

/**
 * The order ticket: edit → Preview (IB what-if and risk checks) → an explicit confirmation showing the exact
 * request → send (with this ticket's Idempotency-Key; a retry reuses it) → the order's live status.
 * Any edit after a preview sends the user back to Preview: what is confirmed is always what was previewed.
 */
@Component({
  selector: 'ibsc-order-ticket',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OrderPreviewComponent, OrderStatusBadgeComponent],
  host: { '(keydown.escape)': 'closed.emit()' },
  templateUrl: './order-ticket.component.html',
  styleUrl: './order-ticket.component.css',
})
export class OrderTicketComponent {
  private readonly api = inject(OrdersApiService);
  private readonly live = inject(OrdersLiveService);
  private readonly toasts = inject(ToastService);

  /** The spread as last seen (updates keep coming while the ticket is open). */
  readonly row = input.required<SpreadRow>();
  readonly closed = output<void>();

  protected readonly stepNames: Array<{ id: TicketStep; label: string }> = [
    { id: 'edit', label: 'Order' },
    { id: 'preview', label: 'Preview' },
    { id: 'confirm', label: 'Confirm' },
    { id: 'sent', label: 'Status' },
  ];
  protected readonly priceModes = PRICE_MODES;
  protected readonly modeLabel = PRICE_MODE_LABELS;
  protected readonly tifs = TIFS;
  protected readonly keyHeader = IDEMPOTENCY_KEY_HEADER;
  /** This ticket's key, fixed for its lifetime. */
  readonly idempotencyKey = newIdempotencyKey();

  readonly ticket = signal<TicketState>(defaultTicket({ side: 'credit', expectedFill: 0 }));
  readonly step = signal<TicketStep>('edit');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly apiDetails = signal<NonNullable<ApiErrorBody['details']>>([]);
  readonly preview = signal<PreviewView | null>(null);
  /** The body that was previewed; confirmation sends exactly this. */
  private readonly previewed = signal<ReturnType<typeof toOrderDto> | null>(null);
  private readonly placed = signal<OrderView | null>(null);
  protected readonly replayed = signal(false);
  protected readonly attempts = signal(0);

  protected readonly problems = computed(() => ticketProblems(this.ticket()));
  protected readonly hasProblems = computed(() => Object.keys(this.problems()).length > 0);
  protected readonly expiry = computed(() => formatYmd(this.row().expiry));
  protected readonly body = computed(() => JSON.stringify(this.previewed(), null, 2));
  protected readonly summary = computed(() => {
    const dto = this.previewed();
    const r = this.row();
    if (!dto) return '';
    const price = dto.orderType === 'MKT' ? 'at MARKET' : dto.priceMode === 'manual' ? `limit ${dto.limit}` : `limit at ${dto.priceMode} (${this.price(dto.priceMode ?? 'mid')} now)`;
    return `${dto.quantity} × ${r.symbol} ${r.type} ${r.short.strike}/${r.long.strike}${r.short.right} ${this.expiry()}, ${price}, ${dto.tif}${dto.walk ? ', walking' : ''}`;
  });
  /** The live order: socket updates win over the place reply. */
  protected readonly order = computed(() => {
    const placed = this.placed();
    return placed ? (this.live.get(placed.id) ?? placed) : null;
  });

  private readonly titleRef = viewChild<ElementRef<HTMLElement>>('title');
  private readonly sendRef = viewChild<ElementRef<HTMLButtonElement>>('sendButton');

  constructor() {
    let initialised = false;
    effect(() => {
      const row = this.row();
      if (!initialised) {
        initialised = true;
        this.ticket.set(defaultTicket(row));
        queueMicrotask(() => this.titleRef()?.nativeElement.focus());
      }
    });
    effect(() => {
      if (this.step() === 'confirm') this.sendRef()?.nativeElement.focus();
    });
  }

  protected price(mode: PriceModeName): string {
    const v = modePrice(this.row(), mode, this.ticket().manualLimit);
    return v === null ? '—' : v.toFixed(2);
  }

  private edit(change: (t: TicketState) => TicketState): void {
    this.ticket.update(change);
    if (this.step() === 'preview') {
      this.step.set('edit');
      this.preview.set(null);
    }
    this.apiDetails.set([]);
    this.error.set(null);
  }

  protected setNumber(field: 'quantity' | 'takeProfitPct' | 'stopLossPct', event: Event): void {
    const v = Number((event.target as HTMLInputElement).value);
    this.edit((t) => ({ ...t, [field]: v }));
  }
  protected setFlag(field: 'confirmMarket' | 'walkEnabled' | 'takeProfitEnabled' | 'stopLossEnabled', event: Event): void {
    const v = (event.target as HTMLInputElement).checked;
    this.edit((t) => ({ ...t, [field]: v }));
  }
  protected setOrderType(event: Event): void {
    const v = (event.target as HTMLSelectElement).value === 'MKT' ? 'MKT' : 'LMT';
    this.edit((t) => ({ ...t, orderType: v, confirmMarket: false }));
  }
  protected setPriceMode(mode: PriceModeName): void {
    this.edit((t) => ({ ...t, priceMode: mode, manualLimit: mode === 'manual' && t.manualLimit === null ? modePrice(this.row(), 'expected', null) : t.manualLimit }));
  }
  protected setManual(event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    this.edit((t) => ({ ...t, manualLimit: text === '' ? null : Number(text) }));
  }
  protected setTif(event: Event): void {
    const v = (event.target as HTMLSelectElement).value as TifName;
    this.edit((t) => ({ ...t, tif: v }));
  }
  protected setWalk(field: keyof TicketState['walk'], event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    const v = text === '' && field === 'evFloor' ? null : Number(text);
    this.edit((t) => ({ ...t, walk: { ...t.walk, [field]: v } }));
  }

  requestPreview(): void {
    if (this.hasProblems() || this.busy()) return;
    const dto = toOrderDto(this.row(), this.ticket());
    this.busy.set(true);
    this.error.set(null);
    this.apiDetails.set([]);
    this.api.preview(dto).subscribe({
      next: (p) => {
        this.busy.set(false);
        this.preview.set(p);
        this.previewed.set(dto);
        this.step.set('preview');
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.showError(e, 'Preview failed');
      },
    });
  }

  protected backToEdit(): void {
    this.step.set('edit');
    this.preview.set(null);
  }

  protected toConfirm(): void {
    if (this.preview()?.allowed) this.step.set('confirm');
  }

  /** Sends the previewed body with this ticket's key; a retry after any failure sends the same key. */
  send(): void {
    const dto = this.previewed();
    if (!dto || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.attempts.update((n) => n + 1);
    this.api.place(dto, this.idempotencyKey).subscribe({
      next: (result) => {
        this.busy.set(false);
        this.live.upsert(result.order);
        this.placed.set(result.order);
        this.replayed.set(result.replayed);
        this.step.set('sent');
        this.toasts.info('Order sent', describeOrder(result.order));
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.showError(e, 'The order was not accepted');
      },
    });
  }

  private showError(e: unknown, title: string): void {
    const body = apiErrorBody(e);
    this.apiDetails.set(body?.details ?? []);
    const unreachable = e instanceof HttpErrorResponse && (e.status === 0 || e.status >= 500);
    const message = apiErrorMessage(e) + (unreachable && this.step() === 'confirm' ? ' Retrying is safe: it sends the same Idempotency-Key.' : '');
    this.error.set(`${title}: ${message}`);
    if (e instanceof HttpErrorResponse && e.status === 404) this.error.set(`${title}: the orders API is not available on this server yet.`);
  }
}
