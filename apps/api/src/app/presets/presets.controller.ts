import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PresetExport, PresetImportResult, PresetView } from '@ibsc/shared-dto';
import { CreatePresetDto, ImportPresetsDto, UpdatePresetDto } from './preset.dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
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

  /** The caller's presets and the shared ones (an admin sees all), by name. */
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<PresetView[]> {
    return this.presets.list(user);
  }

  /** The presets the caller sees, as one JSON document, for backup or sharing. */
  @Get('export')
  export(@CurrentUser() user: AuthUser): Promise<PresetExport> {
    return this.presets.export(this.now(), user);
  }

  /** One preset the caller may see (404 otherwise). */
  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<PresetView> {
    return this.presets.get(id, user);
  }

  /** Creates a preset owned by the caller; `shared: true` shows it (read-only) to every user. */
  @Roles('trader')
  @Post()
  create(@Body() dto: CreatePresetDto, @CurrentUser() user: AuthUser): Promise<PresetView> {
    return this.presets.create(dto, user);
  }

  /** Imports presets from an export; `mode` decides what happens to names that exist (default: fail). */
  @Roles('trader')
  @Post('import')
  @HttpCode(200)
  import(@Body() dto: ImportPresetsDto, @CurrentUser() user: AuthUser): Promise<PresetImportResult> {
    return this.presets.import(dto, user);
  }

  /** Only its owner or an admin (403 for someone else's shared preset). */
  @Roles('trader')
  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdatePresetDto, @CurrentUser() user: AuthUser): Promise<PresetView> {
    return this.presets.update(id, dto, user);
  }

  /** Only its owner or an admin. */
  @Roles('trader')
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.presets.remove(id, user);
  }
}
