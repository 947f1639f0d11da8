import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  API_PREFIX,
  IDEMPOTENCY_KEY_HEADER,
  type KillSwitchDto,
  type KillSwitchView,
  type ModifyOrderDto,
  type OrderView,
  type PlaceOrderDto,
  type PlaceOrderResult,
  type PreviewOrderDto,
  type PreviewView,
  type RiskView,
} from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const ORDERS_URL = `${API_PREFIX}/orders`;
export const RISK_URL = `${API_PREFIX}/risk`;

/** Orders and risk (`/api/v1/orders`, `/api/v1/risk`). */
@Injectable({ providedIn: 'root' })
export class OrdersApiService {
  private readonly http = inject(HttpClient);

  preview(order: PreviewOrderDto): Observable<PreviewView> {
    return this.http.post<PreviewView>(`${ORDERS_URL}/preview`, order);
  }

  /** The same key on every retry of one ticket: the server then places the order at most once. */
  place(order: PlaceOrderDto, idempotencyKey: string): Observable<PlaceOrderResult> {
    return this.http.post<PlaceOrderResult>(ORDERS_URL, order, { headers: new HttpHeaders({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKey }) });
  }

  list(): Observable<OrderView[]> {
    return this.http.get<OrderView[]>(ORDERS_URL);
  }

  get(id: string): Observable<OrderView> {
    return this.http.get<OrderView>(`${ORDERS_URL}/${encodeURIComponent(id)}`);
  }

  modify(id: string, changes: ModifyOrderDto): Observable<OrderView> {
    return this.http.patch<OrderView>(`${ORDERS_URL}/${encodeURIComponent(id)}`, changes);
  }

  cancel(id: string): Observable<OrderView> {
    return this.http.delete<OrderView>(`${ORDERS_URL}/${encodeURIComponent(id)}`);
  }

  risk(): Observable<RiskView> {
    return this.http.get<RiskView>(RISK_URL);
  }

  killSwitch(change: KillSwitchDto): Observable<KillSwitchView> {
    return this.http.post<KillSwitchView>(`${RISK_URL}/kill-switch`, change);
  }
}
