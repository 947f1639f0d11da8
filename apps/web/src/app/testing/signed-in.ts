import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { STATUS_SOCKET_FACTORY } from '../core/system-status/status-socket';
import { type FakeStatusSocket, fakeSocketFactory } from './fake-status-socket';
import { seedSession } from './session';

/**
 * A signed-in TestBed: a session, HTTP answered by the test (HttpTestingController), a fake socket.
 * `socket()` is the newest socket; `connect()` plays its "connect".
 */
export function signedIn(extra: Provider[] = []) {
  sessionStorage.clear();
  localStorage.clear();
  seedSession();
  const fake = fakeSocketFactory();
  TestBed.configureTestingModule({
    providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: STATUS_SOCKET_FACTORY, useValue: fake.factory }, ...extra],
  });
  return {
    http: () => TestBed.inject(HttpTestingController),
    socket: (): FakeStatusSocket => {
      const s = fake.sockets[fake.sockets.length - 1];
      if (!s) throw new Error('no socket opened yet');
      return s;
    },
  };
}

/** Lets AG Grid and Angular settle (the grid renders after its own timers). */
export async function settle(fixture: { whenStable(): Promise<unknown> }, ms = 60): Promise<void> {
  await fixture.whenStable();
  await new Promise((resolve) => setTimeout(resolve, ms));
  await fixture.whenStable();
}
