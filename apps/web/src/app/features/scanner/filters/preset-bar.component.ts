import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { PRESET_IMPORT_MODES, type PresetExport, type PresetImportMode, type PresetView } from '@ibsc/shared-dto';
import { apiErrorMessage } from '../../../core/api/api-error';
import { ToastService } from '../../../core/toast/toast.service';
import { PresetsApiService } from '../../../presets/presets-api.service';
import { downloadText, readFileText } from '../../../shared/download';
import { fromPresetFilters, toPresetFilters } from './scan-form';
import { ScanFormService } from './scan-form.service';

function isPresetExport(value: unknown): value is PresetExport {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === 'ibsc-presets' &&
    Array.isArray((value as { presets?: unknown }).presets)
  );
}

/** Presets: load, save as, update, delete (two-step), import, export; and Reset to defaults. */
@Component({
  selector: 'ibsc-preset-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="presets" role="group" aria-label="Presets">
      <label for="preset-select" class="presets__label">Preset</label>
      <select id="preset-select" [value]="selectedId() ?? ''" (change)="choose($event)" [disabled]="loading()">
        <option value="">{{ loading() ? 'Loading…' : presets().length ? '— choose a preset —' : 'No presets saved' }}</option>
        @for (p of presets(); track p.id) {
          <option [value]="p.id" [selected]="p.id === selectedId()">{{ p.name }}{{ sharedLabel(p) }}</option>
        }
      </select>
      @if (saving()) {
        <input
          id="preset-name"
          type="text"
          [value]="name()"
          (input)="onName($event)"
          (keydown.enter)="save()"
          (keydown.escape)="saving.set(false)"
          placeholder="Preset name"
          aria-label="New preset name"
          maxlength="80"
        />
        <label class="presets__share"><input type="checkbox" [checked]="share()" (change)="onShare($event)" /> Share with everyone</label>
        <button type="button" class="button button--primary button--small" (click)="save()" [disabled]="!name().trim()">Save</button>
        <button type="button" class="button button--ghost button--small" (click)="saving.set(false)">Cancel</button>
      } @else {
        <button type="button" class="button button--small" (click)="startSave()">Save as…</button>
        <button type="button" class="button button--small" (click)="overwrite()" [disabled]="!selectedEditable()" [title]="readOnlyHint()">Update</button>
        @if (confirmingDelete()) {
          <button type="button" class="button button--danger button--small" (click)="remove()">Delete “{{ selectedName() }}”?</button>
          <button type="button" class="button button--ghost button--small" (click)="confirmingDelete.set(false)">Keep</button>
        } @else {
          <button type="button" class="button button--small" (click)="confirmingDelete.set(true)" [disabled]="!selectedEditable()" [title]="readOnlyHint()">Delete</button>
        }
      }
      <span class="presets__sep" aria-hidden="true"></span>
      <button type="button" class="button button--small" (click)="exportAll()">Export</button>
      <label class="button button--small presets__import">
        Import
        <input type="file" accept="application/json,.json" (change)="importFile($event)" aria-label="Import presets from a file" />
      </label>
      <select [value]="importMode()" (change)="onMode($event)" aria-label="When an imported name exists">
        @for (m of modes; track m) {
          <option [value]="m">{{ m === 'skip' ? 'skip existing' : m === 'overwrite' ? 'overwrite existing' : 'fail on existing' }}</option>
        }
      </select>
      <button type="button" class="button button--ghost button--small" (click)="reset()">Reset filters</button>
      @if (error(); as e) {
        <p class="field-errors presets__error" role="alert">{{ e }}</p>
      }
    </div>
  `,
  styles: `
    .presets {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35rem;
    }
    .presets__label {
      font-weight: 600;
    }
    select,
    input[type='text'] {
      width: auto;
      min-width: 10rem;
      padding: 0.25rem 0.4rem;
    }
    .presets__share {
      display: inline-flex;
      align-items: center;
      gap: 0.25rem;
    }
    .presets__sep {
      width: 1px;
      align-self: stretch;
      background: var(--border);
    }
    .presets__import {
      position: relative;
      overflow: hidden;
    }
    .presets__import input {
      position: absolute;
      inset: 0;
      opacity: 0;
      cursor: pointer;
    }
    .presets__import:focus-within {
      outline: 2px solid var(--focus);
    }
    .presets__error {
      flex-basis: 100%;
    }
  `,
})
export class PresetBarComponent {
  private readonly api = inject(PresetsApiService);
  private readonly form = inject(ScanFormService);
  private readonly toasts = inject(ToastService);

  protected readonly presets = signal<PresetView[]>([]);
  protected readonly loading = signal(true);
  protected readonly selectedId = this.form.presetId;
  protected readonly saving = signal(false);
  protected readonly name = signal('');
  protected readonly share = signal(false);
  protected readonly confirmingDelete = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly importMode = signal<PresetImportMode>('skip');
  protected readonly modes = PRESET_IMPORT_MODES;

  constructor() {
    this.refresh();
  }

  protected selectedName(): string {
    return this.presets().find((p) => p.id === this.selectedId())?.name ?? '';
  }

  /** Only its owner or an admin may change or delete a preset (the API says which: `editable`). */
  protected selectedEditable(): boolean {
    return this.presets().find((p) => p.id === this.selectedId())?.editable ?? false;
  }

  protected readOnlyHint(): string {
    const p = this.presets().find((x) => x.id === this.selectedId());
    return p && !p.editable ? `Shared by ${p.owner ?? 'an admin'}: only its owner or an admin may change it` : '';
  }

  protected sharedLabel(p: PresetView): string {
    if (!p.shared) return '';
    return p.editable ? ' (shared)' : ` (shared by ${p.owner ?? 'an admin'})`;
  }

  protected onShare(event: Event): void {
    this.share.set((event.target as HTMLInputElement).checked);
  }

  refresh(): void {
    this.api.list().subscribe({
      next: (list) => {
        this.presets.set(list);
        this.loading.set(false);
      },
      error: (e: unknown) => {
        this.loading.set(false);
        this.error.set(`Presets could not be loaded: ${apiErrorMessage(e)}`);
      },
    });
  }

  protected choose(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    this.confirmingDelete.set(false);
    const preset = this.presets().find((p) => p.id === id);
    if (!preset) {
      this.form.presetId.set(null);
      return;
    }
    this.form.load(fromPresetFilters(preset.filters, this.form.state()), preset.id);
    this.toasts.info('Preset loaded', preset.name);
  }

  protected onName(event: Event): void {
    this.name.set((event.target as HTMLInputElement).value);
  }

  protected onMode(event: Event): void {
    this.importMode.set((event.target as HTMLSelectElement).value as PresetImportMode);
  }

  protected startSave(): void {
    this.name.set(this.selectedName());
    this.saving.set(true);
  }

  protected save(): void {
    const name = this.name().trim();
    if (!name) return;
    this.api.create({ name, filters: toPresetFilters(this.form.state()), shared: this.share() }).subscribe({
      next: (created) => {
        this.saving.set(false);
        this.error.set(null);
        this.presets.update((list) => [...list, created].sort((a, b) => a.name.localeCompare(b.name)));
        this.form.presetId.set(created.id);
        this.toasts.success('Preset saved', created.name);
      },
      error: (e: unknown) => this.error.set(apiErrorMessage(e)),
    });
  }

  protected overwrite(): void {
    const id = this.selectedId();
    if (!id) return;
    this.api.update(id, { filters: toPresetFilters(this.form.state()) }).subscribe({
      next: (updated) => {
        this.error.set(null);
        this.presets.update((list) => list.map((p) => (p.id === updated.id ? updated : p)));
        this.toasts.success('Preset updated', updated.name);
      },
      error: (e: unknown) => this.error.set(apiErrorMessage(e)),
    });
  }

  protected remove(): void {
    const id = this.selectedId();
    if (!id) return;
    const name = this.selectedName();
    this.api.remove(id).subscribe({
      next: () => {
        this.confirmingDelete.set(false);
        this.presets.update((list) => list.filter((p) => p.id !== id));
        this.form.presetId.set(null);
        this.toasts.info('Preset deleted', name);
      },
      error: (e: unknown) => this.error.set(apiErrorMessage(e)),
    });
  }

  protected exportAll(): void {
    this.api.exportAll().subscribe({
      next: (file) => downloadText(`ibsc-presets-${file.exportedAt.slice(0, 10)}.json`, JSON.stringify(file, null, 2), 'application/json'),
      error: (e: unknown) => this.error.set(apiErrorMessage(e)),
    });
  }

  protected async importFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFileText(file));
    } catch {
      this.error.set(`${file.name} is not JSON.`);
      return;
    }
    if (!isPresetExport(parsed)) {
      this.error.set(`${file.name} is not a preset export (expected "format": "ibsc-presets").`);
      return;
    }
    this.api.import(parsed.presets, this.importMode()).subscribe({
      next: (r) => {
        this.error.set(null);
        this.toasts.success('Presets imported', `${r.created} created, ${r.updated} updated, ${r.skipped} skipped`);
        this.refresh();
      },
      error: (e: unknown) => this.error.set(apiErrorMessage(e)),
    });
  }

  protected reset(): void {
    this.form.reset();
    this.toasts.info('Filters reset to defaults');
  }
}
