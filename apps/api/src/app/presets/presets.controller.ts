import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreatePresetDto,
  ImportPresetsDto,
  PresetExport,
  PresetImportResult,
  PresetView,
  UpdatePresetDto,
} from '@ibsc/shared-dto';
import { Roles } from '../auth/roles.decorator';
import { CLOCK, NowFn } from '../config/config.tokens';
import { PresetsService } from './presets.service';

@ApiTags('presets')
@ApiBearerAuth()
@Roles('viewer')
@Controller('presets')
export class PresetsController {
  constructor(
    private readonly presets: PresetsService,
    @Inject(CLOCK) private readonly now: NowFn,
  ) {}

  /** Every filter preset, by name. */
  @Get()
  list(): Promise<PresetView[]> {
    return this.presets.list();
  }

  /** All presets as one JSON document, for backup or sharing. */
  @Get('export')
  export(): Promise<PresetExport> {
    return this.presets.export(this.now());
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<PresetView> {
    return this.presets.get(id);
  }

  @Roles('trader')
  @Post()
  create(@Body() dto: CreatePresetDto): Promise<PresetView> {
    return this.presets.create(dto);
  }

  /** Imports presets from an export; `mode` decides what happens to names that exist (default: fail). */
  @Roles('trader')
  @Post('import')
  @HttpCode(200)
  import(@Body() dto: ImportPresetsDto): Promise<PresetImportResult> {
    return this.presets.import(dto);
  }

  @Roles('trader')
  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdatePresetDto): Promise<PresetView> {
    return this.presets.update(id, dto);
  }

  @Roles('trader')
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.presets.remove(id);
  }
}
