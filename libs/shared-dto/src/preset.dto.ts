
/** Scanner filters as stored in a preset (validated in detail by the scanner). */
export type PresetFilters = Record<string, unknown>;

export interface CreatePresetDto {
  /** Unique name, 1–80 characters. */
  name: string;

  description?: string;

  /** The scan filters, as an object. */
  filters: PresetFilters;

  /** Visible to every user (read-only for them); default false: only its owner (and admins) see it. */
  shared?: boolean;
}

export interface UpdatePresetDto {
  name?: string;

  /** null clears the description. */
  description?: string | null;

  filters?: PresetFilters;

  shared?: boolean;
}

export const PRESET_IMPORT_MODES = ['skip', 'overwrite', 'fail'] as const;
export type PresetImportMode = (typeof PRESET_IMPORT_MODES)[number];

export interface ImportPresetsDto {
  /** What to do when a preset's name exists: skip it, overwrite it, or fail the whole import (default). */
  mode?: PresetImportMode;

  presets: CreatePresetDto[];
}

export interface PresetView {
  id: string;
  name: string;
  description: string | null;
  filters: PresetFilters;
  /** The user who owns it; null for presets made before owners existed (shared, managed by admins). */
  ownerId: string | null;
  owner: string | null;
  shared: boolean;
  /** Whether the caller may change or delete it (its owner, or an admin). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PresetExport {
  format: 'ibsc-presets';
  version: 1;
  exportedAt: string;
  presets: Array<Pick<PresetView, 'name' | 'description' | 'filters'>>;
}

export interface PresetImportResult {
  created: number;
  updated: number;
  skipped: number;
}
