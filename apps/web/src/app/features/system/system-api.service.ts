import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_PREFIX, type SystemStatus } from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const SYSTEM_URL = `${API_PREFIX}/system`;

/** `/api/v1/system`: the status on demand and a gateway reconnect. Live status comes over the socket. */
@Injectable({ providedIn: 'root' })
export class SystemApiService {
  private readonly http = inject(HttpClient);

  status(): Observable<SystemStatus> {
    return this.http.get<SystemStatus>(`${SYSTEM_URL}/status`);
  }

  reconnect(): Observable<unknown> {
    return this.http.post(`${SYSTEM_URL}/reconnect`, {});
  }
}
