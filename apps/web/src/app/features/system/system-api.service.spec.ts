import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SIMULATOR_FAULTS_URL, SystemApiService, SYSTEM_URL } from './system-api.service';

describe('SystemApiService', () => {
  function setup() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    return { api: TestBed.inject(SystemApiService), http: TestBed.inject(HttpTestingController) };
  }

  it('reads the status, asks for a reconnect, and posts a simulator fault as given', () => {
    const { api, http } = setup();
    api.status().subscribe();
    expect(http.expectOne(`${SYSTEM_URL}/status`).request.method).toBe('GET');
    api.reconnect().subscribe();
    expect(http.expectOne(`${SYSTEM_URL}/reconnect`).request.method).toBe('POST');
    let answer: unknown;
    api.injectFault({ kind: 'restart', downMs: 3000 }).subscribe((r) => (answer = r));
    const req = http.expectOne(SIMULATOR_FAULTS_URL);
    expect(SIMULATOR_FAULTS_URL).toBe('/api/v1/system/simulator/faults');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ kind: 'restart', downMs: 3000 });
    req.flush({ kind: 'restart', downMs: 3000 });
    expect(answer).toEqual({ kind: 'restart', downMs: 3000 });
    http.verify();
  });
});
