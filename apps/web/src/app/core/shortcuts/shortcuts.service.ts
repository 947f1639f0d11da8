import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, Injectable, signal } from '@angular/core';

/** Commands a page can take on; the keys are fixed, the handler belongs to whichever page is showing. */
export type ShortcutCommand = 'scan.toggle' | 'filters.focus' | 'ticket.open';

export interface ShortcutHelp {
  keys: string;
  description: string;
  /** Where the shortcut works. */
  where: string;
}

/** Ctrl on Linux/Windows, Cmd (⌘) on macOS: either works everywhere. */
export const SHORTCUTS: Record<ShortcutCommand, { key: string } & ShortcutHelp> = {
  'scan.toggle': { key: 's', keys: 'Ctrl/⌘ + S', description: 'Start or stop the scan', where: 'Scanner' },
  'filters.focus': { key: 'f', keys: 'Ctrl/⌘ + F', description: 'Focus the filters', where: 'Scanner' },
  'ticket.open': { key: 'e', keys: 'Ctrl/⌘ + E', description: 'Open the order ticket for the selected spread', where: 'Scanner' },
};

export const GENERAL_SHORTCUTS: ShortcutHelp[] = [
  { keys: '?', description: 'Show or hide this cheat sheet', where: 'Everywhere' },
  { keys: 'Esc', description: 'Close a dialog, the ticket or this sheet', where: 'Everywhere' },
  { keys: 'Tab / Shift + Tab', description: 'Move between controls; the skip link jumps to the page', where: 'Everywhere' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Keyboard shortcuts. The service listens on the document; pages register what a command does while they are
 * shown. A command with no handler leaves the browser's own shortcut alone (Ctrl+F still finds on other pages).
 */
@Injectable({ providedIn: 'root' })
export class ShortcutsService {
  private readonly document = inject(DOCUMENT);
  private readonly handlers = new Map<ShortcutCommand, () => void>();
  private readonly cheatSheetState = signal(false);
  readonly cheatSheetOpen = this.cheatSheetState.asReadonly();

  constructor() {
    const listener = (event: KeyboardEvent) => this.onKey(event);
    this.document.addEventListener('keydown', listener);
    inject(DestroyRef).onDestroy(() => this.document.removeEventListener('keydown', listener));
  }

  /** Makes `handler` run for `command` until the returned function is called (or the caller is destroyed). */
  register(command: ShortcutCommand, handler: () => void, destroyRef?: DestroyRef): () => void {
    this.handlers.set(command, handler);
    const off = () => {
      if (this.handlers.get(command) === handler) this.handlers.delete(command);
    };
    destroyRef?.onDestroy(off);
    return off;
  }

  toggleCheatSheet(open = !this.cheatSheetState()): void {
    this.cheatSheetState.set(open);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.cheatSheetState()) {
      this.cheatSheetState.set(false);
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      if (event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      for (const [command, spec] of Object.entries(SHORTCUTS) as Array<[ShortcutCommand, (typeof SHORTCUTS)[ShortcutCommand]]>) {
        const handler = this.handlers.get(command);
        if (spec.key === key && handler) {
          event.preventDefault();
          handler();
          return;
        }
      }
      return;
    }
    if (event.key === '?' && !event.altKey && !isTyping(event.target)) {
      event.preventDefault();
      this.toggleCheatSheet();
    }
  }
}
