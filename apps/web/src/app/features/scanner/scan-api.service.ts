import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_PREFIX, type ScanFilters, type ScanFunnel, type ScanRequestDto, type ScanStatus, type SpreadRow } from '@ibsc/shared-dto';
import { map, type Observable } from 'rxjs';

export const SCAN_URL = `${API_PREFIX}/scan`;

/** `POST /scan/preview-count`: how many spreads a request matches now. */
export interface PreviewCountReply {
  matched?: number;
  count?: number;
  funnel?: ScanFunnel | null;
}

/** One page of `GET /scan/results`. */
export interface ScanResultsPage {
  rows: SpreadRow[];
  total: number;
  seq?: number;
}

/** The scanner's REST API (`/api/v1/scan`). Live rows come over Socket.IO (ScanStreamService). */
@Injectable({ providedIn: 'root' })
export class ScanApiService {
  private readonly http = inject(HttpClient);

  start(request: ScanRequestDto): Observable<ScanStatus> {
    return this.http.post<ScanStatus>(`${SCAN_URL}/start`, request);
  }

  stop(): Observable<ScanStatus> {
    return this.http.post<ScanStatus>(`${SCAN_URL}/stop`, {});
  }

  status(): Observable<ScanStatus> {
    return this.http.get<ScanStatus>(`${SCAN_URL}/status`);
  }

  filters(): Observable<ScanFilters> {
    return this.http.get<ScanFilters>(`${SCAN_URL}/filters`);
  }

  /** The number of spreads `request` would match now (null when the server gave no count). */
  previewCount(request: ScanRequestDto): Observable<number | null> {
    return this.http
      .post<PreviewCountReply>(`${SCAN_URL}/preview-count`, request)
      .pipe(map((reply) => reply.matched ?? reply.count ?? reply.funnel?.matched ?? null));
  }

  results(page = 0, pageSize = 500, sort = 'score:desc'): Observable<ScanResultsPage> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize).set('sort', sort);
    return this.http.get<ScanResultsPage>(`${SCAN_URL}/results`, { params });
  }
}
