import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { KNOWN_SYMBOLS, SYMBOL_PATTERN } from './filter-defs';

/** Underlyings to scan: chips plus a box with suggestions. Enter, comma or space adds; Backspace on empty removes. */
@Component({
  selector: 'ibsc-symbol-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="picker" [class.picker--invalid]="errors().length > 0 || !!problem()">
      <label class="picker__label" for="symbol-input">Symbols</label>
      <ul class="picker__chips" aria-label="Selected symbols">
        @for (s of symbols(); track s) {
          <li class="chip">
            {{ s }}
            <button type="button" class="chip__remove" (click)="remove(s)" [attr.aria-label]="'Remove ' + s">×</button>
          </li>
        }
        <li class="picker__entry">
          <input
            id="symbol-input"
            type="text"
            list="symbol-suggestions"
            autocomplete="off"
            placeholder="Add symbol…"
            [value]="draft()"
            (input)="onDraft($event)"
            (keydown)="key($event)"
            (change)="commit()"
            [attr.aria-invalid]="errors().length > 0 || !!problem()"
            aria-describedby="symbol-errors"
          />
          <datalist id="symbol-suggestions">
            @for (s of suggestions; track s) {
              <option [value]="s"></option>
            }
          </datalist>
        </li>
      </ul>
      <div id="symbol-errors">
        @if (problem(); as p) {
          <p class="field-errors" role="alert">{{ p }}</p>
        }
        @for (e of errors(); track e) {
          <p class="field-errors" role="alert">{{ e }}</p>
        }
      </div>
    </div>
  `,
  styles: `
    .picker__label {
      font-weight: 600;
    }
    .picker__chips {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
      margin: 0.25rem 0 0;
      padding: 0.25rem;
      list-style: none;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      background: var(--surface);
    }
    .picker--invalid .picker__chips {
      border-color: var(--danger);
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 0.2rem;
      padding: 0.1rem 0.2rem 0.1rem 0.5rem;
      border-radius: 999px;
      background: var(--accent-bg);
      color: var(--accent-text);
      font-weight: 600;
    }
    .chip__remove {
      border: 0;
      background: transparent;
      color: inherit;
      cursor: pointer;
      font-size: 1rem;
      line-height: 1;
    }
    .picker__entry {
      flex: 1;
      min-width: 7rem;
    }
    .picker__entry input {
      border: 0;
      padding: 0.15rem 0.3rem;
    }
  `,
})
export class SymbolPickerComponent {
  readonly symbols = input.required<string[]>();
  readonly errors = input<string[]>([]);
  readonly symbolsChange = output<string[]>();

  protected readonly suggestions = KNOWN_SYMBOLS;
  protected readonly draft = signal('');
  protected readonly problem = signal<string | null>(null);

  protected onDraft(event: Event): void {
    this.draft.set((event.target as HTMLInputElement).value);
  }

  protected key(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ',' || event.key === ' ') {
      event.preventDefault();
      this.commit();
    } else if (event.key === 'Backspace' && this.draft() === '' && this.symbols().length > 0) {
      this.remove(this.symbols()[this.symbols().length - 1]);
    }
  }

  /** Adds what was typed (several symbols may be pasted at once, separated by commas or spaces). */
  commit(): void {
    const parts = this.draft().toUpperCase().split(/[\s,]+/).filter(Boolean);
    if (parts.length === 0) return;
    const bad = parts.filter((p) => !SYMBOL_PATTERN.test(p));
    if (bad.length) {
      this.problem.set(`"${bad.join('", "')}" is not a ticker (letters, digits and dots, like SPY or BRK.B).`);
      return;
    }
    const next = [...this.symbols()];
    for (const p of parts) if (!next.includes(p)) next.push(p);
    this.problem.set(next.length > 50 ? 'At most 50 symbols.' : null);
    if (next.length > 50) return;
    this.draft.set('');
    this.symbolsChange.emit(next);
  }

  remove(symbol: string): void {
    this.symbolsChange.emit(this.symbols().filter((s) => s !== symbol));
  }
}
