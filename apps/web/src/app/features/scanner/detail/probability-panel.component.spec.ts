import { TestBed } from '@angular/core/testing';
import { makeSpreadRow } from '../../../testing/spread-row.fixture';
import { ProbabilityPanelComponent } from './probability-panel.component';

describe('ProbabilityPanelComponent', () => {
  it('lists each probability with its value and its method, labelled', async () => {
    const fixture = TestBed.createComponent(ProbabilityPanelComponent);
    fixture.componentRef.setInput('row', makeSpreadRow({ popDelta: null }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const lines = Array.from(el.querySelectorAll('.probs__line')).map((l) => [l.querySelector('dt')?.textContent?.trim(), l.querySelector('strong')?.textContent?.trim(), l.querySelector('.probs__method')?.textContent?.trim()]);
    expect(lines[0]).toEqual(['Probability of profit', '78.1 %', 'risk-neutral N(d2) at breakeven, smile IV']);
    expect(lines[1]).toEqual(['POP, delta shortcut', 'not available', 'delta shortcut: |Δ| interpolated at breakeven (overstates P(ITM))']);
    expect(lines[2][0]).toBe('Probability of touch');
    expect(lines[2][2]).toContain('first passage');
    expect(lines.map((l) => l[0])).toEqual(['Probability of profit', 'POP, delta shortcut', 'Probability of touch', 'Expected value', 'IV at breakeven', 'Expected fill', 'IV rank', 'IV percentile', 'Risk-free rate', 'Dividend yield', 'Time to expiry']);
    expect(lines[8]).toEqual(['Risk-free rate', '4.50 %', 'continuously compounded, configured (SCAN_RISK_FREE_RATE)']);
    expect(lines[9][1]).toBe('1.20 %');
    expect(lines[9][2]).toContain('dividend tick (456)');
    expect(lines[10][1]).toBe('28.20 days');
    expect(el.querySelector('section')?.getAttribute('aria-labelledby')).toBe('probs-title');
  });
});
