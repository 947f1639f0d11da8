import { TestBed } from '@angular/core/testing';
import { ToastService } from '../../core/toast/toast.service';
import { makeOrder } from '../../testing/orders.fixture';
import { signedIn } from '../../testing/signed-in';
import { ORDERS_URL, RISK_URL } from './orders-api.service';
import { describeOrder, OrdersLiveService } from './orders-live.service';

describe('OrdersLiveService', () => {
  function setup() {
    const t = signedIn();
    const live = TestBed.inject(OrdersLiveService);
    TestBed.tick();
    t.http().expectOne(ORDERS_URL).flush([makeOrder()]);
    t.http().expectOne(RISK_URL).flush({ killSwitch: { tripped: false, reason: null, trippedAt: null, trippedBy: null, resetAt: null, resetBy: null } });
    return { t, live, toasts: TestBed.inject(ToastService) };
  }

  it('loads orders and keeps them current, ignoring stale updates', () => {
    const { t, live } = setup();
    expect(live.working().map((o) => o.id)).toEqual(['o-1']);
    t.socket().fire('orders.update', makeOrder({ status: 'filled', updatedAt: '2026-11-21T14:31:00.000Z' }));
    t.socket().fire('orders.update', makeOrder({ status: 'submitted', updatedAt: '2026-11-21T14:30:30.000Z' }));
    expect(live.done().map((o) => o.status)).toEqual(['filled']);
    expect(live.working()).toEqual([]);
  });

  it('toasts fills, rejections and the kill switch', () => {
    const { t, toasts } = setup();
    t.socket().fire('orders.fill', { orderId: 'o-1', orderRef: 'IBSC-0001', execId: 'e', quantity: 1, price: -1, filledQuantity: 1, status: 'filled', at: '' });
    t.socket().fire('orders.reject', { orderId: null, orderRef: 'IBSC-0002', reason: 'Max loss per trade exceeded', code: 'RISK', at: '' });
    t.socket().fire('risk.killSwitch', { tripped: true, reason: 'daily loss', trippedAt: '', trippedBy: 'admin', resetAt: null, resetBy: null });
    expect(toasts.toasts().map((x) => [x.kind, x.title])).toEqual([
      ['success', 'Order filled'],
      ['error', 'Order rejected'],
      ['error', 'Kill switch tripped'],
    ]);
    expect(toasts.toasts()[1].message).toContain('Max loss per trade exceeded');
  });

  it('reloads after a reconnect', () => {
    const { t } = setup();
    t.socket().fire('connect');
    TestBed.tick();
    t.http().expectOne(ORDERS_URL);
  });

  it('describes an order in words', () => {
    expect(describeOrder(makeOrder())).toBe('1 × SPY bull-put 445/450');
  });
});
