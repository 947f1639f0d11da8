import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_PREFIX, type PositionsView } from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const POSITIONS_URL = `${API_PREFIX}/positions`;

/** Open spread positions with P&L (`GET /api/v1/positions`). */
@Injectable({ providedIn: 'root' })
export class PositionsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<PositionsView> {
    return this.http.get<PositionsView>(POSITIONS_URL);
  }
}
