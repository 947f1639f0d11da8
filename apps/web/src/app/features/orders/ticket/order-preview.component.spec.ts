import { TestBed } from '@angular/core/testing';
import { makePreview } from '../../../testing/orders.fixture';
import { OrderPreviewComponent } from './order-preview.component';

describe('OrderPreviewComponent', () => {
  async function render(overrides = {}) {
    const fixture = TestBed.createComponent(OrderPreviewComponent);
    fixture.componentRef.setInput('preview', makePreview(overrides));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const field = (label: string) =>
      Array.from(el.querySelectorAll('dt'))
        .find((dt) => dt.textContent?.trim() === label)
        ?.nextElementSibling?.textContent?.replace(/\s+/g, ' ')
        .trim();
    return { el, field };
  }

  it('shows risk, reward, breakevens, margin now → after, commission and buying power', async () => {
    const { field } = await render();
    expect(field('Max loss (risk)')).toBe('$399.00');
    expect(field('Max profit')).toBe('$101.00');
    expect(field('Breakeven')).toBe('448.99');
    expect(field('Initial margin')).toBe('$10000.00 → $10500.00 (+500.00)');
    expect(field('Commission')).toBe('$2.60 (range 2.50–2.70) USD');
    expect(field('Buying-power change')).toBe('$-502.60');
  });

  it('says "not available" for every value IB left unset', async () => {
    const { field, el } = await render({ maxLoss: null, commission: null, commissionMin: null, commissionMax: null, buyingPowerChange: null, breakevens: [] });
    expect(field('Max loss (risk)')).toBe('not available');
    expect(field('Commission')).toBe('not available USD');
    expect(field('Buying-power change')).toBe('not available');
    expect(field('Breakeven')).toBe('not available');
    expect(el.textContent).toContain('IB left unset: equityWithLoan.after');
  });

  it('lists each risk check with pass or fail, and refuses when not allowed', async () => {
    const { el } = await render({ allowed: false, risk: [{ rule: 'dailyLossLimit', passed: false, message: 'daily loss limit reached', limit: 500, actual: 620 }] });
    const check = el.querySelector('.checks li');
    expect(check?.textContent).toContain('fail');
    expect(check?.textContent).toContain('dailyLossLimit');
    expect(check?.textContent).toContain('620 vs limit 500');
    expect(el.querySelector('[role=alert]')?.textContent).toContain('cannot be sent');
  });
});
