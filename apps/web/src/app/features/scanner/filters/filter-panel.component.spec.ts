import { TestBed } from '@angular/core/testing';
import { PRESETS_URL } from '../../../presets/presets-api.service';
import { signedIn } from '../../../testing/signed-in';
import { FilterPanelComponent, parseWidths } from './filter-panel.component';
import { RANGE_KEYS } from './filter-defs';
import { ScanFormService } from './scan-form.service';

describe('FilterPanelComponent', () => {
  async function render() {
    const t = signedIn();
    const fixture = TestBed.createComponent(FilterPanelComponent);
    t.http().expectOne(PRESETS_URL).flush([]);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement, form: TestBed.inject(ScanFormService), t };
  }

  it('shows every range filter of ScanFiltersDto with a switch, plus the single-value ones', async () => {
    const { el } = await render();
    const shown = Array.from(el.querySelectorAll('[data-filter]')).map((f) => f.getAttribute('data-filter'));
    expect([...shown].sort()).toEqual([...RANGE_KEYS].sort());
    const text = el.textContent ?? '';
    for (const label of ['Minimum credit', 'Maximum debit', 'Earnings before expiry', 'Rows missing a filtered field', 'Spread types', 'Widths', 'Fill k', 'Max rows']) {
      expect(text).toContain(label);
    }
    expect(el.querySelectorAll('[role=switch]').length).toBe(RANGE_KEYS.length + 4);
  });

  it('edits go to the form: spread types, widths, a switch', async () => {
    const { el, form, fixture } = await render();
    const bearCall = Array.from(el.querySelectorAll('.types label')).find((l) => l.textContent?.includes('Bear call'))?.querySelector('input') as HTMLInputElement;
    bearCall.click();
    const widths = Array.from(el.querySelectorAll('label')).find((l) => l.textContent?.includes('Widths'))?.querySelector('input') as HTMLInputElement;
    widths.value = '1, 2.5';
    widths.dispatchEvent(new Event('change'));
    const minCredit = Array.from(el.querySelectorAll('.single__toggle')).find((l) => l.textContent?.includes('Minimum credit'))?.querySelector('input') as HTMLInputElement;
    minCredit.click();
    await fixture.whenStable();
    expect(form.state().spreadTypes).toEqual(['bull-put']);
    expect(form.state().widths).toEqual([1, 2.5]);
    expect(form.request().filters?.minCredit).toBe(0.3);
  });

  it('shows the API messages next to the field they name', async () => {
    const { el, form, fixture } = await render();
    form.setApiError({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'bad', details: [{ field: 'symbols', problems: ['unknown symbol ZZZZ'] }, { field: 'filters.ivRank.min', problems: ['ivRank too high'] }] });
    await fixture.whenStable();
    expect(el.querySelector('ibsc-symbol-picker [role=alert]')?.textContent).toContain('unknown symbol ZZZZ');
    expect(el.querySelector('[data-filter=ivRank] [role=alert]')?.textContent).toContain('ivRank too high');
  });

  it('focuses the first filter on request (Ctrl/⌘+F)', async () => {
    const { fixture } = await render();
    fixture.componentInstance.focus();
    expect(document.activeElement?.id).toBe('symbol-input');
  });

  it('parses widths', () => {
    expect(parseWidths('1, 2.5 5')).toEqual([1, 2.5, 5]);
    expect(parseWidths('1, x')).toBeNull();
  });
});
