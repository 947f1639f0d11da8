import { TestBed } from '@angular/core/testing';
import type { PresetView } from '@ibsc/shared-dto';
import { PRESETS_URL } from '../../../presets/presets-api.service';
import { signedIn } from '../../../testing/signed-in';
import { ToastService } from '../../../core/toast/toast.service';
import { PresetBarComponent } from './preset-bar.component';
import { ScanFormService } from './scan-form.service';

const preset = (id: string, name: string, filters: Record<string, unknown>): PresetView => ({
  id,
  name,
  description: null,
  filters,
  ownerId: 'u1',
  owner: 'alice',
  shared: false,
  editable: true,
  createdAt: '2026-11-20T00:00:00.000Z',
  updatedAt: '2026-11-20T00:00:00.000Z',
});

describe('PresetBarComponent', () => {
  async function render(list: PresetView[]) {
    const t = signedIn();
    const fixture = TestBed.createComponent(PresetBarComponent);
    t.http().expectOne(PRESETS_URL).flush(list);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const button = (text: string) => Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim().startsWith(text)) as HTMLButtonElement;
    return { t, fixture, el, button, form: TestBed.inject(ScanFormService) };
  }

  it('loads a filters-only preset without touching the universe', async () => {
    const { el, form } = await render([preset('p2', 'Liquid', { legOpenInterest: { min: 500 } })]);
    form.update((s) => ({ ...s, symbols: ['NVDA'] }));
    const select = el.querySelector('#preset-select') as HTMLSelectElement;
    select.value = 'p2';
    select.dispatchEvent(new Event('change'));
    expect(form.state().symbols).toEqual(['NVDA']);
    expect(form.request().filters).toEqual({ legOpenInterest: { min: 500 } });
  });

  it('loads a whole-request preset into the form on choosing it', async () => {
    const { el, form } = await render([preset('p1', 'Weekly credit', { symbols: ['TSLA'], spreadTypes: ['bull-put'], widths: [5], filters: { pop: { min: 0.8 } } })]);
    const select = el.querySelector('#preset-select') as HTMLSelectElement;
    select.value = 'p1';
    select.dispatchEvent(new Event('change'));
    expect(form.state().symbols).toEqual(['TSLA']);
    expect(form.state().ranges.pop).toEqual({ enabled: true, min: 0.8, max: null });
    expect(form.presetId()).toBe('p1');
  });

  it('saves the whole filter set under a name, and shows the API refusal', async () => {
    const { t, fixture, el, button, form } = await render([]);
    button('Save as').click();
    await fixture.whenStable();
    const name = el.querySelector('#preset-name') as HTMLInputElement;
    name.value = 'Mine';
    name.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    button('Save').click();
    const req = t.http().expectOne((r) => r.url === PRESETS_URL && r.method === 'POST');
    expect(req.request.body.name).toBe('Mine');
    expect(req.request.body.filters).toEqual({ dte: { min: 7, max: 45 }, shortDelta: { min: 0.15, max: 0.35 }, pop: { min: 0.6, max: 1 }, earnings: 'flag' });
    expect(form.state().symbols).toEqual(['SPY', 'QQQ', 'IWM']);
    req.flush({ statusCode: 409, error: 'Conflict', message: 'A preset named "Mine" exists' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('A preset named "Mine" exists');
  });

  it("shows who shares a preset and keeps someone else's shared preset read-only", async () => {
    const theirs = { ...preset('p9', 'Team weekly', {}), ownerId: 'u2', owner: 'bob', shared: true, editable: false };
    const mine = { ...preset('p1', 'Mine', {}), shared: true };
    const { fixture, el, button, form } = await render([mine, theirs]);
    const labels = Array.from(el.querySelectorAll('#preset-select option')).map((o) => o.textContent?.trim());
    expect(labels).toEqual(expect.arrayContaining(['Mine (shared)', 'Team weekly (shared by bob)']));
    form.presetId.set('p9');
    await fixture.whenStable();
    expect(button('Update').disabled).toBe(true);
    expect(button('Delete').disabled).toBe(true);
    expect(button('Update').title).toContain('bob');
    form.presetId.set('p1');
    await fixture.whenStable();
    expect(button('Update').disabled).toBe(false);
    expect(button('Delete').disabled).toBe(false);
  });

  it('saves a preset shared with everyone when asked', async () => {
    const { t, fixture, el, button } = await render([]);
    button('Save as').click();
    await fixture.whenStable();
    const name = el.querySelector('#preset-name') as HTMLInputElement;
    name.value = 'For the desk';
    name.dispatchEvent(new Event('input'));
    const share = el.querySelector('.presets__share input') as HTMLInputElement;
    share.checked = true;
    share.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    button('Save').click();
    const req = t.http().expectOne((r) => r.url === PRESETS_URL && r.method === 'POST');
    expect(req.request.body).toMatchObject({ name: 'For the desk', shared: true });
  });

  it('deletes only after a second, explicit click', async () => {
    const { t, fixture, el, button, form } = await render([preset('p1', 'Old', {})]);
    form.presetId.set('p1');
    await fixture.whenStable();
    button('Delete').click();
    await fixture.whenStable();
    t.http().expectNone((r) => r.method === 'DELETE');
    button('Delete “Old”?').click();
    t.http().expectOne(`${PRESETS_URL}/p1`).flush(null);
    await fixture.whenStable();
    expect(form.presetId()).toBeNull();
    expect(Array.from(el.querySelectorAll('#preset-select option')).map((o) => o.textContent?.trim())).toEqual(['No presets saved']);
  });

  it('imports an export file with the chosen mode and reports the counts', async () => {
    const { t, fixture, el } = await render([]);
    const file = new File([JSON.stringify({ format: 'ibsc-presets', version: 1, exportedAt: 'x', presets: [{ name: 'A', description: null, filters: {} }] })], 'p.json');
    const input = el.querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    // the file is read asynchronously: wait until the import request is made, not a fixed delay
    let found = t.http().match(`${PRESETS_URL}/import`);
    for (let i = 0; i < 200 && found.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      found = t.http().match(`${PRESETS_URL}/import`);
    }
    expect(found).toHaveLength(1);
    const req = found[0];
    expect(req.request.body).toEqual({ mode: 'skip', presets: [{ name: 'A', filters: {} }] });
    req.flush({ created: 1, updated: 0, skipped: 0 });
    t.http().expectOne(PRESETS_URL).flush([]);
    await fixture.whenStable();
    expect(TestBed.inject(ToastService).toasts().map((x) => x.message)).toContain('1 created, 0 updated, 0 skipped');
  });

  it('refuses a file that is not an export', async () => {
    const { fixture, el } = await render([]);
    const input = el.querySelector('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['{"a":1}'], 'x.json')] });
    input.dispatchEvent(new Event('change'));
    // the file is read asynchronously: wait for the answer, not a fixed delay (slow on a loaded machine)
    for (let i = 0; i < 200 && !el.querySelector('[role=alert]'); i++) {
      await new Promise((r) => setTimeout(r, 10));
      await fixture.whenStable();
      fixture.detectChanges();
    }
    expect(el.querySelector('[role=alert]')?.textContent).toContain('not a preset export');
  });

  it('exports to a downloaded file', async () => {
    const { t, button } = await render([]);
    const create = jest.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    button('Export').click();
    t.http().expectOne(`${PRESETS_URL}/export`).flush({ format: 'ibsc-presets', version: 1, exportedAt: '2026-11-21T00:00:00Z', presets: [] });
    expect(create).toHaveBeenCalled();
    expect(click).toHaveBeenCalled();
    click.mockRestore();
  });
});
