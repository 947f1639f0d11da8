import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PresetExport, PresetImportResult, PresetView } from '@ibsc/shared-dto';
import { CreatePresetDto, ImportPresetsDto, UpdatePresetDto } from './preset.dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { CLOCK, NowFn } from '../config/config.tokens';
import { PresetsService } from './presets.service';
import { ApiContract } from '../openapi/api-contract.decorator';

@ApiTags('presets')
@ApiBearerAuth()
@Roles('viewer')
@Controller('presets')
export class PresetsController {
  constructor(
    private readonly presets: PresetsService,
    @Inject(CLOCK) private readonly now: NowFn,
  ) {}

  /** The caller's presets and the shared ones (an admin sees all), by name. */
  @Get()
  @ApiContract({ id: 'listPresets', ok: 'PresetView', array: true })
  list(@CurrentUser() user: AuthUser): Promise<PresetView[]> {
    return this.presets.list(user);
  }

  /** The presets the caller sees, as one JSON document, for backup or sharing. */
  @Get('export')
  @ApiContract({ id: 'exportPresets', ok: 'PresetExport' })
  export(@CurrentUser() user: AuthUser): Promise<PresetExport> {
    return this.presets.export(this.now(), user);
  }

  /** One preset the caller may see (404 otherwise). */
  @Get(':id')
  @ApiContract({ id: 'getPreset', ok: 'PresetView', errors: [404] })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<PresetView> {
    return this.presets.get(id, user);
  }

  /** Creates a preset owned by the caller; `shared: true` shows it (read-only) to every user. */
  @Roles('trader')
  @Post()
  @ApiContract({ id: 'createPreset', ok: 'PresetView', status: 201, errors: [400, 409] })
  create(@Body() dto: CreatePresetDto, @CurrentUser() user: AuthUser): Promise<PresetView> {
    return this.presets.create(dto, user);
  }

  /** Imports presets from an export; `mode` decides what happens to names that exist (default: fail). */
  @Roles('trader')
  @Post('import')
  @ApiContract({ id: 'importPresets', ok: 'PresetImportResult', status: 201, errors: [400, 409] })
  @HttpCode(200)
  import(@Body() dto: ImportPresetsDto, @CurrentUser() user: AuthUser): Promise<PresetImportResult> {
    return this.presets.import(dto, user);
  }

  /** Only its owner or an admin (403 for someone else's shared preset). */
  @Roles('trader')
  @Put(':id')
  @ApiContract({ id: 'updatePreset', ok: 'PresetView', errors: [400, 404, 409] })
  update(@Param('id') id: string, @Body() dto: UpdatePresetDto, @CurrentUser() user: AuthUser): Promise<PresetView> {
    return this.presets.update(id, dto, user);
  }

  /** Only its owner or an admin. */
  @Roles('trader')
  @Delete(':id')
  @ApiContract({ id: 'deletePreset', ok: 'none', status: 204, errors: [404] })
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.presets.remove(id, user);
  }
}
