import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, viewChild } from '@angular/core';
import { EARNINGS_MODES, type EarningsMode, MISSING_DATA_MODES, type MissingDataMode, SPREAD_TYPES, type SpreadType } from '@ibsc/shared-dto';
import { FILTER_GROUPS, RANGE_FILTERS, RANGE_KEYS, type RangeKey } from './filter-defs';
import { PresetBarComponent } from './preset-bar.component';
import { RangeFilterComponent } from './range-filter.component';
import type { RangeState } from './scan-form';
import { ScanFormService } from './scan-form.service';
import { SymbolPickerComponent } from './symbol-picker.component';

const SPREAD_TYPE_LABELS: Record<SpreadType, string> = {
  'bull-put': 'Bull put (credit)',
  'bear-call': 'Bear call (credit)',
  'bull-call': 'Bull call (debit)',
  'bear-put': 'Bear put (debit)',
};

/** Parses "1, 2.5 5" into widths; null when any part is not a number. */
export function parseWidths(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const values = parts.map(Number);
  return values.every((v) => Number.isFinite(v)) ? values : null;
}

/**
 * Every scanner filter with its switch, the universe (symbols, spread types, widths), the expected-fill k and
 * the row cap; presets; the live match count. Edits go to ScanFormService; the API's messages come back next
 * to the field they name.
 */
@Component({
  selector: 'ibsc-filter-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RangeFilterComponent, SymbolPickerComponent, PresetBarComponent],
  template: `
    @let s = form.state();
    @let errs = form.errors();
    <form class="panel" aria-label="Scanner filters" (submit)="$event.preventDefault()" novalidate>
      <ibsc-preset-bar />
      <p class="match" role="status" aria-live="polite" data-testid="match-count">
        @switch (match().state) {
          @case ('loading') {
            <span class="muted">Counting matches…</span>
          }
          @case ('ready') {
            <strong>{{ matchNumber() }}</strong> spreads match now
          }
          @case ('invalid') {
            <span class="muted">Fix the fields marked below to see a match count.</span>
          }
          @case ('unavailable') {
            <span class="muted">Match count not available ({{ matchMessage() }}).</span>
          }
        }
      </p>
      @if (errs['']; as general) {
        <ul class="field-errors" role="alert">
          @for (e of general; track e) {
            <li>{{ e }}</li>
          }
        </ul>
      }

      <details open class="group">
        <summary>Universe</summary>
        <div class="group__body">
          <ibsc-symbol-picker [symbols]="s.symbols" [errors]="errs['symbols'] ?? []" (symbolsChange)="setSymbols($event)" />
          <fieldset class="types" [class.invalid]="!!errs['spreadTypes']">
            <legend>Spread types</legend>
            @for (t of spreadTypes; track t) {
              <label>
                <input type="checkbox" [checked]="s.spreadTypes.includes(t)" (change)="toggleType(t, $event)" />
                {{ typeLabel[t] }}
              </label>
            }
            @for (e of errs['spreadTypes'] ?? []; track e) {
              <p class="field-errors" role="alert">{{ e }}</p>
            }
          </fieldset>
          <div class="row3">
            <label>
              <span>Widths ($)</span>
              <input
                type="text"
                inputmode="decimal"
                [value]="s.widths.join(', ')"
                (change)="setWidths($event)"
                aria-describedby="widths-errors"
                [attr.aria-invalid]="!!errs['widths']"
              />
            </label>
            <label>
              <span>Fill k</span>
              <input type="number" min="0" max="1" step="0.05" [value]="s.k" (change)="setNumber('k', $event)" [attr.aria-invalid]="!!errs['k']" aria-describedby="k-errors" />
            </label>
            <label>
              <span>Max rows</span>
              <input type="number" min="1" max="5000" step="1" [value]="s.maxRows" (change)="setNumber('maxRows', $event)" [attr.aria-invalid]="!!errs['maxRows']" aria-describedby="maxrows-errors" />
            </label>
          </div>
          <div id="widths-errors">
            @for (e of errs['widths'] ?? []; track e) {
              <p class="field-errors" role="alert">{{ e }}</p>
            }
          </div>
          <div id="k-errors">
            @for (e of errs['k'] ?? []; track e) {
              <p class="field-errors" role="alert">{{ e }}</p>
            }
          </div>
          <div id="maxrows-errors">
            @for (e of errs['maxRows'] ?? []; track e) {
              <p class="field-errors" role="alert">{{ e }}</p>
            }
          </div>
        </div>
      </details>

      @for (g of groups; track g.name) {
        <details class="group" [open]="g.open">
          <summary>{{ g.name }} <span class="muted">({{ enabledIn(g.keys) }} on)</span></summary>
          <div class="group__body">
            @for (key of g.keys; track key) {
              <ibsc-range-filter [def]="defs[key]" [value]="s.ranges[key]" [errors]="errs[key] ?? []" (valueChange)="setRange(key, $event)" />
            }
            @if (g.name === 'Probability and value') {
              <div class="single">
                <label class="single__toggle">
                  <input type="checkbox" role="switch" [checked]="s.minCredit.enabled" (change)="toggleSingle('minCredit', $event)" />
                  Minimum credit
                </label>
                <input type="number" min="0" max="10000" step="0.05" [value]="s.minCredit.value" [disabled]="!s.minCredit.enabled" aria-label="Minimum credit per share" (change)="setSingleNumber('minCredit', $event)" />
                @for (e of errs['minCredit'] ?? []; track e) {
                  <p class="field-errors" role="alert">{{ e }}</p>
                }
              </div>
              <div class="single">
                <label class="single__toggle">
                  <input type="checkbox" role="switch" [checked]="s.maxDebit.enabled" (change)="toggleSingle('maxDebit', $event)" />
                  Maximum debit
                </label>
                <input type="number" min="0" max="10000" step="0.05" [value]="s.maxDebit.value" [disabled]="!s.maxDebit.enabled" aria-label="Maximum debit per share" (change)="setSingleNumber('maxDebit', $event)" />
                @for (e of errs['maxDebit'] ?? []; track e) {
                  <p class="field-errors" role="alert">{{ e }}</p>
                }
              </div>
            }
          </div>
        </details>
      }

      <details class="group">
        <summary>Events and missing data</summary>
        <div class="group__body">
          <div class="single">
            <label class="single__toggle">
              <input type="checkbox" role="switch" [checked]="s.earnings.enabled" (change)="toggleSingle('earnings', $event)" />
              Earnings before expiry
            </label>
            <select [value]="s.earnings.value" [disabled]="!s.earnings.enabled" aria-label="Earnings before expiry" (change)="setEarnings($event)">
              @for (m of earningsModes; track m) {
                <option [value]="m" [selected]="m === s.earnings.value">{{ m === 'exclude' ? 'exclude the spread' : 'keep it, flagged' }}</option>
              }
            </select>
            @for (e of errs['earnings'] ?? []; track e) {
              <p class="field-errors" role="alert">{{ e }}</p>
            }
          </div>
          <div class="single">
            <label class="single__toggle">
              <input type="checkbox" role="switch" [checked]="s.onMissing.enabled" (change)="toggleSingle('onMissing', $event)" />
              Rows missing a filtered field
            </label>
            <select [value]="s.onMissing.value" [disabled]="!s.onMissing.enabled" aria-label="Rows missing a filtered field" (change)="setOnMissing($event)">
              @for (m of missingModes; track m) {
                <option [value]="m" [selected]="m === s.onMissing.value">{{ m === 'keep' ? 'keep them, flagged' : 'exclude them' }}</option>
              }
            </select>
            @for (e of errs['onMissing'] ?? []; track e) {
              <p class="field-errors" role="alert">{{ e }}</p>
            }
          </div>
        </div>
      </details>
    </form>
  `,
  styles: `
    :host {
      display: block;
    }
    .panel {
      display: grid;
      gap: 0.5rem;
    }
    .match {
      margin: 0;
      padding: 0.35rem 0.6rem;
      border-radius: var(--radius);
      background: var(--surface-2);
    }
    .group {
      border: 1px solid var(--border);
      border-radius: var(--radius);
      background: var(--surface);
    }
    .group summary {
      padding: 0.4rem 0.6rem;
      font-weight: 600;
      cursor: pointer;
    }
    .group__body {
      display: grid;
      gap: 0.5rem;
      padding: 0 0.6rem 0.6rem;
    }
    .types {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.2rem 0.5rem;
      margin: 0;
      padding: 0.3rem 0.5rem;
      border: 1px solid var(--border);
      border-radius: var(--radius);
    }
    .types.invalid {
      border-color: var(--danger);
    }
    .types legend {
      font-weight: 600;
    }
    .types label {
      display: flex;
      gap: 0.3rem;
      align-items: center;
    }
    .types .field-errors {
      grid-column: 1 / -1;
    }
    .row3 {
      display: grid;
      grid-template-columns: 2fr 1fr 1fr;
      gap: 0.4rem;
    }
    .row3 label {
      display: grid;
      gap: 0.1rem;
      font-size: 0.85rem;
    }
    .row3 input,
    .single input,
    .single select {
      padding: 0.25rem 0.4rem;
    }
    .single {
      display: grid;
      grid-template-columns: 1fr 9rem;
      gap: 0.2rem 0.5rem;
      align-items: center;
    }
    .single__toggle {
      display: flex;
      gap: 0.35rem;
      align-items: center;
      font-weight: 600;
    }
    .single .field-errors {
      grid-column: 1 / -1;
    }
  `,
})
export class FilterPanelComponent {
  protected readonly form = inject(ScanFormService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly symbolPicker = viewChild(SymbolPickerComponent, { read: ElementRef });

  protected readonly defs = RANGE_FILTERS;
  protected readonly spreadTypes = SPREAD_TYPES;
  protected readonly typeLabel = SPREAD_TYPE_LABELS;
  protected readonly earningsModes = EARNINGS_MODES;
  protected readonly missingModes = MISSING_DATA_MODES;
  protected readonly groups = FILTER_GROUPS.map((name) => ({
    name,
    keys: RANGE_KEYS.filter((k) => RANGE_FILTERS[k].group === name),
    open: name === 'Contract' || name === 'Probability and value',
  }));

  protected readonly match = this.form.matchCount;
  protected readonly matchNumber = computed(() => {
    const m = this.match();
    return m.state === 'ready' ? m.count.toLocaleString() : '';
  });
  protected readonly matchMessage = computed(() => {
    const m = this.match();
    return m.state === 'unavailable' ? m.message : '';
  });

  /** Ctrl/⌘+F: focus the first filter control. */
  focus(): void {
    const picker = this.symbolPicker()?.nativeElement as HTMLElement | undefined;
    const target = picker?.querySelector('input') ?? this.host.nativeElement.querySelector('input, select');
    (target as HTMLElement | null)?.focus();
  }

  protected enabledIn(keys: RangeKey[]): number {
    const ranges = this.form.state().ranges;
    return keys.filter((k) => ranges[k].enabled).length;
  }

  protected setSymbols(symbols: string[]): void {
    this.form.update((s) => ({ ...s, symbols }));
  }

  protected toggleType(type: SpreadType, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.form.update((s) => ({
      ...s,
      spreadTypes: on ? SPREAD_TYPES.filter((t) => t === type || s.spreadTypes.includes(t)) : s.spreadTypes.filter((t) => t !== type),
    }));
  }

  protected setWidths(event: Event): void {
    const widths = parseWidths((event.target as HTMLInputElement).value);
    if (widths) this.form.update((s) => ({ ...s, widths }));
  }

  protected setNumber(field: 'k' | 'maxRows', event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (Number.isFinite(value)) this.form.update((s) => ({ ...s, [field]: value }));
  }

  protected setRange(key: RangeKey, value: RangeState): void {
    this.form.setRange(key, value);
  }

  protected toggleSingle(field: 'minCredit' | 'maxDebit' | 'earnings' | 'onMissing', event: Event): void {
    const enabled = (event.target as HTMLInputElement).checked;
    this.form.update((s) => ({ ...s, [field]: { ...s[field], enabled } }));
  }

  protected setSingleNumber(field: 'minCredit' | 'maxDebit', event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (Number.isFinite(value)) this.form.update((s) => ({ ...s, [field]: { ...s[field], value } }));
  }

  protected setEarnings(event: Event): void {
    const value = (event.target as HTMLSelectElement).value as EarningsMode;
    this.form.update((s) => ({ ...s, earnings: { ...s.earnings, value } }));
  }

  protected setOnMissing(event: Event): void {
    const value = (event.target as HTMLSelectElement).value as MissingDataMode;
    this.form.update((s) => ({ ...s, onMissing: { ...s.onMissing, value } }));
  }
}
