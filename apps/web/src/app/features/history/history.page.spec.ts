import { TestBed } from '@angular/core/testing';
import { makeTrade } from '../../testing/orders.fixture';
import { signedIn } from '../../testing/signed-in';
import { dayBound, HistoryPage } from './history.page';
import { TRADES_URL } from './trades-api.service';

describe('HistoryPage', () => {
  async function render() {
    const t = signedIn();
    const fixture = TestBed.createComponent(HistoryPage);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const set = async (label: string, value: string, event = 'change') => {
      const input = Array.from(el.querySelectorAll('label')).find((l) => l.textContent?.includes(label))?.querySelector('input') as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event(event));
      await fixture.whenStable();
    };
    const submit = async () => {
      (Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Apply') as HTMLButtonElement).click();
      await fixture.whenStable();
    };
    return { t, fixture, el, set, submit };
  }

  it('has a heading and a clear empty state', async () => {
    const { t, fixture, el } = await render();
    t.http().expectOne(TRADES_URL).flush([]);
    await fixture.whenStable();
    expect(el.querySelector('h1')?.textContent).toBe('History');
    expect(el.querySelector('ibsc-empty-state h2')?.textContent).toContain('No trade history yet');
  });

  it('filters by dates and underlying, and lists trades newest first', async () => {
    const { t, fixture, el, set, submit } = await render();
    t.http().expectOne(TRADES_URL).flush([]);
    await set('From', '2026-11-01');
    await set('To', '2026-11-21');
    await set('Underlying', 'spy', 'input');
    await submit();
    const req = t.http().expectOne((r) => r.url === TRADES_URL);
    expect(req.request.params.get('from')).toBe(dayBound('2026-11-01', false));
    expect(req.request.params.get('to')).toBe(dayBound('2026-11-21', true));
    expect(req.request.params.get('underlying')).toBe('SPY');
    req.flush([makeTrade(), makeTrade({ execId: 'e-2', at: '2026-11-21T15:00:00.000Z', orderRef: 'IBSC-0002' })]);
    await fixture.whenStable();
    expect(el.querySelector('tbody tr')?.textContent).toContain('IBSC-0002');
  });

  it('checks the dates and shows the API field messages next to the field', async () => {
    const { t, fixture, el, set, submit } = await render();
    t.http().expectOne(TRADES_URL).flush([]);
    await set('From', '2026-11-21');
    await set('To', '2026-11-01');
    await submit();
    t.http().expectNone(TRADES_URL);
    expect(el.querySelector('#err-to')?.textContent).toContain('not be before');
    await set('To', '2026-11-22');
    await submit();
    t.http()
      .expectOne((r) => r.url === TRADES_URL)
      .flush({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'bad', details: [{ field: 'underlying', problems: ['unknown underlying'] }] }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(el.querySelector('#err-underlying')?.textContent).toContain('unknown underlying');
  });

  it('exports the server CSV with the same filters', async () => {
    const { t, fixture, el } = await render();
    t.http().expectOne(TRADES_URL).flush([makeTrade()]);
    await fixture.whenStable();
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:x'), revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    (Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes('Export CSV')) as HTMLButtonElement).click();
    const req = t.http().expectOne((r) => r.url === TRADES_URL && r.params.get('format') === 'csv');
    expect(req.request.responseType).toBe('text');
    req.flush('execId,at\ne-1,2026');
    expect(click).toHaveBeenCalled();
    click.mockRestore();
  });
});
