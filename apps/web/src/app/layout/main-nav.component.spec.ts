import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { seedSession, TEST_USER } from '../testing/session';
import { MainNavComponent } from './main-nav.component';

@Component({ imports: [MainNavComponent], template: '<ibsc-main-nav />' })
class PageWithNav {}

describe('MainNavComponent', () => {
  async function renderAt(url: string) {
    TestBed.configureTestingModule({
      providers: [provideRouter(['scanner', 'orders', 'positions', 'history', 'system', 'api-keys'].map((path) => ({ path, component: PageWithNav })))],
    });
    const harness = await RouterTestingHarness.create(url);
    return harness.routeNativeElement as HTMLElement;
  }

  it('is a labelled nav landmark with every section', async () => {
    const el = await renderAt('/scanner');
    const nav = el.querySelector('nav');
    expect(nav?.getAttribute('aria-label')).toBe('Main');
    expect(Array.from(nav!.querySelectorAll('a')).map((a) => [a.textContent?.trim(), a.getAttribute('href')])).toEqual([
      ['Scanner', '/scanner'],
      ['Orders', '/orders'],
      ['Positions', '/positions'],
      ['History', '/history'],
      ['System', '/system'],
    ]);
  });

  it('shows API keys to an admin only', async () => {
    sessionStorage.clear();
    seedSession('jwt-token', { ...TEST_USER, role: 'admin' });
    const el = await renderAt('/scanner');
    expect(Array.from(el.querySelectorAll('nav a')).map((a) => a.getAttribute('href'))).toContain('/api-keys');
    sessionStorage.clear();
  });

  it('marks only the active link with aria-current="page"', async () => {
    const el = await renderAt('/orders');
    const current = Array.from(el.querySelectorAll('a[aria-current="page"]'));
    expect(current.map((a) => a.textContent?.trim())).toEqual(['Orders']);
    expect(current[0].classList).toContain('active');
  });
});
