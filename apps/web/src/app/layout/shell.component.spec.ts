import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthService } from '../core/auth/auth.service';
import { seedSession } from '../testing/session';
import { ShellComponent } from './shell.component';

@Component({ template: '<h1>Orders content</h1>' })
class OrdersStub {}

@Component({ template: 'login' })
class LoginStub {}

describe('ShellComponent', () => {
  async function setup() {
    sessionStorage.clear();
    seedSession('tok', { id: 'u1', username: 'alice', role: 'viewer', disabled: false, createdAt: '' });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: LoginStub },
          { path: '', component: ShellComponent, children: [{ path: 'orders', component: OrdersStub }] },
        ]),
      ],
    });
    const harness = await RouterTestingHarness.create('/orders');
    return { harness, el: harness.routeNativeElement as HTMLElement, router: TestBed.inject(Router) };
  }

  it('wraps the page with the nav, the user and a main landmark', async () => {
    const { el } = await setup();
    expect(el.querySelector('nav[aria-label=Main]')).not.toBeNull();
    expect(el.querySelector('main#main-content')?.textContent).toContain('Orders content');
    expect(el.querySelector('[data-testid=current-user]')?.textContent).toContain('alice');
    expect(el.querySelector('[data-testid=current-user]')?.textContent).toContain('viewer');
  });

  it('signs out and goes to /login', async () => {
    const { el, harness, router } = await setup();
    const signOut = Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Sign out'))!;
    signOut.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
    expect(router.url).toBe('/login');
  });

  it('skips to the main content without leaving the page', async () => {
    const { el, router } = await setup();
    const skip = el.querySelector('.skip-link') as HTMLAnchorElement;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    skip.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(el.querySelector('main'));
    expect(router.url).toBe('/orders');
  });
});
