import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { STATUS_SOCKET_FACTORY } from '../core/system-status/status-socket';
import { type FakeStatusSocket, fakeSocketFactory, makeStatus } from '../testing/fake-status-socket';
import { seedSession } from '../testing/session';
import { formatAge, StatusBarComponent } from './status-bar.component';

describe('StatusBarComponent', () => {
  let socket: () => FakeStatusSocket;

  async function render(signedIn = true) {
    sessionStorage.clear();
    if (signedIn) seedSession();
    const fake = fakeSocketFactory();
    socket = () => fake.sockets[fake.sockets.length - 1];
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), { provide: STATUS_SOCKET_FACTORY, useValue: fake.factory }],
    });
    const fixture = TestBed.createComponent(StatusBarComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    /** Plays server events, then lets the view update. */
    const emit = async (event: string, ...args: unknown[]) => {
      socket().fire(event, ...args);
      await fixture.whenStable();
    };
    return { el, emit, text: () => el.textContent?.replace(/\s+/g, ' ') ?? '' };
  }

  it('is a labelled landmark', async () => {
    const { el } = await render();
    expect(el.getAttribute('role')).toBe('contentinfo');
    expect(el.getAttribute('aria-label')).toBe('System status');
  });

  it('asks to sign in when there is no session', async () => {
    const { text } = await render(false);
    expect(text()).toContain('Sign in to see live status');
  });

  it('shows every field of a healthy heartbeat', async () => {
    const { el, emit, text } = await render();
    expect(text()).toContain('Connecting to server');

    await emit('connect');
    await emit(
      'system.status',
      makeStatus({
        uptimeSeconds: 3_725,
        marketData: { active: 30, max: 90, waiting: 0 },
        requests: { queueDepth: 3, throttled: false },
        database: 'up',
      }),
    );

    expect(text()).toContain('Simulator');
    expect(text()).toContain('ready');
    expect(el.querySelector('.pulse')).toBeNull();
    expect(el.querySelector('[data-testid=uptime]')?.textContent).toBe('01:02:05');
    expect(el.querySelector('[role=meter]')?.textContent).toContain('30/90');
    expect(el.querySelector('.usage-meter--warning')).toBeNull();
    expect(el.querySelector('[data-testid=queue-depth]')?.textContent).toBe('3');
    expect(el.querySelector('[data-testid=throttled]')).toBeNull();
    expect(el.querySelector('.badge--ok')?.textContent?.trim()).toBe('up');
    expect(text()).not.toContain('Disconnected');
  });

  it('pulses when the gateway is not ready and says a restart is expected', async () => {
    const { el, emit, text } = await render();
    await emit('connect');
    await emit('system.status', makeStatus({ gateway: { kind: 'tws', state: 'restoring', expectedRestart: true } }));
    expect(text()).toContain('TWS');
    expect(text()).toContain('restoring');
    expect(el.querySelector('.gateway__dot.pulse')).not.toBeNull();
    expect(text()).toContain('expected restart');

    await emit('system.status', makeStatus({ gateway: { kind: 'tws', state: 'ready' } }));
    expect(el.querySelector('.pulse')).toBeNull();
    expect(text()).not.toContain('expected restart');
  });

  it('follows each pushed state of a gateway restart, pulsing until ready', async () => {
    const { el, emit } = await render();
    const shown = () => el.querySelector('.gateway')?.getAttribute('data-state');
    await emit('connect');
    for (const state of ['ready', 'disconnected', 'connecting', 'disconnected', 'connecting', 'restoring', 'ready'] as const) {
      await emit('system.status', makeStatus({ gateway: { state } }));
      expect(shown()).toBe(state);
      expect(el.querySelector('.gateway__state')?.textContent).toBe(state);
      expect(el.querySelector('.gateway__dot.pulse') !== null).toBe(state !== 'ready');
    }
  });

  it('warns when market-data lines are above 80 % and shows throttling, waiting lines and a database outage', async () => {
    const { el, emit, text } = await render();
    await emit('connect');
    await emit(
      'system.status',
      makeStatus({
        marketData: { active: 81, max: 90, waiting: 4 },
        requests: { queueDepth: 17, throttled: true },
        database: 'down',
      }),
    );
    expect(el.querySelector('.usage-meter--warning')).not.toBeNull();
    expect(text()).toContain('+4 waiting');
    expect(el.querySelector('[data-testid=throttled]')?.textContent).toContain('throttled');
    expect(el.querySelector('[data-testid=queue-depth]')?.textContent).toBe('17');
    expect(el.querySelector('.badge--danger')?.textContent?.trim()).toBe('down');
  });

  it('shows the newest gateway error, or else the last one the server pushed', async () => {
    const { el, emit } = await render();
    const lastError = () => el.querySelector('.status-bar__error .value')?.textContent;
    await emit('connect');
    await emit('system.error', { message: 'Scan failed' });
    expect(lastError()).toBe('Scan failed');

    await emit(
      'system.status',
      makeStatus({
        lastErrors: [
          { at: '2026-11-21T10:00:00.000Z', code: 162, message: 'Historical data pacing violation', reqId: 4 },
          { at: '2026-11-21T10:05:00.000Z', code: 200, message: 'No security definition', reqId: 9 },
        ],
      }),
    );
    expect(lastError()).toBe('200: No security definition');
  });

  it('ages the last gateway error on the server clock and mutes it once it is old', async () => {
    const { el, emit } = await render();
    const error = () => el.querySelector('.status-bar__error') as HTMLElement;
    await emit('connect');
    const at = '2026-11-21T14:28:00.000Z';
    await emit('system.status', makeStatus({ at: '2026-11-21T14:30:00.000Z', lastErrors: [{ at, code: 502, message: "Couldn't connect to TWS", reqId: -1 }] }));
    expect(error().textContent).toContain('2 min ago');
    expect(error().classList).not.toContain('status-bar__error--old');
    expect(error().title).toContain(at);

    await emit('system.status', makeStatus({ at: '2026-11-21T15:30:00.000Z', lastErrors: [{ at, code: 502, message: "Couldn't connect to TWS", reqId: -1 }] }));
    expect(error().textContent).toContain('1 h ago');
    expect(error().classList).toContain('status-bar__error--old');
    expect(error().querySelector('.value')?.textContent).toBe("502: Couldn't connect to TWS");
  });

  it('makes a lost server connection obvious and keeps the last known state, dimmed', async () => {
    const { el, emit, text } = await render();
    await emit('connect');
    await emit('system.status', makeStatus());
    await emit('disconnect', 'transport close');

    const alert = el.querySelector('[role=alert]');
    expect(alert?.textContent).toContain('Disconnected from server');
    expect(alert?.querySelector('.pulse-dot')).not.toBeNull();
    expect(text()).toContain('last known state');
    expect(el.querySelector('.status-bar')?.getAttribute('data-link')).toBe('disconnected');

    await emit('connect');
    expect(el.querySelector('[role=alert]')).toBeNull();
  });

  it('says disconnected even before any status arrived', async () => {
    const { el, emit } = await render();
    await emit('connect_error', new Error('xhr poll error'));
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Disconnected from server');
    expect(el.querySelector('[role=alert]')?.getAttribute('title')).toBe('xhr poll error');
  });

  it('formats an age in words', () => {
    expect([0, 4_999, 40_000, 119_000, 3_599_000, 7_200_000].map(formatAge)).toEqual(['just now', 'just now', '40 s ago', '1 min ago', '59 min ago', '2 h ago']);
  });
});
