import { TestBed } from '@angular/core/testing';
import { makeSpreadRow } from '../../../testing/spread-row.fixture';
import { PayoffChartComponent } from './payoff-chart.component';

describe('PayoffChartComponent', () => {
  it('labels the chart for screen readers with the key numbers, and survives a browser without canvas', async () => {
    const fixture = TestBed.createComponent(PayoffChartComponent);
    fixture.componentRef.setInput('row', makeSpreadRow());
    await fixture.whenStable();
    const canvas = (fixture.nativeElement as HTMLElement).querySelector('canvas');
    expect(canvas?.getAttribute('role')).toBe('img');
    const label = canvas?.getAttribute('aria-label') ?? '';
    expect(label).toContain('max profit 96.70');
    expect(label).toContain('max loss 403.30');
    expect(label).toContain('breakeven 449.02');
    expect(label).toContain('spot 470.20');
    expect(label).toContain("Today's curve");
  });
});
