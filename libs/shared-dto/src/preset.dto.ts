import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

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
}

export class UpdatePresetDto {
  @IsOptional()
  @IsString()
  @Length(1, 80)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;

  @IsOptional()
  @IsObject()
  filters?: PresetFilters;
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
