import { TestBed } from '@angular/core/testing';
import { RANGE_FILTERS } from './filter-defs';
import { parseBound, RangeFilterComponent } from './range-filter.component';
import type { RangeState } from './scan-form';

describe('RangeFilterComponent', () => {
  async function render(value: RangeState, errors: string[] = []) {
    const fixture = TestBed.createComponent(RangeFilterComponent);
    fixture.componentRef.setInput('def', RANGE_FILTERS.dte);
    fixture.componentRef.setInput('value', value);
    fixture.componentRef.setInput('errors', errors);
    const changes: RangeState[] = [];
    fixture.componentInstance.valueChange.subscribe((v) => changes.push(v));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    return { el, changes, fixture };
  }
  const input = (el: HTMLElement, label: string) => el.querySelector(`[aria-label="${label}"]`) as HTMLInputElement;

  it('has a labelled switch, two slider handles and two exact number boxes', async () => {
    const { el } = await render({ enabled: true, min: 7, max: 45 });
    expect(el.querySelector('[role=switch]')?.closest('label')?.textContent).toContain('Days to expiry');
    expect(input(el, 'Days to expiry minimum (slider)').value).toBe('7');
    expect(input(el, 'Days to expiry maximum (slider)').value).toBe('45');
    expect(input(el, 'Days to expiry minimum').value).toBe('7');
    expect(input(el, 'Days to expiry maximum').value).toBe('45');
  });

  it('takes exact typed values (blank = no bound) and switches on and off', async () => {
    const { el, changes } = await render({ enabled: true, min: 7, max: 45 });
    const max = input(el, 'Days to expiry maximum');
    max.value = '365';
    max.dispatchEvent(new Event('change'));
    const min = input(el, 'Days to expiry minimum');
    min.value = '';
    min.dispatchEvent(new Event('change'));
    (el.querySelector('[role=switch]') as HTMLInputElement).click();
    expect(changes).toEqual([
      { enabled: true, min: 7, max: 365 },
      { enabled: true, min: null, max: 45 },
      { enabled: false, min: 7, max: 45 },
    ]);
  });

  it('keeps the slider handles from crossing', async () => {
    const { el, changes } = await render({ enabled: true, min: 7, max: 45 });
    const lo = input(el, 'Days to expiry minimum (slider)');
    lo.value = '60';
    lo.dispatchEvent(new Event('input'));
    expect(changes[0]).toEqual({ enabled: true, min: 45, max: 45 });
  });

  it('disables its controls when off and shows the API messages, linked for screen readers', async () => {
    const { el } = await render({ enabled: false, min: 7, max: 45 }, ['filters.dte.max must be an integer from 0 to 1000']);
    expect(input(el, 'Days to expiry minimum').disabled).toBe(true);
    const errors = el.querySelector('[role=alert]');
    expect(errors?.textContent).toContain('must be an integer');
    expect(input(el, 'Days to expiry maximum').getAttribute('aria-describedby')).toBe(errors?.id);
    expect(input(el, 'Days to expiry maximum').getAttribute('aria-invalid')).toBe('true');
  });

  it('parses bounds', () => {
    expect(parseBound(' 12.5 ')).toBe(12.5);
    expect(parseBound('')).toBeNull();
    expect(parseBound('abc')).toBeUndefined();
  });
});
