import { TestBed } from '@angular/core/testing';
import { SymbolPickerComponent } from './symbol-picker.component';

describe('SymbolPickerComponent', () => {
  async function render(symbols: string[]) {
    const fixture = TestBed.createComponent(SymbolPickerComponent);
    fixture.componentRef.setInput('symbols', symbols);
    const changes: string[][] = [];
    fixture.componentInstance.symbolsChange.subscribe((v) => changes.push(v));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const box = el.querySelector('#symbol-input') as HTMLInputElement;
    const type = async (text: string, key = 'Enter') => {
      box.value = text;
      box.dispatchEvent(new Event('input'));
      box.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true }));
      await fixture.whenStable();
    };
    return { el, box, type, changes };
  }

  it('adds typed symbols upper-cased, several at once, without duplicates', async () => {
    const { type, changes } = await render(['SPY']);
    await type('qqq, spy iwm');
    expect(changes).toEqual([['SPY', 'QQQ', 'IWM']]);
  });

  it('refuses a non-ticker and says why', async () => {
    const { el, type, changes } = await render([]);
    await type('$$$');
    expect(changes).toEqual([]);
    expect(el.querySelector('[role=alert]')?.textContent).toContain('is not a ticker');
  });

  it('removes with the chip button and with Backspace on an empty box', async () => {
    const { el, box, changes } = await render(['SPY', 'QQQ']);
    (el.querySelector('[aria-label="Remove SPY"]') as HTMLButtonElement).click();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Backspace' }));
    expect(changes).toEqual([['QQQ'], ['SPY']]);
  });

  it('suggests the simulator symbols', async () => {
    const { el } = await render([]);
    expect(Array.from(el.querySelectorAll('datalist option')).map((o) => o.getAttribute('value'))).toContain('AAPL');
    expect(el.querySelector('label[for=symbol-input]')?.textContent).toBe('Symbols');
  });
});
