import { TestBed } from '@angular/core/testing';
import { makeSpreadRow } from '../../../testing/spread-row.fixture';
import { SpreadDetailComponent } from './spread-detail.component';

describe('SpreadDetailComponent', () => {
  async function render(overrides = {}) {
    const fixture = TestBed.createComponent(SpreadDetailComponent);
    fixture.componentRef.setInput('row', makeSpreadRow(overrides));
    const trades: string[] = [];
    let closed = 0;
    fixture.componentInstance.trade.subscribe((id) => trades.push(id));
    fixture.componentInstance.closed.subscribe(() => closed++);
    await fixture.whenStable();
    return { el: fixture.nativeElement as HTMLElement, trades, closed: () => closed };
  }

  it('shows the legs, metrics, greeks and quote age, with the payoff chart and the probability panel', async () => {
    const { el } = await render();
    expect(el.querySelector('h2')?.textContent).toContain('SPY bull-put 450/445P · 2026-12-19 (28 DTE)');
    const legs = Array.from(el.querySelectorAll('.legs tbody th')).map((th) => th.textContent?.trim());
    expect(legs).toEqual(['Sell 450P', 'Buy 445P']);
    expect(el.textContent).toContain('Δ 12.50 · Γ -0.412 · Θ 4.10 · ν -8.25');
    expect(el.querySelector('[data-testid=quote-age]')?.textContent).toBe('1.5 s');
    expect(el.querySelector('ibsc-payoff-chart')).not.toBeNull();
    expect(el.querySelector('ibsc-probability-panel')).not.toBeNull();
    expect(el.textContent).toContain('MISSING_VOLUME');
  });

  it('says how the options settle: an ETF American and PM, an SPX monthly AM, European and cash-settled', async () => {
    const etf = (await render()).el.querySelector('[data-testid=settlement]') as HTMLElement;
    expect(etf.textContent?.trim()).toBe('SPY · PM · American');
    expect(etf.title).toContain('may be assigned any day');
    const spx = (await render({ symbol: 'SPX', tradingClass: 'SPX', settlement: 'AM', exercise: 'european', cashSettled: true })).el.querySelector('[data-testid=settlement]') as HTMLElement;
    expect(spx.textContent?.trim()).toBe('SPX · AM · European · cash');
    expect(spx.title).toContain('opening prints of the expiry day; trading ends the business day before');
    expect(spx.title).toContain('settles in cash');
  });

  it('says "not available" for missing greeks', async () => {
    const { el } = await render({ greeks: null, greeksSource: 'none' });
    expect(el.textContent).toContain('Greeks (none)');
    expect(el.textContent).toContain('not available');
  });

  it('asks for a ticket and closes', async () => {
    const { el, trades, closed } = await render();
    (Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Trade')) as HTMLButtonElement).click();
    (el.querySelector('[aria-label="Close the spread detail"]') as HTMLButtonElement).click();
    expect(trades).toEqual(['SPY|20261219|bull-put|450/445']);
    expect(closed()).toBe(1);
  });
});
