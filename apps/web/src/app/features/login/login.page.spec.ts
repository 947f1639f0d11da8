import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthService, LOGIN_URL } from '../../core/auth/auth.service';
import { loginResponse } from '../../testing/session';
import { LoginPage, safeReturnUrl } from './login.page';

@Component({ template: 'target page' })
class TargetStub {}

describe('LoginPage', () => {
  async function setup(url = '/login') {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: LoginPage },
          { path: 'scanner', component: TargetStub },
          { path: 'orders', component: TargetStub },
        ]),
      ],
    });
    const harness = await RouterTestingHarness.create(url);
    const el = harness.routeNativeElement as HTMLElement;
    const type = (selector: string, value: string) => {
      const input = el.querySelector(selector) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
      await harness.fixture.whenStable();
    };
    return { harness, el, type, submit, http: TestBed.inject(HttpTestingController), router: TestBed.inject(Router) };
  }

  it('has labelled fields', async () => {
    const { el } = await setup();
    expect(el.querySelector('label[for=login-username]')?.textContent).toContain('Username');
    expect(el.querySelector('label[for=login-password]')?.textContent).toContain('Password');
    expect(el.querySelector('#login-password')?.getAttribute('type')).toBe('password');
  });

  it('signs in and returns to the page the user came from', async () => {
    const { type, submit, http, router, harness } = await setup('/login?returnUrl=%2Forders');
    type('#login-username', 'alice');
    type('#login-password', 'correct horse');
    await submit();

    const req = http.expectOne(LOGIN_URL);
    expect(req.request.body).toEqual({ username: 'alice', password: 'correct horse' });
    req.flush(loginResponse('tok-9'));
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthService).token()).toBe('tok-9');
    expect(router.url).toBe('/orders');
  });

  it('goes to the scanner when there is nowhere to return to', async () => {
    const { type, submit, http, router, harness } = await setup();
    type('#login-username', 'alice');
    type('#login-password', 'pw');
    await submit();
    http.expectOne(LOGIN_URL).flush(loginResponse());
    await harness.fixture.whenStable();
    expect(router.url).toBe('/scanner');
  });

  it("shows the API's error message and stays on the page", async () => {
    const { el, type, submit, http, router, harness } = await setup();
    type('#login-username', 'alice');
    type('#login-password', 'wrong');
    await submit();
    http
      .expectOne(LOGIN_URL)
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await harness.fixture.whenStable();

    const alert = el.querySelector('[role=alert]');
    expect(alert?.textContent).toContain('Invalid username or password');
    expect(router.url).toBe('/login');
    expect((el.querySelector('#login-password') as HTMLInputElement).value).toBe('');
    expect((el.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('asks for both fields before calling the API', async () => {
    const { el, submit, http } = await setup();
    await submit();
    http.expectNone(LOGIN_URL);
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Enter your username and password');
  });

  it('only follows same-app return URLs', () => {
    expect(safeReturnUrl('/history?x=1')).toBe('/history?x=1');
    expect(safeReturnUrl('https://evil.example')).toBe('/scanner');
    expect(safeReturnUrl('//evil.example')).toBe('/scanner');
    expect(safeReturnUrl('/login')).toBe('/scanner');
    expect(safeReturnUrl(null)).toBe('/scanner');
  });
});
