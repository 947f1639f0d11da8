import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type {
  CreatePresetDto,
  ImportPresetsDto,
  PresetExport,
  PresetImportResult,
  PresetView,
  UpdatePresetDto,
} from '@ibsc/shared-dto';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation } from '../database/pg-errors';
import { toScanFilters } from '../scan/scan-filters.validation';
import { PresetEntity } from './preset.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toView(p: PresetEntity): PresetView {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    filters: p.filters,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function nameTaken(name: string): DomainError {
  return new DomainError(HttpStatus.CONFLICT, 'preset_exists', `a preset named "${name}" exists`, [
    { field: 'name', problems: ['name is taken'] },
  ]);
}

@Injectable()
export class PresetsService {
  constructor(
    @InjectRepository(PresetEntity) private readonly presets: Repository<PresetEntity>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async list(): Promise<PresetView[]> {
    return (await this.presets.find({ order: { name: 'ASC' } })).map(toView);
  }

  async get(id: string): Promise<PresetView> {
    return toView(await this.find(id));
  }

  async create(dto: CreatePresetDto): Promise<PresetView> {
    toScanFilters(dto.filters);
    try {
      const saved = await this.presets.save(
        this.presets.create({ name: dto.name.trim(), description: dto.description ?? null, filters: dto.filters }),
      );
      return toView(saved);
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(dto.name);
      throw e;
    }
  }

  async update(id: string, dto: UpdatePresetDto): Promise<PresetView> {
    if (dto.filters !== undefined) toScanFilters(dto.filters);
    const preset = await this.find(id);
    if (dto.name !== undefined) preset.name = dto.name.trim();
    if (dto.description !== undefined) preset.description = dto.description;
    if (dto.filters !== undefined) preset.filters = dto.filters;
    try {
      return toView(await this.presets.save(preset));
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(preset.name);
      throw e;
    }
  }

  async remove(id: string): Promise<void> {
    const preset = await this.find(id);
    await this.presets.remove(preset);
  }

  async export(now: Date): Promise<PresetExport> {
    const all = await this.presets.find({ order: { name: 'ASC' } });
    return {
      format: 'ibsc-presets',
      version: 1,
      exportedAt: now.toISOString(),
      presets: all.map((p) => ({ name: p.name, description: p.description, filters: p.filters })),
    };
  }

  /** All or nothing: one transaction, so a failed import leaves no preset half-written. */
  async import(dto: ImportPresetsDto): Promise<PresetImportResult> {
    const mode = dto.mode ?? 'fail';
    const seen = new Set<string>();
    for (const p of dto.presets) {
      const key = p.name.trim().toLowerCase();
      if (seen.has(key)) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'duplicate_in_import', `the import names "${p.name}" twice`, [
          { field: 'presets', problems: [`duplicate name ${p.name}`] },
        ]);
      }
      seen.add(key);
      toScanFilters(p.filters, `presets.${dto.presets.indexOf(p)}.filters`);
    }
    return this.db.transaction(async (em: EntityManager) => {
      const repo = em.getRepository(PresetEntity);
      const result: PresetImportResult = { created: 0, updated: 0, skipped: 0 };
      for (const p of dto.presets) {
        const name = p.name.trim();
        const existing = await repo.createQueryBuilder('p').where('lower(p.name) = lower(:name)', { name }).getOne();
        if (existing) {
          if (mode === 'skip') {
            result.skipped++;
            continue;
          }
          if (mode === 'fail') throw nameTaken(name);
          existing.description = p.description ?? null;
          existing.filters = p.filters;
          await repo.save(existing);
          result.updated++;
        } else {
          await repo.save(repo.create({ name, description: p.description ?? null, filters: p.filters }));
          result.created++;
        }
      }
      return result;
    });
  }

  private async find(id: string): Promise<PresetEntity> {
    const preset = UUID.test(id) ? await this.presets.findOneBy({ id }) : null;
    if (!preset) throw new DomainError(HttpStatus.NOT_FOUND, 'preset_not_found', `no preset with id ${id}`);
    return preset;
  }
}
