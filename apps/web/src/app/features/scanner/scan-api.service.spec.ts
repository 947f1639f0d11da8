import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ScanApiService, SCAN_URL } from './scan-api.service';

describe('ScanApiService', () => {
  function setup() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    return { api: TestBed.inject(ScanApiService), http: TestBed.inject(HttpTestingController) };
  }
  const request = { symbols: ['SPY'], spreadTypes: ['bull-put' as const], widths: [5] };

  it('starts and stops with POSTs, the request as the body', () => {
    const { api, http } = setup();
    api.start(request).subscribe();
    const start = http.expectOne(`${SCAN_URL}/start`);
    expect(start.request.method).toBe('POST');
    expect(start.request.body).toEqual(request);
    api.stop().subscribe();
    expect(http.expectOne(`${SCAN_URL}/stop`).request.method).toBe('POST');
    http.verify();
  });

  it('reads the match count from any of the reply shapes', () => {
    const { api, http } = setup();
    const seen: Array<number | null> = [];
    for (const reply of [{ matched: 12 }, { count: 7 }, { funnel: { matched: 3 } }, {}]) {
      api.previewCount(request).subscribe((n) => seen.push(n));
      http.expectOne(`${SCAN_URL}/preview-count`).flush(reply);
    }
    expect(seen).toEqual([12, 7, 3, null]);
  });

  it('pages and sorts the results', () => {
    const { api, http } = setup();
    api.results(2, 100, 'pop:desc').subscribe();
    const req = http.expectOne((r) => r.url === `${SCAN_URL}/results`);
    expect(req.request.params.toString()).toBe('page=2&pageSize=100&sort=pop:desc');
  });
});
