import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { fakeSocketFactory, makeStatus } from '../../testing/fake-status-socket';
import { loginResponse, seedSession } from '../../testing/session';
import { AuthService, LOGIN_URL } from '../auth/auth.service';
import { STATUS_SOCKET_FACTORY } from './status-socket';
import { SystemStatusService } from './system-status.service';

describe('SystemStatusService', () => {
  function setup() {
    const fake = fakeSocketFactory();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), { provide: STATUS_SOCKET_FACTORY, useValue: fake.factory }],
    });
    const service = TestBed.inject(SystemStatusService);
    TestBed.tick();
    return { service, sockets: fake.sockets, auth: TestBed.inject(AuthService) };
  }

  beforeEach(() => sessionStorage.clear());

  it('opens no socket while signed out', () => {
    const { service, sockets } = setup();
    expect(sockets).toHaveLength(0);
    expect(service.link()).toBe('signed-out');
  });

  it('connects with the session token and follows the server link', () => {
    seedSession('tok-1');
    const { service, sockets } = setup();
    expect(sockets).toHaveLength(1);
    expect(sockets[0].token).toBe('tok-1');
    expect(service.link()).toBe('connecting');

    sockets[0].fire('connect');
    expect(service.link()).toBe('connected');

    sockets[0].fire('disconnect', 'transport close');
    expect(service.link()).toBe('disconnected');
  });

  it('publishes each system.status heartbeat and keeps the last one after a disconnect', () => {
    seedSession();
    const { service, sockets } = setup();
    sockets[0].fire('connect');
    sockets[0].fire('system.status', makeStatus({ uptimeSeconds: 10 }));
    sockets[0].fire('system.status', makeStatus({ uptimeSeconds: 12 }));
    expect(service.status()?.uptimeSeconds).toBe(12);

    sockets[0].fire('disconnect', 'transport close');
    expect(service.status()?.uptimeSeconds).toBe(12);
  });

  it('reports why a connection was refused', () => {
    seedSession();
    const { service, sockets } = setup();
    sockets[0].fire('connect_error', new Error('unauthorized'));
    expect(service.link()).toBe('disconnected');
    expect(service.linkError()).toBe('unauthorized');
  });

  it('keeps the last server-pushed error', () => {
    seedSession();
    const { service, sockets } = setup();
    sockets[0].fire('system.error', { message: 'Scanner crashed' });
    expect(service.serverError()).toBe('Scanner crashed');
  });

  it('closes the socket on logout', () => {
    seedSession('old');
    const { service, sockets, auth } = setup();
    sockets[0].fire('system.status', makeStatus());

    auth.logout();
    TestBed.tick();
    expect(sockets[0].disconnected).toBe(true);
    expect(sockets[0].listeners.size).toBe(0);
    expect(service.link()).toBe('signed-out');
    expect(service.status()).toBeNull();
  });

  it('reconnects with the new token after a login', () => {
    const fake = fakeSocketFactory();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: STATUS_SOCKET_FACTORY, useValue: fake.factory }],
    });
    const service = TestBed.inject(SystemStatusService);
    TestBed.inject(AuthService).login({ username: 'alice', password: 'pw' }).subscribe();
    TestBed.inject(HttpTestingController).expectOne(LOGIN_URL).flush(loginResponse('fresh'));
    TestBed.tick();

    expect(fake.sockets.map((s) => s.token)).toEqual(['fresh']);
    expect(service.link()).toBe('connecting');
  });

  it('hands feature listeners every event, on sockets opened later too, until they stop listening', () => {
    const fake = fakeSocketFactory();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: STATUS_SOCKET_FACTORY, useValue: fake.factory }],
    });
    const service = TestBed.inject(SystemStatusService);
    const seen: number[] = [];
    const stop = service.on('scan.delta', (d) => seen.push(d.seq));
    TestBed.inject(AuthService).login({ username: 'alice', password: 'pw' }).subscribe();
    TestBed.inject(HttpTestingController).expectOne(LOGIN_URL).flush(loginResponse('fresh'));
    TestBed.tick();
    const socket = fake.sockets[0];
    socket.fire('scan.delta', { seq: 1, at: '', added: [], updated: [], removed: [] });
    stop();
    socket.fire('scan.delta', { seq: 2, at: '', added: [], updated: [], removed: [] });
    expect(seen).toEqual([1]);
  });

  it('counts connections so subscribers can resync after a reconnect', () => {
    seedSession();
    const { service, sockets } = setup();
    expect(service.connects()).toBe(0);
    sockets[0].fire('connect');
    sockets[0].fire('disconnect', 'transport close');
    sockets[0].fire('connect');
    expect(service.connects()).toBe(2);
  });

  it('asks for a scan resync and resolves with the reply, or null when offline or silent', async () => {
    seedSession();
    const { service, sockets } = setup();
    expect(await service.resyncScan({ lastSeq: 3 })).toBeNull();
    sockets[0].fire('connect');
    const pending = service.resyncScan({ lastSeq: 3 });
    expect(sockets[0].emitted[0].args[0]).toEqual({ lastSeq: 3 });
    sockets[0].ack('scan.resync', { kind: 'deltas', deltas: [] });
    expect(await pending).toEqual({ kind: 'deltas', deltas: [] });
    expect(await service.resyncScan({ lastSeq: 3 }, 5)).toBeNull();
  });
});
