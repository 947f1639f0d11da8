import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AppComponent } from './app.component';
import { STATUS_SOCKET_FACTORY } from './core/system-status/status-socket';
import { fakeSocketFactory } from './testing/fake-status-socket';

describe('AppComponent', () => {
  it('renders the routed page and the status bar', async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideRouter([]), { provide: STATUS_SOCKET_FACTORY, useValue: fakeSocketFactory().factory }],
    });
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('router-outlet')).not.toBeNull();
    expect(el.querySelector('ibsc-status-bar[role=contentinfo]')?.textContent).toContain('Sign in to see live status');
  });
});
