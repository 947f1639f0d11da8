import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { OrdersApiService, ORDERS_URL, RISK_URL } from './orders-api.service';

describe('OrdersApiService', () => {
  function setup() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    return { api: TestBed.inject(OrdersApiService), http: TestBed.inject(HttpTestingController) };
  }
  const order = { spreadId: 'SPY|20261219|bull-put|450/445', quantity: 1, orderType: 'LMT' as const };

  it('places with the Idempotency-Key header and previews without one', () => {
    const { api, http } = setup();
    api.preview(order).subscribe();
    const preview = http.expectOne(`${ORDERS_URL}/preview`);
    expect(preview.request.method).toBe('POST');
    expect(preview.request.headers.has('Idempotency-Key')).toBe(false);
    api.place(order, 'key-12345678').subscribe();
    const place = http.expectOne(ORDERS_URL);
    expect(place.request.method).toBe('POST');
    expect(place.request.headers.get('Idempotency-Key')).toBe('key-12345678');
    expect(place.request.body).toEqual(order);
    http.verify();
  });

  it('modifies with PATCH, cancels with DELETE, trips the kill switch with POST', () => {
    const { api, http } = setup();
    api.modify('o/1', { limit: -0.5 }).subscribe();
    expect(http.expectOne(`${ORDERS_URL}/o%2F1`).request.method).toBe('PATCH');
    api.cancel('o1').subscribe();
    expect(http.expectOne(`${ORDERS_URL}/o1`).request.method).toBe('DELETE');
    api.killSwitch({ tripped: true, reason: 'test' }).subscribe();
    expect(http.expectOne(`${RISK_URL}/kill-switch`).request.body).toEqual({ tripped: true, reason: 'test' });
    api.risk().subscribe();
    http.expectOne(RISK_URL);
    http.verify();
  });
});
