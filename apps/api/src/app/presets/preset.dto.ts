/**
 * Server-side request DTOs of preset.dto: the class-validator classes the global ValidationPipe checks.
 * Each implements its plain wire type in @ibsc/shared-dto, which the browser and API clients import instead.
 */
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
import { PRESET_IMPORT_MODES, type PresetFilters, type PresetImportMode } from '@ibsc/shared-dto';
import type * as wire from '@ibsc/shared-dto';


/** Optional, but when present must not be null (IsOptional lets null through, and the service would crash on it). */
const IsOptionalNotNull = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

export class CreatePresetDto implements wire.CreatePresetDto {
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

export class UpdatePresetDto implements wire.UpdatePresetDto {
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

export class ImportPresetsDto implements wire.ImportPresetsDto {
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
