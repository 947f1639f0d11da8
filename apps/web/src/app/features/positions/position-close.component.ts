import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import { type ClosePositionDto, type ClosePriceModeName, CLOSE_PRICE_MODES, type OrderView, type PositionView } from '@ibsc/shared-dto';
import { apiErrorBody, apiErrorMessage } from '../../core/api/api-error';
import { ToastService } from '../../core/toast/toast.service';
import { formatYmd } from '../../shared/format';
import { newIdempotencyKey } from '../orders/ticket/order-ticket.component';
import { PositionsApiService } from './positions-api.service';

const MODE_LABELS: Record<ClosePriceModeName, string> = { mid: 'Mid', natural: 'Natural (crosses the spread)', manual: 'Manual limit' };

/** "a credit of 1.20" / "a debit of 0.80": what a SELL of the BAG at a signed price means in cash. */
export function closeCash(price: number): string {
  return price >= 0 ? `a credit of ${price.toFixed(2)}` : `a debit of ${Math.abs(price).toFixed(2)}`;
}

/**
 * The close of one open spread: quantity (default all of it), price (mid, natural or a manual limit, prefilled with
 * the mark), and the exact closing order to confirm — SELL n × the spread at that price — before it is sent with
 * this panel's Idempotency-Key (a retry reuses it: never two closes). The order then appears in Orders.
 */
@Component({
  selector: 'ibsc-position-close',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(keydown.escape)': 'cancelled.emit()' },
  template: `
    <form class="close-panel" role="group" [attr.aria-label]="'Close ' + label()" data-testid="close-panel" (submit)="$event.preventDefault(); send()">
      <label>Quantity
        <input #quantityInput type="number" min="1" [max]="position().quantity" step="1" [value]="quantity()" (input)="setQuantity($event)" data-testid="close-quantity" />
        <span class="muted">of {{ position().quantity }}</span>
      </label>
      <label>Price
        <select [value]="mode()" (change)="setMode($event)" data-testid="close-price-mode">
          @for (m of modes; track m) {
            <option [value]="m" [selected]="m === mode()">{{ modeLabel[m] }}</option>
          }
        </select>
      </label>
      @if (mode() === 'manual') {
        <label>Limit
          <input type="number" step="0.01" [value]="limit() ?? ''" (input)="setLimit($event)" data-testid="close-limit" />
        </label>
      }
      <p class="close-summary" data-testid="close-summary">{{ summary() }}</p>
      @for (p of problems(); track p) {
        <p class="field-errors" role="alert">{{ p }}</p>
      }
      @if (error(); as e) {
        <p class="banner banner--danger" role="alert" data-testid="close-error">{{ e }}</p>
      }
      <div class="close-actions">
        <button type="submit" class="button button--danger button--small" [disabled]="busy() || problems().length > 0" data-testid="close-confirm">
          {{ busy() ? 'Sending…' : 'Send close' }}
        </button>
        <button type="button" class="button button--ghost button--small" (click)="cancelled.emit()">Keep</button>
      </div>
    </form>
  `,
  styles: `
    .close-panel {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      padding: 0.5rem 0;
    }
    .close-panel input {
      width: 6rem;
    }
    .close-panel select {
      width: auto;
    }
    .close-summary {
      flex-basis: 100%;
      margin: 0;
      font-weight: 600;
    }
    .close-actions {
      display: flex;
      gap: 0.5rem;
    }
  `,
})
export class PositionCloseComponent {
  private readonly api = inject(PositionsApiService);
  private readonly toasts = inject(ToastService);

  readonly position = input.required<PositionView>();
  readonly sent = output<OrderView>();
  readonly cancelled = output<void>();

  protected readonly modes = CLOSE_PRICE_MODES;
  protected readonly modeLabel = MODE_LABELS;
  /** This panel's key, fixed for its lifetime: a retry after a lost answer is a replay, not a second close. */
  readonly idempotencyKey = newIdempotencyKey();

  protected readonly quantityOverride = signal<number | null>(null);
  protected readonly quantity = computed(() => this.quantityOverride() ?? this.position().quantity);
  readonly mode = signal<ClosePriceModeName>('natural');
  protected readonly limitOverride = signal<number | null>(null);
  protected readonly limit = computed(() => this.limitOverride() ?? this.position().mark);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  private readonly quantityRef = viewChild<ElementRef<HTMLInputElement>>('quantityInput');

  protected readonly label = computed(() => {
    const p = this.position();
    return `${p.underlying} ${p.spreadType} ${p.lowerStrike}/${p.upperStrike} ${formatYmd(p.expiry)}`;
  });

  protected readonly problems = computed(() => {
    const out: string[] = [];
    const q = this.quantity();
    const open = this.position().quantity;
    if (!Number.isInteger(q) || q < 1 || q > open) out.push(`Quantity: a whole number from 1 to ${open} (the open quantity).`);
    if (this.mode() === 'manual') {
      const l = this.limit();
      if (l === null || !Number.isFinite(l)) out.push('Limit: a price is required with a manual limit.');
      else if (Math.round(l * 100) !== Math.round(l * 100 * 1e6) / 1e6) out.push('Limit: at most two decimals.');
    }
    return out;
  });

  /** The closing order as it will be sent: side, quantity, spread, price. */
  readonly summary = computed(() => {
    const mark = this.position().mark;
    const now = mark === null ? 'no mark now' : `mark now ${mark.toFixed(2)}`;
    const limit = this.limit();
    const price = this.mode() !== 'manual' ? `${this.mode()} (${now})` : limit === null || !Number.isFinite(limit) ? 'a limit to set' : `limit ${limit.toFixed(2)} (${closeCash(limit)} per spread)`;
    return `SELL ${this.quantity()} × ${this.label()} at ${price}, DAY`;
  });

  constructor() {
    queueMicrotask(() => this.quantityRef()?.nativeElement.focus());
  }

  protected setQuantity(e: Event): void {
    this.quantityOverride.set(Number((e.target as HTMLInputElement).value));
    this.error.set(null);
  }

  protected setMode(e: Event): void {
    this.mode.set((e.target as HTMLSelectElement).value as ClosePriceModeName);
    this.error.set(null);
  }

  protected setLimit(e: Event): void {
    const v = (e.target as HTMLInputElement).value;
    this.limitOverride.set(v === '' ? Number.NaN : Number(v));
    this.error.set(null);
  }

  /** The request body: exactly what the summary shows. */
  dto(): ClosePositionDto {
    const dto: ClosePositionDto = { quantity: this.quantity(), priceMode: this.mode(), tif: 'DAY' };
    const limit = this.limit();
    if (this.mode() === 'manual' && limit !== null) dto.limit = limit;
    return dto;
  }

  send(): void {
    if (this.busy() || this.problems().length > 0) return;
    this.busy.set(true);
    this.error.set(null);
    this.api.close(this.position().positionKey, this.dto(), this.idempotencyKey).subscribe({
      next: (r) => {
        this.busy.set(false);
        this.toasts.success(r.replayed ? 'Close already sent' : 'Close sent', `${r.order.orderRef}: SELL ${r.order.quantity} × ${this.label()}`);
        this.sent.emit(r.order);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        const body = apiErrorBody(e);
        const field = body?.details?.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
        this.error.set(`${apiErrorMessage(e)}${field ? ` (${field})` : ''}. Retrying is safe: it sends the same Idempotency-Key.`);
      },
    });
  }
}
