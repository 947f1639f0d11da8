import { ChangeDetectionStrategy, Component, effect, ElementRef, inject, viewChild } from '@angular/core';
import { GENERAL_SHORTCUTS, SHORTCUTS, ShortcutsService } from '../core/shortcuts/shortcuts.service';

/** The `?` overlay listing every keyboard shortcut. */
@Component({
  selector: 'ibsc-cheat-sheet',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (shortcuts.cheatSheetOpen()) {
      <div class="backdrop" (click)="shortcuts.toggleCheatSheet(false)" aria-hidden="true"></div>
      <div class="sheet card" role="dialog" aria-modal="true" aria-labelledby="cheat-sheet-title" data-testid="cheat-sheet">
        <header>
          <h2 id="cheat-sheet-title">Keyboard shortcuts</h2>
          <button #close type="button" class="button button--ghost" (click)="shortcuts.toggleCheatSheet(false)">Close</button>
        </header>
        <table class="table">
          <thead>
            <tr><th scope="col">Keys</th><th scope="col">Does</th><th scope="col">Where</th></tr>
          </thead>
          <tbody>
            @for (s of list; track s.keys) {
              <tr><td><kbd>{{ s.keys }}</kbd></td><td>{{ s.description }}</td><td>{{ s.where }}</td></tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styles: `
    .backdrop {
      position: fixed;
      inset: 0;
      z-index: 60;
      background: rgb(0 0 0 / 0.35);
    }
    .sheet {
      position: fixed;
      z-index: 61;
      top: 15vh;
      left: 50%;
      transform: translateX(-50%);
      width: min(36rem, calc(100vw - 2rem));
      padding: 1rem 1.25rem;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    h2 {
      margin: 0;
      font-size: 1.1rem;
    }
    kbd {
      padding: 0.05rem 0.35rem;
      border: 1px solid var(--border);
      border-radius: 4px;
      background: var(--surface-2);
      font-family: inherit;
      white-space: nowrap;
    }
  `,
})
export class CheatSheetComponent {
  protected readonly shortcuts = inject(ShortcutsService);
  protected readonly list = [...Object.values(SHORTCUTS), ...GENERAL_SHORTCUTS];
  private readonly closeButton = viewChild<ElementRef<HTMLButtonElement>>('close');

  constructor() {
    let returnFocus: Element | null = null;
    effect(() => {
      const button = this.closeButton();
      if (button) {
        returnFocus = document.activeElement;
        button.nativeElement.focus();
      } else if (returnFocus instanceof HTMLElement) {
        returnFocus.focus();
        returnFocus = null;
      }
    });
  }
}
