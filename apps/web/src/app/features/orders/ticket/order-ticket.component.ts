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
  template: `
    @let r = row();
    @let t = ticket();
    @let errs = problems();
    <section class="ticket card" role="dialog" aria-modal="false" aria-labelledby="ticket-title" data-testid="order-ticket">
      <header class="ticket__header">
        <h2 id="ticket-title" tabindex="-1" #title>Order ticket · {{ r.symbol }} {{ r.type }} {{ r.short.strike }}/{{ r.long.strike }}{{ r.short.right }} {{ expiry() }}</h2>
        <button type="button" class="button button--ghost" (click)="closed.emit()" aria-label="Close the order ticket">×</button>
      </header>
      <ol class="steps" aria-label="Steps">
        @for (s of stepNames; track s.id) {
          <li [class.current]="step() === s.id" [attr.aria-current]="step() === s.id ? 'step' : null">{{ s.label }}</li>
        }
      </ol>

      @if (step() === 'edit' || step() === 'preview') {
        <form class="ticket__form" (submit)="$event.preventDefault(); requestPreview()" novalidate>
          <div class="grid2">
            <label>
              <span>Quantity (spreads)</span>
              <input type="number" min="1" max="10000" step="1" [value]="t.quantity" (input)="setNumber('quantity', $event)" [attr.aria-invalid]="!!errs['quantity']" aria-describedby="err-quantity" data-testid="ticket-quantity" />
            </label>
            <label>
              <span>Order type</span>
              <select (change)="setOrderType($event)" data-testid="ticket-order-type">
                <option value="LMT" [selected]="t.orderType === 'LMT'">Limit (LMT)</option>
                <option value="MKT" [selected]="t.orderType === 'MKT'">Market (MKT)</option>
              </select>
            </label>
          </div>
          <p id="err-quantity" class="field-errors">{{ errs['quantity'] ?? '' }}</p>

          @if (t.orderType === 'MKT') {
            <div class="banner banner--warning">
              <label class="check">
                <input type="checkbox" [checked]="t.confirmMarket" (change)="setFlag('confirmMarket', $event)" data-testid="ticket-confirm-market" aria-describedby="err-confirmMarket" />
                I understand a market order on a spread fills at whatever price the market gives, possibly far from mid.
              </label>
              <p id="err-confirmMarket" class="field-errors">{{ errs['confirmMarket'] ?? '' }}</p>
            </div>
          } @else {
            <fieldset>
              <legend>Price</legend>
              <div class="modes" role="radiogroup" aria-label="Price mode">
                @for (m of priceModes; track m) {
                  <label class="check">
                    <input type="radio" name="price-mode" [value]="m" [checked]="t.priceMode === m" (change)="setPriceMode(m)" />
                    {{ modeLabel[m] }}
                    @if (m !== 'manual') {
                      <span class="muted">{{ price(m) }}</span>
                    }
                  </label>
                }
              </div>
              @if (t.priceMode === 'manual') {
                <label>
                  <span>Limit (signed combo price: a credit is negative)</span>
                  <input type="number" step="0.01" [value]="t.manualLimit ?? ''" (input)="setManual($event)" [attr.aria-invalid]="!!errs['limit']" aria-describedby="err-limit" data-testid="ticket-limit" />
                </label>
                <p id="err-limit" class="field-errors">{{ errs['limit'] ?? '' }}</p>
              }
              <label class="check">
                <input type="checkbox" [checked]="t.walkEnabled" (change)="setFlag('walkEnabled', $event)" />
                Walk the price toward natural until filled
              </label>
              @if (t.walkEnabled) {
                <div class="grid3">
                  <label><span>Step (× half-spread)</span><input type="number" min="0.01" max="1" step="0.05" [value]="t.walk.stepFraction" (input)="setWalk('stepFraction', $event)" /></label>
                  <label><span>Every (s)</span><input type="number" min="1" max="600" step="1" [value]="t.walk.intervalSec" (input)="setWalk('intervalSec', $event)" /></label>
                  <label><span>Give up after (s)</span><input type="number" min="5" max="86400" step="5" [value]="t.walk.timeoutSec" (input)="setWalk('timeoutSec', $event)" /></label>
                  <label><span>Max from mid ($)</span><input type="number" min="0" max="100" step="0.01" [value]="t.walk.maxSlippage" (input)="setWalk('maxSlippage', $event)" /></label>
                  <label><span>EV floor ($, optional)</span><input type="number" step="1" [value]="t.walk.evFloor ?? ''" (input)="setWalk('evFloor', $event)" /></label>
                </div>
              }
            </fieldset>
          }

          <div class="grid2">
            <label>
              <span>Time in force</span>
              <select (change)="setTif($event)">
                @for (tif of tifs; track tif) {
                  <option [value]="tif" [selected]="t.tif === tif">{{ tif === 'DAY' ? 'Day' : 'Good till cancelled' }}</option>
                }
              </select>
            </label>
          </div>
          <fieldset>
            <legend>Exits (one cancels the other)</legend>
            <div class="grid2">
              <div>
                <label class="check"><input type="checkbox" [checked]="t.takeProfitEnabled" (change)="setFlag('takeProfitEnabled', $event)" /> Take profit at</label>
                <label class="inline"><input type="number" min="1" max="99" step="1" [value]="t.takeProfitPct" [disabled]="!t.takeProfitEnabled" (input)="setNumber('takeProfitPct', $event)" aria-label="Take profit, percent of max profit" /> % of max profit</label>
                <p class="field-errors">{{ errs['takeProfitPct'] ?? '' }}</p>
              </div>
              <div>
                <label class="check"><input type="checkbox" [checked]="t.stopLossEnabled" (change)="setFlag('stopLossEnabled', $event)" /> Stop at</label>
                <label class="inline"><input type="number" min="1" max="100" step="1" [value]="t.stopLossPct" [disabled]="!t.stopLossEnabled" (input)="setNumber('stopLossPct', $event)" aria-label="Stop, percent of max loss" /> % of max loss</label>
                <p class="field-errors">{{ errs['stopLossPct'] ?? '' }}</p>
              </div>
            </div>
          </fieldset>

          @if (apiDetails().length) {
            <ul class="field-errors" role="alert" data-testid="ticket-api-errors">
              @for (d of apiDetails(); track d.field) {
                <li><strong>{{ d.field }}</strong>: {{ d.problems.join('; ') }}</li>
              }
            </ul>
          }
          @if (error(); as e) {
            <p class="banner banner--danger" role="alert" data-testid="ticket-error">{{ e }}</p>
          }
          @if (step() === 'edit') {
            <div class="actions">
              <button type="submit" class="button button--primary" [disabled]="busy() || hasProblems()" data-testid="ticket-preview">{{ busy() ? 'Previewing…' : 'Preview' }}</button>
            </div>
          }
        </form>
      }

      @if (step() === 'preview' && preview(); as p) {
        <ibsc-order-preview [preview]="p" />
        <div class="actions">
          <button type="button" class="button" (click)="backToEdit()">Edit</button>
          <button type="button" class="button button--primary" (click)="toConfirm()" [disabled]="!p.allowed" data-testid="ticket-continue">Continue to confirm</button>
        </div>
      }

      @if (step() === 'confirm') {
        <section class="confirm" aria-labelledby="confirm-title">
          <h3 id="confirm-title">Confirm: this exact request will be sent</h3>
          <p>
            <strong>{{ summary() }}</strong>
          </p>
          <pre class="wire" data-testid="ticket-wire" tabindex="0" aria-label="The request">POST /api/v1/orders
{{ keyHeader }}: {{ idempotencyKey }}

{{ body() }}</pre>
          @if (error(); as e) {
            <p class="banner banner--danger" role="alert" data-testid="ticket-error">{{ e }}</p>
          }
          <div class="actions">
            <button type="button" class="button" (click)="backToEdit()" [disabled]="busy()">Edit</button>
            <button type="button" class="button button--danger" (click)="send()" [disabled]="busy()" data-testid="ticket-send" #sendButton>
              {{ busy() ? 'Sending…' : attempts() > 0 ? 'Retry (same key)' : 'Send order' }}
            </button>
          </div>
        </section>
      }

      @if (step() === 'sent' && order(); as o) {
        <section class="sent" aria-labelledby="sent-title" aria-live="polite" data-testid="ticket-sent">
          <h3 id="sent-title">Order {{ o.orderRef }}</h3>
          <p><ibsc-order-status-badge [status]="o.status" /> {{ o.filledQuantity }} of {{ o.quantity }} filled
            @if (o.avgFillPrice !== null) { at {{ o.avgFillPrice.toFixed(2) }} }
          </p>
          @if (o.statusReason) {
            <p class="muted">{{ o.statusReason }}</p>
          }
          @if (replayed()) {
            <p class="muted">The server had already received this ticket (same key); this is that order.</p>
          }
          @if (o.walkLog.length) {
            <ol class="walk">
              @for (w of o.walkLog; track w.step) {
                <li>{{ w.kind }} {{ w.price === null ? '' : w.price.toFixed(2) }} <span class="muted">{{ w.note ?? '' }}</span></li>
              }
            </ol>
          }
          <div class="actions"><button type="button" class="button" (click)="closed.emit()">Close</button></div>
        </section>
      }
    </section>
  `,
  styles: `
    .ticket {
      display: grid;
      gap: 0.6rem;
      padding: 0.75rem 1rem;
      max-height: 100%;
      overflow: auto;
    }
    .ticket__header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    h2 {
      margin: 0;
      font-size: 1.05rem;
    }
    h3 {
      margin: 0.25rem 0;
      font-size: 0.95rem;
    }
    .steps {
      display: flex;
      gap: 0.25rem;
      margin: 0;
      padding: 0;
      list-style: none;
      counter-reset: step;
      font-size: 0.8rem;
    }
    .steps li {
      counter-increment: step;
      padding: 0.1rem 0.5rem;
      border-radius: 999px;
      background: var(--surface-2);
      color: var(--text-muted);
    }
    .steps li::before {
      content: counter(step) '. ';
    }
    .steps li.current {
      background: var(--accent-bg);
      color: var(--accent-text);
      font-weight: 600;
    }
    .ticket__form {
      display: grid;
      gap: 0.4rem;
    }
    label {
      display: grid;
      gap: 0.1rem;
    }
    label.check {
      display: flex;
      gap: 0.35rem;
      align-items: center;
    }
    label.inline {
      display: flex;
      gap: 0.35rem;
      align-items: center;
    }
    label.inline input {
      width: 5rem;
    }
    .grid2 {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.5rem;
    }
    .grid3 {
      display: grid;
      grid-template-columns: repeat(3, 1fr);
      gap: 0.4rem;
      font-size: 0.85rem;
    }
    fieldset {
      margin: 0;
      padding: 0.4rem 0.6rem;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      display: grid;
      gap: 0.35rem;
    }
    legend {
      font-weight: 600;
    }
    .modes {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.2rem 0.5rem;
    }
    input,
    select {
      padding: 0.3rem 0.45rem;
    }
    .field-errors:empty {
      display: none;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
    }
    .wire {
      margin: 0;
      padding: 0.6rem;
      max-height: 16rem;
      overflow: auto;
      border-radius: var(--radius);
      background: var(--surface-2);
      font-size: 0.8rem;
      white-space: pre-wrap;
      word-break: break-all;
    }
    .walk {
      margin: 0;
      padding-left: 1.2rem;
      font-size: 0.85rem;
    }
  `,
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
