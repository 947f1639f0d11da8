import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_PREFIX, type SimulatorFaultDto, type SimulatorFaultResult, type SystemStatus } from '@ibsc/shared-dto';
import type { Observable } from 'rxjs';

export const SYSTEM_URL = `${API_PREFIX}/system`;
export const SIMULATOR_FAULTS_URL = `${SYSTEM_URL}/simulator/faults`;

/** `/api/v1/system`: the status on demand, a gateway reconnect and simulator faults. Live status comes over the socket. */
@Injectable({ providedIn: 'root' })
export class SystemApiService {
  private readonly http = inject(HttpClient);

  status(): Observable<SystemStatus> {
    return this.http.get<SystemStatus>(`${SYSTEM_URL}/status`);
  }

  reconnect(): Observable<unknown> {
    return this.http.post(`${SYSTEM_URL}/reconnect`, {});
  }

  /** Admin: a restart, drop or farm fault in the built-in simulated gateway (409 for any other gateway). */
  injectFault(fault: SimulatorFaultDto): Observable<SimulatorFaultResult> {
    return this.http.post<SimulatorFaultResult>(SIMULATOR_FAULTS_URL, fault);
  }
}
