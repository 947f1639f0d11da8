import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Optional, but when present must not be null (IsOptional lets null through, and the service would crash on it). */
const IsOptionalNotNull = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

/** Scanner filters as stored in a preset (validated in detail by the scanner). */
export type PresetFilters = Record<string, unknown>;

export class CreatePresetDto {
  /** Unique name, 1–80 characters. */
  @IsString()
  @Length(1, 80)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;

  /** The scan filters, as an object. */
  @IsObject()
  filters!: PresetFilters;

  /** Visible to every user (read-only for them); default false: only its owner (and admins) see it. */
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class UpdatePresetDto {
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 80)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  /** null clears the description. */
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string | null;

  @IsOptionalNotNull()
  @IsObject()
  filters?: PresetFilters;

  @IsOptionalNotNull()
  @IsBoolean()
  shared?: boolean;
}

export const PRESET_IMPORT_MODES = ['skip', 'overwrite', 'fail'] as const;
export type PresetImportMode = (typeof PRESET_IMPORT_MODES)[number];

export class ImportPresetsDto {
  /** What to do when a preset's name exists: skip it, overwrite it, or fail the whole import (default). */
  @IsOptional()
  @IsIn(PRESET_IMPORT_MODES)
  mode?: PresetImportMode;

  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CreatePresetDto)
  presets!: CreatePresetDto[];
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
