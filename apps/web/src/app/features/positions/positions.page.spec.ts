import { TestBed } from '@angular/core/testing';
import { makePositions } from '../../testing/orders.fixture';
import { seedSession, TEST_USER } from '../../testing/session';
import { signedIn } from '../../testing/signed-in';
import { IDEMPOTENCY_KEY_HEADER, type PlaceOrderResult } from '@ibsc/shared-dto';
import { makeOrder } from '../../testing/orders.fixture';
import { closePositionUrl, POSITIONS_URL } from './positions-api.service';
import { POSITIONS_REFRESH_MS, PositionsPage } from './positions.page';

describe('PositionsPage', () => {
  async function render(role: 'trader' | 'viewer' = 'trader') {
    const t = signedIn();
    if (role !== 'trader') seedSession('jwt-token', { ...TEST_USER, role });
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
  describe('Close', () => {
    const open = () => makePositions({ positions: [{ ...makePositions().positions[0], positionKey: '3f2c9a1e-0000-4000-8000-000000000001', quantity: 2 }] });
    const button = (el: HTMLElement) => el.querySelector<HTMLButtonElement>('[data-testid="close-position"]');

    it('confirms the closing order (side, quantity, spread, price) and sends it once with its Idempotency-Key; a retry reuses the key', async () => {
      const { t, fixture, el } = await render();
      t.http().expectOne(POSITIONS_URL).flush(open());
      await fixture.whenStable();
      button(el)!.click();
      await fixture.whenStable();
      const summary = () => el.querySelector('[data-testid="close-summary"]')?.textContent?.trim();
      expect(summary()).toBe('SELL 2 × SPY bull-put 445/450 2026-12-19 at natural (mark now -0.80), DAY');
      // one of two, at a manual limit prefilled with the mark: a debit to buy the credit spread back
      const q = el.querySelector<HTMLInputElement>('[data-testid="close-quantity"]')!;
      q.value = '1';
      q.dispatchEvent(new Event('input'));
      const mode = el.querySelector<HTMLSelectElement>('[data-testid="close-price-mode"]')!;
      mode.value = 'manual';
      mode.dispatchEvent(new Event('change'));
      await fixture.whenStable();
      const limit = el.querySelector<HTMLInputElement>('[data-testid="close-limit"]')!;
      limit.value = '-0.95';
      limit.dispatchEvent(new Event('input'));
      await fixture.whenStable();
      expect(summary()).toBe('SELL 1 × SPY bull-put 445/450 2026-12-19 at limit -0.95 (a debit of 0.95 per spread), DAY');

      el.querySelector<HTMLButtonElement>('[data-testid="close-confirm"]')!.click();
      const first = t.http().expectOne(closePositionUrl('3f2c9a1e-0000-4000-8000-000000000001'));
      expect(first.request.method).toBe('POST');
      expect(first.request.body).toEqual({ quantity: 1, priceMode: 'manual', limit: -0.95, tif: 'DAY' });
      const key = first.request.headers.get(IDEMPOTENCY_KEY_HEADER);
      expect(key).toMatch(/^[0-9a-f-]{36}$/);
      first.flush({ statusCode: 503, code: 'GATEWAY_UNAVAILABLE', error: 'Service Unavailable', message: 'the gateway did not answer' }, { status: 503, statusText: 'Service Unavailable' });
      await fixture.whenStable();
      expect(el.querySelector('[data-testid="close-error"]')?.textContent).toContain('Retrying is safe');

      el.querySelector<HTMLButtonElement>('[data-testid="close-confirm"]')!.click();
      const retry = t.http().expectOne(closePositionUrl('3f2c9a1e-0000-4000-8000-000000000001'));
      expect(retry.request.headers.get(IDEMPOTENCY_KEY_HEADER)).toBe(key);
      retry.flush({ order: makeOrder({ orderRef: 'ibsc-close-1', action: 'SELL', quantity: 1, intent: 'close', exitRole: 'manual' }), replayed: false } as PlaceOrderResult);
      await fixture.whenStable();
      expect(el.querySelector('[data-testid="close-panel"]')).toBeNull();
      expect(el.querySelector('[data-testid="close-sent"]')?.getAttribute('data-order-ref')).toBe('ibsc-close-1');
      t.http().verify();
    });

    it('refuses a quantity above the open one before sending', async () => {
      const { t, fixture, el } = await render();
      t.http().expectOne(POSITIONS_URL).flush(open());
      await fixture.whenStable();
      button(el)!.click();
      await fixture.whenStable();
      const q = el.querySelector<HTMLInputElement>('[data-testid="close-quantity"]')!;
      q.value = '3';
      q.dispatchEvent(new Event('input'));
      await fixture.whenStable();
      expect(el.querySelector('.close-panel [role="alert"]')?.textContent).toContain('from 1 to 2');
      expect(el.querySelector<HTMLButtonElement>('[data-testid="close-confirm"]')!.disabled).toBe(true);
      t.http().verify();
    });

    it('no Close for a read-only user, nor on a closed position (shown Closed)', async () => {
      const viewer = await render('viewer');
      viewer.t.http().expectOne(POSITIONS_URL).flush(open());
      await viewer.fixture.whenStable();
      expect(viewer.el.querySelector('[data-testid="positions-table"]')).not.toBeNull();
      expect(button(viewer.el)).toBeNull();
      TestBed.resetTestingModule();

      const { t, fixture, el } = await render();
      t.http().expectOne(POSITIONS_URL).flush(makePositions({ positions: [{ ...open().positions[0], quantity: 0, realizedPnl: 15 }] }));
      await fixture.whenStable();
      expect(button(el)).toBeNull();
      expect(el.querySelector('[data-testid="position-closed"]')?.textContent).toBe('Closed');
    });
  });
});
