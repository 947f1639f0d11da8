import { TestBed } from '@angular/core/testing';
import { makePositions } from '../../testing/orders.fixture';
import { signedIn } from '../../testing/signed-in';
import { POSITIONS_URL } from './positions-api.service';
import { POSITIONS_REFRESH_MS, PositionsPage } from './positions.page';

describe('PositionsPage', () => {
  async function render() {
    const t = signedIn();
    const fixture = TestBed.createComponent(PositionsPage);
    await fixture.whenStable();
    return { t, fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('has a heading and a clear empty state', async () => {
    const { t, fixture, el } = await render();
    expect(el.textContent).toContain('Loading positions');
    t.http().expectOne(POSITIONS_URL).flush(makePositions({ positions: [] }));
    await fixture.whenStable();
    expect(el.querySelector('h1')?.textContent).toBe('Positions');
    expect(el.querySelector('ibsc-empty-state h2')?.textContent).toContain('No open positions');
  });

  it('lists spreads with P&L, colour-coded, "not available" where IB had none', async () => {
    const { t, fixture, el } = await render();
    t.http().expectOne(POSITIONS_URL).flush(makePositions());
    await fixture.whenStable();
    const cells = Array.from(el.querySelectorAll('tbody td')).map((td) => td.textContent?.trim());
    expect(cells.slice(0, 3)).toEqual(['SPY', 'bull-put 445/450', '2026-12-19']);
    expect(cells).toContain('$20.00');
    expect(cells).toContain('not available');
    expect(el.querySelector('tbody .pnl--up')?.textContent).toBe('$20.00');
  });

  it('applies positions.update pushes live, without asking the server; an older view never replaces a newer one', async () => {
    const { t, fixture, el } = await render();
    t.http().expectOne(POSITIONS_URL).flush(makePositions());
    await fixture.whenStable();
    t.socket().fire('positions.update', makePositions({ totals: { unrealizedPnl: -5, realizedPnl: 0, dailyPnl: -5 }, asOf: '2026-11-21T14:31:02.000Z' }));
    await fixture.whenStable();
    expect(el.querySelector('.totals .pnl--down')?.textContent).toBe('−$5.00');
    t.socket().fire('positions.update', makePositions({ totals: { unrealizedPnl: 7, realizedPnl: 0, dailyPnl: 7 }, asOf: '2026-11-21T14:31:01.000Z' }));
    await fixture.whenStable();
    expect(el.querySelector('.totals .pnl--down')?.textContent).toBe('−$5.00');
    // a push that closes the last spread empties the page
    t.socket().fire('positions.update', makePositions({ positions: [], asOf: '2026-11-21T14:31:04.000Z' }));
    await fixture.whenStable();
    expect(el.querySelector('ibsc-empty-state h2')?.textContent).toContain('No open positions');
    t.http().verify();
  });

  it('shows a warning line when the gateway positions differ from the spreads', async () => {
    const { t, fixture, el } = await render();
    t.http().expectOne(POSITIONS_URL).flush(makePositions());
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="positions-drift"]')).toBeNull();
    const drift = {
      checkedAt: '2026-11-21T14:31:05.000Z',
      account: 'DU1234567',
      differences: [{ conId: 11, underlying: 'SPY', expiry: '20261219', label: 'SPY 20261219 445P', expected: 1, gateway: 0, kind: 'closed-outside' as const, positionKeys: ['p'] }],
    };
    t.socket().fire('positions.update', makePositions({ asOf: '2026-11-21T14:31:06.000Z', drift }));
    await fixture.whenStable();
    const line = el.querySelector('[data-testid="positions-drift"]');
    expect(line?.getAttribute('role')).toBe('alert');
    expect(line?.textContent).toContain('1 leg');
    expect(line?.textContent).toContain('SPY 20261219 445P closed-outside (ours 1, gateway 0)');
  });

  it('reloads after a reconnect (pushes sent while away are lost)', async () => {
    const { t, fixture } = await render();
    t.http().expectOne(POSITIONS_URL).flush(makePositions());
    await fixture.whenStable();
    t.socket().fire('connect');
    await fixture.whenStable();
    t.http().expectOne(POSITIONS_URL).flush(makePositions({ asOf: '2026-11-21T14:32:00.000Z' }));
    t.http().verify();
  });

  it('polls every few seconds only while the socket is down', () => {
    jest.useFakeTimers();
    try {
      const t = signedIn();
      TestBed.createComponent(PositionsPage);
      TestBed.tick();
      t.http().expectOne(POSITIONS_URL).flush(makePositions());
      t.socket().fire('connect');
      TestBed.tick();
      t.http().expectOne(POSITIONS_URL).flush(makePositions()); // the reload after connecting
      jest.advanceTimersByTime(3 * POSITIONS_REFRESH_MS);
      t.http().expectNone(POSITIONS_URL); // connected: the server pushes
      t.socket().fire('disconnect', 'transport close');
      jest.advanceTimersByTime(POSITIONS_REFRESH_MS);
      t.http().expectOne(POSITIONS_URL).flush(makePositions({ asOf: '2026-11-21T14:33:00.000Z' }));
      t.http().verify();
    } finally {
      jest.useRealTimers();
    }
  });

  it('says so when the positions API is missing', async () => {
    const { t, fixture, el } = await render();
    t.http().expectOne(POSITIONS_URL).flush('x', { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(el.textContent).toContain('not available on this server yet');
  });
});
