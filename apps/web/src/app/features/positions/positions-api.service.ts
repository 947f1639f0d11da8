import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_PREFIX, type ClosePositionDto, IDEMPOTENCY_KEY_HEADER, type PlaceOrderResult, type PositionsView } from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const POSITIONS_URL = `${API_PREFIX}/positions`;

export const closePositionUrl = (positionKey: string) => `${POSITIONS_URL}/${encodeURIComponent(positionKey)}/close`;

/** Open spread positions with P&L (`GET /api/v1/positions`), and their close (`POST /api/v1/positions/{id}/close`). */
@Injectable({ providedIn: 'root' })
export class PositionsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<PositionsView> {
    return this.http.get<PositionsView>(POSITIONS_URL);
  }

  /** Sends the closing order; a retry with the same key returns the first close (`replayed`), never a second. */
  close(positionKey: string, dto: ClosePositionDto, idempotencyKey: string): Observable<PlaceOrderResult> {
    return this.http.post<PlaceOrderResult>(closePositionUrl(positionKey), dto, { headers: new HttpHeaders({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKey }) });
  }
}
