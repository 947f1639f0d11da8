import { TestBed } from '@angular/core/testing';
import { ColumnChooserComponent } from './column-chooser.component';

describe('ColumnChooserComponent', () => {
  it('lists columns by group with their visibility, locks some, and reports toggles and reset', async () => {
    const fixture = TestBed.createComponent(ColumnChooserComponent);
    fixture.componentRef.setInput('columns', [
      { colId: 'symbol', header: 'Symbol', group: 'Spread', visible: true },
      { colId: 'pop', header: 'POP', group: 'Probability', visible: false },
    ]);
    fixture.componentRef.setInput('locked', ['symbol']);
    const toggles: Array<{ colId: string; visible: boolean }> = [];
    let resets = 0;
    fixture.componentInstance.toggle.subscribe((t) => toggles.push(t));
    fixture.componentInstance.reset.subscribe(() => resets++);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('summary')?.textContent).toContain('Columns (1/2)');
    expect(Array.from(el.querySelectorAll('legend')).map((l) => l.textContent)).toEqual(['Spread', 'Probability']);
    const boxes = Array.from(el.querySelectorAll('input[type=checkbox]')) as HTMLInputElement[];
    expect(boxes[0].disabled).toBe(true);
    boxes[1].click();
    (el.querySelector('.chooser__panel > button') as HTMLButtonElement).click();
    expect(toggles).toEqual([{ colId: 'pop', visible: true }]);
    expect(resets).toBe(1);
  });
});
