import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { seedSession } from '../../testing/session';
import { authInterceptor } from './auth.interceptor';
import { AuthService, LOGIN_URL } from './auth.service';

describe('authInterceptor', () => {
  function setup() {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    return {
      http: TestBed.inject(HttpClient),
      backend: TestBed.inject(HttpTestingController),
      auth: TestBed.inject(AuthService),
      navigate,
    };
  }

  beforeEach(() => sessionStorage.clear());

  it('adds the bearer token to API requests', () => {
    seedSession('tok-abc');
    const { http, backend } = setup();
    http.get('/api/v1/presets').subscribe();
    expect(backend.expectOne('/api/v1/presets').request.headers.get('Authorization')).toBe('Bearer tok-abc');
  });

  it('never sends the token to another origin', () => {
    seedSession('tok-abc');
    const { http, backend } = setup();
    http.get('https://example.com/api/v1/presets').subscribe();
    expect(backend.expectOne('https://example.com/api/v1/presets').request.headers.has('Authorization')).toBe(false);
  });

  it('sends no header when signed out', () => {
    const { http, backend } = setup();
    http.get('/api/v1/presets').subscribe();
    expect(backend.expectOne('/api/v1/presets').request.headers.has('Authorization')).toBe(false);
  });

  it('on 401 clears the session, goes to /login and still reports the error', () => {
    seedSession('expired');
    const { http, backend, auth, navigate } = setup();
    let status = 0;
    http.get('/api/v1/presets').subscribe({ error: (e: { status: number }) => (status = e.status) });
    backend
      .expectOne('/api/v1/presets')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'Token expired' }, { status: 401, statusText: 'Unauthorized' });

    expect(status).toBe(401);
    expect(auth.isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/' } });
  });

  it('leaves a failed login to the login page', () => {
    const { http, backend, navigate } = setup();
    http.post(LOGIN_URL, {}).subscribe({ error: () => undefined });
    backend.expectOne(LOGIN_URL).flush({}, { status: 401, statusText: 'Unauthorized' });
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does not end the session on other errors', () => {
    seedSession('tok');
    const { http, backend, auth, navigate } = setup();
    http.get('/api/v1/presets').subscribe({ error: () => undefined });
    backend.expectOne('/api/v1/presets').flush({}, { status: 403, statusText: 'Forbidden' });
    expect(auth.isAuthenticated()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });
});
