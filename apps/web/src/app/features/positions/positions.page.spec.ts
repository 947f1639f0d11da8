import { TestBed } from '@angular/core/testing';
import { makePositions } from '../../testing/orders.fixture';
import { signedIn } from '../../testing/signed-in';
import { POSITIONS_URL } from './positions-api.service';
import { PositionsPage } from './positions.page';

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

  it('refreshes on a fill', async () => {
    const { t, fixture } = await render();
    t.http().expectOne(POSITIONS_URL).flush(makePositions());
    await fixture.whenStable();
    t.socket().fire('orders.fill', { orderId: 'o', orderRef: 'r', execId: 'e', quantity: 1, price: -1, filledQuantity: 1, status: 'filled', at: '' });
    t.http().expectOne(POSITIONS_URL).flush(makePositions({ totals: { unrealizedPnl: -5, realizedPnl: 0, dailyPnl: -5 } }));
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('.totals .pnl--down')?.textContent).toBe('−$5.00');
  });

  it('says so when the positions API is missing', async () => {
    const { t, fixture, el } = await render();
    t.http().expectOne(POSITIONS_URL).flush('x', { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(el.textContent).toContain('not available on this server yet');
  });
});
