import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { loginResponse, seedSession, TEST_USER } from '../../testing/session';
import { AuthService, LOGIN_URL, LOGOUT_URL, SESSION_STORAGE_KEY } from './auth.service';

describe('AuthService', () => {
  function setup() {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    return { auth: TestBed.inject(AuthService), http: TestBed.inject(HttpTestingController) };
  }

  beforeEach(() => sessionStorage.clear());
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('starts signed out when nothing is stored', () => {
    const { auth } = setup();
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.token()).toBeNull();
  });

  it('posts the credentials and keeps the token in sessionStorage on success', () => {
    const { auth, http } = setup();
    let user: unknown;
    auth.login({ username: 'alice', password: 'secret-pass' }).subscribe((u) => (user = u));

    const req = http.expectOne(LOGIN_URL);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'alice', password: 'secret-pass' });
    req.flush(loginResponse('tok-1'));

    expect(user).toEqual(TEST_USER);
    expect(auth.token()).toBe('tok-1');
    expect(auth.user()?.username).toBe('alice');
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY)!).token).toBe('tok-1');
  });

  it('stores nothing and passes the error on when the API refuses', () => {
    const { auth, http } = setup();
    let error: unknown;
    auth.login({ username: 'alice', password: 'wrong' }).subscribe({ error: (e) => (error = e) });
    http
      .expectOne(LOGIN_URL)
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password' },
        { status: 401, statusText: 'Unauthorized' },
      );

    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect(auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('restores a stored session and forgets it on logout', () => {
    seedSession('tok-2');
    const { auth } = setup();
    expect(auth.token()).toBe('tok-2');

    auth.logout();
    expect(auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ignores an expired or corrupt stored session', () => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: 't', expiresAt: Date.now() - 1, user: TEST_USER }));
    expect(setup().auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();

    TestBed.resetTestingModule();
    sessionStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(setup().auth.isAuthenticated()).toBe(false);
  });

  it('drops a session once it expires', () => {
    const { auth, http } = setup();
    auth.login({ username: 'alice', password: 'p' }).subscribe();
    http.expectOne(LOGIN_URL).flush({ ...loginResponse(), expiresIn: 60 });
    expect(auth.hasValidSession()).toBe(true);

    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    expect(auth.hasValidSession()).toBe(false);
    expect(auth.token()).toBeNull();
    jest.restoreAllMocks();
  });

  it('signs out: forgets the token at once and asks the API to revoke it with that token', () => {
    seedSession('tok-9');
    const { auth, http } = setup();
    auth.signOut();
    expect(auth.isAuthenticated()).toBe(false);
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    const req = http.expectOne(LOGOUT_URL);
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok-9');
    req.flush(null, { status: 503, statusText: 'Service Unavailable' });
    expect(auth.isAuthenticated()).toBe(false);
  });
});
