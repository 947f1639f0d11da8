import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { STATUS_SOCKET_FACTORY } from '../../core/system-status/status-socket';
import { type FakeStatusSocket, fakeSocketFactory, makeStatus } from '../../testing/fake-status-socket';
import { seedSession, TEST_USER } from '../../testing/session';
import { signedIn } from '../../testing/signed-in';
import { SIMULATOR_FAULTS_URL, SYSTEM_URL } from './system-api.service';
import { SystemPage } from './system.page';

describe('SystemPage', () => {
  async function render() {
    sessionStorage.clear();
    seedSession();
    const fake = fakeSocketFactory();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), { provide: STATUS_SOCKET_FACTORY, useValue: fake.factory }],
    });
    const fixture = TestBed.createComponent(SystemPage);
    await fixture.whenStable();
    const socket: FakeStatusSocket = fake.sockets[0];
    const emit = async (event: string, ...args: unknown[]) => {
      socket.fire(event, ...args);
      await fixture.whenStable();
    };
    return { el: fixture.nativeElement as HTMLElement, emit };
  }

  const field = (el: HTMLElement, label: string) =>
    Array.from(el.querySelectorAll('dt'))
      .find((dt) => dt.textContent?.trim() === label)
      ?.nextElementSibling?.textContent?.trim();

  it('waits for the first heartbeat', async () => {
    const { el } = await render();
    expect(el.textContent).toContain('No status yet');
  });

  it('shows the latest status in detail', async () => {
    const { el, emit } = await render();
    await emit('connect');
    await emit(
      'system.status',
      makeStatus({
        version: '1.2.3',
        uptimeSeconds: 90_061,
        gateway: { kind: 'tws', state: 'degraded', host: 'gw.local', port: 4001, accountId: 'U999' },
        marketData: { active: 50, max: 100, waiting: 2 },
        requests: { queueDepth: 7, throttled: true },
        database: 'up',
        lastErrors: [{ at: '2026-11-21T10:00:00.000Z', code: 354, message: 'Not subscribed', reqId: 12 }],
        session: { replicaId: 'api-b', role: 'owner', owner: 'api-b', epoch: 7, acquiredAt: '2026-11-21T09:00:00.000Z', lastFailoverAt: '2026-11-21T09:00:00.000Z', previousOwner: 'api-a', failovers: 2 },
      }),
    );
    expect(field(el, 'Owner replica')).toBe('api-b');
    expect(field(el, 'Fencing epoch')).toBe('7');
    expect(field(el, 'Last fail-over')).toContain('(from api-a)');
    expect(field(el, 'Take-overs')).toBe('2');

    expect(field(el, 'State')).toContain('TWS');
    expect(field(el, 'State')).toContain('degraded');
    expect(field(el, 'Address')).toBe('gw.local:4001');
    expect(field(el, 'Account')).toBe('U999');
    expect(field(el, 'Market-data lines')).toContain('50/100');
    expect(field(el, 'Waiting for a line')).toBe('2');
    expect(field(el, 'Request queue')).toBe('7');
    expect(field(el, 'Pacing')).toBe('Throttled');
    expect(field(el, 'Version')).toBe('1.2.3');
    expect(field(el, 'Uptime')).toBe('1d 01:01:01');
    expect(field(el, 'Database')).toBe('up');
    const row = el.querySelector('tbody tr')?.textContent ?? '';
    expect(row).toContain('354');
    expect(row).toContain('Not subscribed');
    expect(row).toContain('12');
  });

  it('says when the server is unreachable, keeping the last status', async () => {
    const { el, emit } = await render();
    await emit('connect');
    await emit('system.status', makeStatus());
    await emit('disconnect', 'transport close');
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Disconnected from server');
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Showing the last status received');
    expect(el.textContent).toContain('No errors reported');
  });

  it('shows the connection details, data farms, and reconnects the gateway on request', async () => {
    const t = signedIn();
    const fixture = TestBed.createComponent(SystemPage);
    await fixture.whenStable();
    t.socket().fire('connect');
    t.socket().fire(
      'system.status',
      makeStatus({
        gateway: { clientId: 7, usingFallbackClientId: true, serverVersion: 176, reconnects: 2, nextOrderId: 1001, farms: { market: 'ok', hmds: 'broken', secdef: 'unknown' }, expectedRestart: true },
        requests: { queueDepth: 0, throttled: false, backpressure: 'elevated', ratePerSec: 31.5, inFlight: 4 },
      }),
    );
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(field(el, 'Client id')).toBe('7 (fallback after error 326)');
    expect(field(el, 'Server version')).toBe('176');
    expect(field(el, 'Next order id')).toBe('1001');
    expect(field(el, 'Historical data farm')).toBe('broken');
    expect(field(el, 'Restart window')).toContain('now');
    expect(field(el, 'Backpressure')).toBe('elevated');
    expect(field(el, 'Message rate')).toBe('31.5 /s');
    (Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Reconnect gateway')) as HTMLButtonElement).click();
    t.http().expectOne({ url: SYSTEM_URL + '/reconnect', method: 'POST' }).flush({});
    await fixture.whenStable();
    expect(el.textContent).toContain('Reconnect requested');
    expect(el.querySelector('[data-testid=simulated-gateway]')).toBeNull(); // a trader: no fault drills
  });

  it('gives an admin the simulated gateway panel, whose restart goes to the fault endpoint', async () => {
    const t = signedIn();
    seedSession('jwt-token', { ...TEST_USER, role: 'admin' });
    const fixture = TestBed.createComponent(SystemPage);
    await fixture.whenStable();
    t.socket().fire('connect');
    t.socket().fire('system.status', makeStatus({ gateway: { kind: 'simulator' } }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const panel = el.querySelector('[data-testid=simulated-gateway]') as HTMLElement;
    expect(panel.querySelector('h2')?.textContent).toBe('Simulated gateway');
    (Array.from(panel.querySelectorAll('button')).find((b) => b.textContent?.includes('Restart gateway')) as HTMLButtonElement).click();
    expect(t.http().expectOne(SIMULATOR_FAULTS_URL).request.body).toEqual({ kind: 'restart', downMs: 3000 });
  });
});
