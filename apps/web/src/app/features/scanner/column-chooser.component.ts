import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import type { ChooserColumn } from './spread-grid.component';

/** A disclosure listing every grid column with a checkbox; the grid persists the choice. */
@Component({
  selector: 'ibsc-column-chooser',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <details class="chooser">
      <summary class="button">Columns ({{ visibleCount() }}/{{ columns().length }})</summary>
      <div class="chooser__panel card" role="group" aria-label="Visible columns">
        @for (group of groups(); track group.name) {
          <fieldset>
            <legend>{{ group.name }}</legend>
            @for (c of group.columns; track c.colId) {
              <label>
                <input
                  type="checkbox"
                  [checked]="c.visible"
                  [disabled]="locked().includes(c.colId)"
                  (change)="onToggle(c.colId, $event)"
                />
                {{ c.header }}
              </label>
            }
          </fieldset>
        }
        <button type="button" class="button button--ghost" (click)="reset.emit()">Reset columns</button>
      </div>
    </details>
  `,
  styles: `
    .chooser {
      position: relative;
    }
    .chooser summary {
      list-style: none;
    }
    .chooser summary::-webkit-details-marker {
      display: none;
    }
    .chooser__panel {
      position: absolute;
      right: 0;
      z-index: 20;
      display: grid;
      grid-template-columns: repeat(3, minmax(9rem, 1fr));
      gap: 0.5rem;
      margin-top: 0.25rem;
      padding: 0.75rem;
      width: max-content;
      max-width: min(40rem, 90vw);
      box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
    }
    fieldset {
      margin: 0;
      padding: 0.25rem 0.5rem;
      border: 1px solid var(--border);
      border-radius: var(--radius);
    }
    legend {
      font-weight: 600;
      font-size: 0.8rem;
      color: var(--text-muted);
    }
    label {
      display: flex;
      gap: 0.35rem;
      align-items: center;
      white-space: nowrap;
    }
  `,
})
export class ColumnChooserComponent {
  readonly columns = input.required<ChooserColumn[]>();
  readonly locked = input<string[]>([]);
  readonly toggle = output<{ colId: string; visible: boolean }>();
  readonly reset = output<void>();

  protected onToggle(colId: string, event: Event): void {
    this.toggle.emit({ colId, visible: (event.target as HTMLInputElement).checked });
  }

  protected readonly visibleCount = computed(() => this.columns().filter((c) => c.visible).length);
  protected readonly groups = computed(() => {
    const map = new Map<string, ChooserColumn[]>();
    for (const c of this.columns()) map.set(c.group, [...(map.get(c.group) ?? []), c]);
    return [...map].map(([name, columns]) => ({ name, columns }));
  });
}
