import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_PREFIX, type TradeView } from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const TRADES_URL = `${API_PREFIX}/trades`;

/** Filters of `GET /trades`: ISO times and an underlying, each optional. */
export interface TradesFilter {
  from?: string;
  to?: string;
  underlying?: string;
}

function params(filter: TradesFilter, format: 'json' | 'csv'): HttpParams {
  let p = new HttpParams();
  if (filter.from) p = p.set('from', filter.from);
  if (filter.to) p = p.set('to', filter.to);
  if (filter.underlying) p = p.set('underlying', filter.underlying);
  return format === 'csv' ? p.set('format', 'csv') : p;
}

/** Executed trades (`GET /api/v1/trades`), as JSON or as the server's CSV. */
@Injectable({ providedIn: 'root' })
export class TradesApiService {
  private readonly http = inject(HttpClient);

  list(filter: TradesFilter): Observable<TradeView[]> {
    return this.http.get<TradeView[]>(TRADES_URL, { params: params(filter, 'json') });
  }

  csv(filter: TradesFilter): Observable<string> {
    return this.http.get(TRADES_URL, { params: params(filter, 'csv'), responseType: 'text' });
  }
}
