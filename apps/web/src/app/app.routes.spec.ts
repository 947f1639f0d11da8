import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { appRoutes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { STATUS_SOCKET_FACTORY } from './core/system-status/status-socket';
import { fakeSocketFactory } from './testing/fake-status-socket';
import { seedSession } from './testing/session';

describe('appRoutes', () => {
  async function setup(signedIn: boolean) {
    sessionStorage.clear();
    if (signedIn) seedSession();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: STATUS_SOCKET_FACTORY, useValue: fakeSocketFactory().factory },
      ],
    });
    return { harness: await RouterTestingHarness.create(), router: TestBed.inject(Router) };
  }

  it.each(['/scanner', '/orders', '/positions', '/history', '/system'])('guards %s behind the login', async (url) => {
    const { harness, router } = await setup(false);
    await harness.navigateByUrl(url);
    expect(router.url).toBe(`/login?returnUrl=${encodeURIComponent(url)}`);
    expect(harness.routeNativeElement?.querySelector('form')).not.toBeNull();
  });

  it.each([
    ['/orders', 'Orders'],
    ['/positions', 'Positions'],
    ['/history', 'History'],
    ['/system', 'System'],
  ])('opens %s inside the shell when signed in', async (url, heading) => {
    const { harness, router } = await setup(true);
    await harness.navigateByUrl(url);
    expect(router.url).toBe(url);
    const el = harness.routeNativeElement as HTMLElement;
    expect(el.querySelector('nav[aria-label=Main]')).not.toBeNull();
    expect(el.querySelector('main h1')?.textContent).toBe(heading);
  });

  it('lands on the scanner from / and from unknown paths', async () => {
    const { harness, router } = await setup(true);
    await harness.navigateByUrl('/');
    expect(router.url).toBe('/scanner');
    await harness.navigateByUrl('/no-such-page');
    expect(router.url).toBe('/scanner');
  });
});
