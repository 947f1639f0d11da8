import { TestBed } from '@angular/core/testing';
import { ShortcutsService } from './shortcuts.service';

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('ShortcutsService', () => {
  it('runs the registered command for Ctrl or Cmd and keeps the browser from acting on it', () => {
    const shortcuts = TestBed.inject(ShortcutsService);
    const toggle = jest.fn();
    shortcuts.register('scan.toggle', toggle);
    const ctrl = press('s', { ctrlKey: true });
    const cmd = press('S', { metaKey: true });
    expect(toggle).toHaveBeenCalledTimes(2);
    expect(ctrl.defaultPrevented).toBe(true);
    expect(cmd.defaultPrevented).toBe(true);
  });

  it('leaves the browser shortcut alone when no page handles it, and after unregistering', () => {
    const shortcuts = TestBed.inject(ShortcutsService);
    expect(press('f', { ctrlKey: true }).defaultPrevented).toBe(false);
    const focus = jest.fn();
    const off = shortcuts.register('filters.focus', focus);
    off();
    expect(press('f', { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(focus).not.toHaveBeenCalled();
  });

  it('toggles the cheat sheet with ?, not while typing, and closes it with Escape', () => {
    const shortcuts = TestBed.inject(ShortcutsService);
    press('?');
    expect(shortcuts.cheatSheetOpen()).toBe(true);
    press('Escape');
    expect(shortcuts.cheatSheetOpen()).toBe(false);
    const input = document.createElement('input');
    document.body.appendChild(input);
    press('?', {}, input);
    expect(shortcuts.cheatSheetOpen()).toBe(false);
    input.remove();
  });
});
