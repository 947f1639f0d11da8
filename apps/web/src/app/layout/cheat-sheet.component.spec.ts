import { TestBed } from '@angular/core/testing';
import { ShortcutsService } from '../core/shortcuts/shortcuts.service';
import { CheatSheetComponent } from './cheat-sheet.component';

describe('CheatSheetComponent', () => {
  it('opens on ?, lists every shortcut in a labelled dialog, focuses Close, and closes', async () => {
    const fixture = TestBed.createComponent(CheatSheetComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[role=dialog]')).toBeNull();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '?', bubbles: true }));
    await fixture.whenStable();
    const dialog = el.querySelector('[role=dialog]');
    expect(dialog?.getAttribute('aria-labelledby')).toBe('cheat-sheet-title');
    const text = dialog?.textContent ?? '';
    for (const keys of ['Ctrl/⌘ + S', 'Ctrl/⌘ + F', 'Ctrl/⌘ + E', '?']) expect(text).toContain(keys);
    expect(document.activeElement?.textContent).toContain('Close');
    (document.activeElement as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(TestBed.inject(ShortcutsService).cheatSheetOpen()).toBe(false);
    expect(el.querySelector('[role=dialog]')).toBeNull();
  });
});
