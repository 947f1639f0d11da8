import { TestBed } from '@angular/core/testing';
import { makeOrder, makePreview } from '../../../testing/orders.fixture';
import { signedIn } from '../../../testing/signed-in';
import { makeSpreadRow } from '../../../testing/spread-row.fixture';
import { ORDERS_URL } from '../orders-api.service';
import { OrderTicketComponent } from './order-ticket.component';

describe('OrderTicketComponent', () => {
  async function render() {
    const t = signedIn();
    const fixture = TestBed.createComponent(OrderTicketComponent);
    fixture.componentRef.setInput('row', makeSpreadRow());
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const q = <T extends Element>(id: string) => el.querySelector(`[data-testid=${id}]`) as T | null;
    const click = async (id: string) => {
      q<HTMLButtonElement>(id)!.click();
      await fixture.whenStable();
    };
    const flush = async (url: string, body: object, opts?: { status: number; statusText: string }) => {
      const req = t.http().expectOne(url);
      req.flush(body, opts);
      await fixture.whenStable();
      return req;
    };
    return { t, fixture, el, q, click, flush, ticket: fixture.componentInstance, socket: t.socket };
  }

  it('previews, shows an explicit confirmation of the exact request, sends with the key, then tracks the order live', async () => {
    const { el, q, click, ticket, t, socket, fixture } = await render();
    await click('ticket-preview');
    const preview = t.http().expectOne(`${ORDERS_URL}/preview`);
    expect(preview.request.body).toMatchObject({ spreadId: 'SPY|20261219|bull-put|450/445', quantity: 1, orderType: 'LMT', priceMode: 'mid', tif: 'DAY' });
    preview.flush(makePreview());
    await fixture.whenStable();
    const shown = q('order-preview')?.textContent ?? '';
    expect(shown).toContain('$399.00');
    expect(shown).toContain('$10000.00 → $10500.00 (+500.00)');
    expect(shown).toContain('$100000.00 → not available (not available)');
    expect(shown).toContain('maxLossPerTrade');
    expect(shown).toContain('$2.60');
    expect(shown).toContain('-502.60');

    await click('ticket-continue');
    const wire = q('ticket-wire')?.textContent ?? '';
    expect(wire).toContain(`Idempotency-Key: ${ticket.idempotencyKey}`);
    expect(wire).toContain('"spreadId": "SPY|20261219|bull-put|450/445"');
    expect(document.activeElement).toBe(q('ticket-send'));

    await click('ticket-send');
    const place = t.http().expectOne({ url: ORDERS_URL, method: 'POST' });
    expect(place.request.headers.get('Idempotency-Key')).toBe(ticket.idempotencyKey);
    expect(JSON.stringify(place.request.body, null, 2)).toBe(wire.slice(wire.indexOf('{')));
    place.flush({ order: makeOrder(), replayed: false });
    await fixture.whenStable();
    expect(q('ticket-sent')?.textContent).toContain('submitted');

    socket().fire('orders.update', makeOrder({ status: 'filled', filledQuantity: 1, avgFillPrice: -1.0, updatedAt: '2026-11-21T14:30:05.000Z' }));
    await fixture.whenStable();
    expect(q('ticket-sent')?.textContent).toContain('filled');
    expect(el.textContent).toContain('1 of 1 filled');
  });

  it('reuses the same Idempotency-Key when a failed send is retried', async () => {
    const { click, flush, t, fixture, q } = await render();
    await click('ticket-preview');
    await flush(`${ORDERS_URL}/preview`, makePreview());
    await click('ticket-continue');
    await click('ticket-send');
    const first = t.http().expectOne({ url: ORDERS_URL, method: 'POST' });
    const key = first.request.headers.get('Idempotency-Key');
    first.flush({ statusCode: 503, error: 'Service Unavailable', message: 'Gateway not ready' }, { status: 503, statusText: 'Service Unavailable' });
    await fixture.whenStable();
    expect(q('ticket-error')?.textContent).toContain('Retrying is safe');
    expect(q('ticket-send')?.textContent).toContain('Retry (same key)');
    await click('ticket-send');
    const second = t.http().expectOne({ url: ORDERS_URL, method: 'POST' });
    expect(second.request.headers.get('Idempotency-Key')).toBe(key);
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  });

  it('will not send a market order without explicit confirmation', async () => {
    const { fixture, q, el } = await render();
    const type = q<HTMLSelectElement>('ticket-order-type')!;
    type.value = 'MKT';
    type.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(q<HTMLButtonElement>('ticket-preview')!.disabled).toBe(true);
    expect(el.textContent).toContain('fills at any price');
    q<HTMLInputElement>('ticket-confirm-market')!.click();
    await fixture.whenStable();
    expect(q<HTMLButtonElement>('ticket-preview')!.disabled).toBe(false);
  });

  it('blocks confirmation when the risk checks refuse, and shows the API field problems', async () => {
    const { click, flush, q, fixture, t } = await render();
    await click('ticket-preview');
    await flush(`${ORDERS_URL}/preview`, makePreview({ allowed: false, risk: [{ rule: 'maxContracts', passed: false, message: 'too many', limit: 10, actual: 20 }] }));
    expect(q<HTMLButtonElement>('ticket-continue')!.disabled).toBe(true);
    const qty = q<HTMLInputElement>('ticket-quantity')!;
    qty.value = '3';
    qty.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(q('order-preview')).toBeNull(); // an edit invalidates the preview
    await click('ticket-preview');
    t.http()
      .expectOne(`${ORDERS_URL}/preview`)
      .flush({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'Invalid', details: [{ field: 'quantity', problems: ['quantity too large'] }] }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(q('ticket-api-errors')?.textContent).toContain('quantity too large');
  });
});
