import { provideHttpClient } from '@angular/common/http';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { seedSession } from '../../testing/session';
import { authGuard, guestGuard } from './auth.guard';

@Component({ template: 'secret page' })
class SecretStub {}

@Component({ template: 'login page' })
class LoginStub {}

describe('authGuard / guestGuard', () => {
  async function setup() {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideRouter([
          { path: 'login', component: LoginStub, canActivate: [guestGuard] },
          { path: 'scanner', component: SecretStub, canActivate: [authGuard] },
          { path: 'orders', component: SecretStub, canActivate: [authGuard] },
        ]),
      ],
    });
    return { harness: await RouterTestingHarness.create(), router: TestBed.inject(Router) };
  }

  beforeEach(() => sessionStorage.clear());

  it('sends a signed-out user to /login, remembering where they were going', async () => {
    const { harness, router } = await setup();
    await harness.navigateByUrl('/orders?tab=working');
    expect(router.url).toBe('/login?returnUrl=%2Forders%3Ftab%3Dworking');
    expect(harness.routeNativeElement?.textContent).toContain('login page');
  });

  it('lets a signed-in user through', async () => {
    seedSession();
    const { harness, router } = await setup();
    await harness.navigateByUrl('/orders');
    expect(router.url).toBe('/orders');
    expect(harness.routeNativeElement?.textContent).toContain('secret page');
  });

  it('sends a signed-in user away from the login page', async () => {
    seedSession();
    const { harness, router } = await setup();
    await harness.navigateByUrl('/login');
    expect(router.url).toBe('/scanner');
  });
});
