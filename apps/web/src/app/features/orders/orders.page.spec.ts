import { TestBed } from '@angular/core/testing';
import { makeOrder } from '../../testing/orders.fixture';
import { signedIn } from '../../testing/signed-in';
import { ORDERS_URL, RISK_URL } from './orders-api.service';
import { OrdersPage } from './orders.page';

describe('OrdersPage', () => {
  async function render(orders: object | string, status = 200) {
    const t = signedIn();
    const fixture = TestBed.createComponent(OrdersPage);
    await fixture.whenStable();
    t.http()
      .expectOne({ url: ORDERS_URL, method: 'GET' })
      .flush(orders, status === 200 ? undefined : { status, statusText: 'x' });
    t.http().expectOne(RISK_URL).flush({ killSwitch: { tripped: false, reason: null, trippedAt: null, trippedBy: null, resetAt: null, resetBy: null } });
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const button = (text: string) => Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim().startsWith(text)) as HTMLButtonElement;
    return { t, fixture, el, button };
  }

  it('has a heading and a clear empty state when the orders API is not there', async () => {
    const { el } = await render('missing', 404);
    expect(el.querySelector('h1')?.textContent).toBe('Orders');
    expect(el.querySelector('ibsc-empty-state h2')?.textContent).toContain('No orders yet');
    expect(el.textContent).toContain('not available on this server yet');
  });

  it('splits working and done orders into accessible tabs, live', async () => {
    const { el, fixture, t } = await render([makeOrder(), makeOrder({ id: 'o-2', orderRef: 'IBSC-0002', status: 'filled', filledQuantity: 1 })]);
    const tabs = Array.from(el.querySelectorAll('[role=tab]'));
    expect(tabs.map((tab) => tab.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['Working 1', 'Done 1']);
    expect(tabs[0].getAttribute('aria-selected')).toBe('true');
    expect(el.querySelector('[role=tabpanel] tbody tr')?.textContent).toContain('IBSC-0001');
    (tabs[1] as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(el.querySelector('[role=tabpanel] tbody tr')?.textContent).toContain('IBSC-0002');
    t.socket().fire('orders.update', makeOrder({ status: 'cancelled', updatedAt: '2026-11-21T15:00:00.000Z' }));
    await fixture.whenStable();
    expect(el.querySelectorAll('[role=tabpanel] tbody tr[data-order-id]')).toHaveLength(2);
  });

  it('shows the walk log of an order', async () => {
    const walkLog = [
      { step: 1, kind: 'place' as const, price: -1.01, bid: -1.1, ask: -0.92, mid: -1.01, filledQuantity: 0, note: null, at: '2026-11-21T14:30:00.000Z' },
      { step: 2, kind: 'reprice' as const, price: -0.98, bid: -1.1, ask: -0.92, mid: -1.01, filledQuantity: 0, note: 'step 1 of 4', at: '2026-11-21T14:30:15.000Z' },
    ];
    const { el, fixture } = await render([makeOrder({ walkLog, walk: { stepFraction: 0.25, intervalMs: 15000, timeoutMs: 120000, maxSlippage: 0.1, evFloor: null } })]);
    (el.querySelector('[aria-label="Walk log of IBSC-0001"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    const rows = Array.from(el.querySelectorAll('table.walk tbody tr')).map((r) => r.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows[1]).toContain('reprice');
    expect(rows[1]).toContain('-0.98');
    expect(rows[1]).toContain('step 1 of 4');
  });

  it('modifies the limit with PATCH and cancels with DELETE after a second click', async () => {
    const { el, fixture, t, button } = await render([makeOrder()]);
    button('Modify').click();
    await fixture.whenStable();
    const limit = el.querySelector('.modify input') as HTMLInputElement;
    limit.value = '-0.95';
    limit.dispatchEvent(new Event('input'));
    button('Send change').click();
    const patch = t.http().expectOne({ url: `${ORDERS_URL}/o-1`, method: 'PATCH' });
    expect(patch.request.body).toEqual({ limit: -0.95 });
    patch.flush(makeOrder({ limitPrice: -0.95, updatedAt: '2026-11-21T14:31:00.000Z' }));
    await fixture.whenStable();
    button('Cancel').click();
    await fixture.whenStable();
    t.http().expectNone({ method: 'DELETE', url: `${ORDERS_URL}/o-1` });
    button('Cancel IBSC-0001?').click();
    t.http().expectOne({ url: `${ORDERS_URL}/o-1`, method: 'DELETE' }).flush(makeOrder({ cancelRequested: true, updatedAt: '2026-11-21T14:32:00.000Z' }));
    await fixture.whenStable();
    expect(button('Cancelling').disabled).toBe(true);
  });

  it('a cancel kept during a gateway outage (202) reads "Cancel pending"', async () => {
    const { button } = await render([makeOrder({ cancelRequested: true, cancelPending: true })]);
    const pending = button('Cancel pending');
    expect(pending.disabled).toBe(true);
    expect(pending.title).toMatch(/sent first when it returns/);
  });
});
