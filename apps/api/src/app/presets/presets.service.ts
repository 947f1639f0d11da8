import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { PresetExport, PresetImportResult, PresetView } from '@ibsc/shared-dto';
import type { CreatePresetDto, ImportPresetsDto, UpdatePresetDto } from './preset.dto';
import { Brackets, DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation } from '../database/pg-errors';
import { toScanFilters } from '../scan/scan-filters.validation';
import { PresetEntity } from './preset.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who is asking: the preset rules need the user's id and whether they are an admin. */
export type PresetActor = Pick<AuthUser, 'id' | 'role'>;

const isAdmin = (a: PresetActor) => a.role === 'admin';
/** Owner or admin may change a preset; legacy presets (no owner) only admins. */
const mayEdit = (p: PresetEntity, a: PresetActor) => isAdmin(a) || (p.ownerId !== null && p.ownerId === a.id);
const mayRead = (p: PresetEntity, a: PresetActor) => p.shared || mayEdit(p, a);

function toView(p: PresetEntity, actor: PresetActor | null): PresetView {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    filters: p.filters,
    ownerId: p.ownerId,
    owner: p.owner?.username ?? null,
    shared: p.shared,
    editable: actor ? mayEdit(p, actor) : false,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function notFound(id: string): DomainError {
  return new DomainError(HttpStatus.NOT_FOUND, 'PRESET_NOT_FOUND', `no preset with id ${id}`);
}

function nameTaken(name: string): DomainError {
  return new DomainError(HttpStatus.CONFLICT, 'PRESET_EXISTS', `a preset named "${name}" exists`, [
    { field: 'name', problems: ['name is taken'] },
  ]);
}

@Injectable()
export class PresetsService {
  constructor(
    @InjectRepository(PresetEntity) private readonly presets: Repository<PresetEntity>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The presets the actor may see: their own, the shared ones, and every one for an admin. */
  async list(actor: PresetActor): Promise<PresetView[]> {
    return (await this.visible(actor).getMany()).map((p) => toView(p, actor));
  }

  /** One preset; without an actor (a scan naming a preset id) any preset, as before owners existed. */
  async get(id: string, actor?: PresetActor): Promise<PresetView> {
    const preset = await this.find(id);
    if (actor && !mayRead(preset, actor)) throw notFound(id);
    return toView(preset, actor ?? null);
  }

  async create(dto: CreatePresetDto, actor: PresetActor): Promise<PresetView> {
    toScanFilters(dto.filters);
    try {
      const saved = await this.presets.save(
        this.presets.create({ name: dto.name.trim(), description: dto.description ?? null, filters: dto.filters, ownerId: actor.id, shared: dto.shared ?? false }),
      );
      return this.get(saved.id, actor);
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(dto.name);
      throw e;
    }
  }

  async update(id: string, dto: UpdatePresetDto, actor: PresetActor): Promise<PresetView> {
    if (dto.filters !== undefined) toScanFilters(dto.filters);
    const preset = await this.editable(id, actor);
    if (dto.name !== undefined) preset.name = dto.name.trim();
    if (dto.description !== undefined) preset.description = dto.description;
    if (dto.filters !== undefined) preset.filters = dto.filters;
    if (dto.shared !== undefined) preset.shared = dto.shared;
    try {
      await this.presets.save(preset);
      return this.get(id, actor);
    } catch (e) {
      if (isUniqueViolation(e)) throw nameTaken(preset.name);
      throw e;
    }
  }

  async remove(id: string, actor: PresetActor): Promise<void> {
    const preset = await this.editable(id, actor);
    await this.presets.remove(preset);
  }

  async export(now: Date, actor: PresetActor): Promise<PresetExport> {
    const all = await this.visible(actor).getMany();
    return {
      format: 'ibsc-presets',
      version: 1,
      exportedAt: now.toISOString(),
      presets: all.map((p) => ({ name: p.name, description: p.description, filters: p.filters })),
    };
  }

  /** All or nothing: one transaction, so a failed import leaves no preset half-written. */
  async import(dto: ImportPresetsDto, actor: PresetActor): Promise<PresetImportResult> {
    const mode = dto.mode ?? 'fail';
    const seen = new Set<string>();
    for (const p of dto.presets) {
      const key = p.name.trim().toLowerCase();
      if (seen.has(key)) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'DUPLICATE_IN_IMPORT', `the import names "${p.name}" twice`, [
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
        // Names are unique per owner: an import matches and overwrites only the importer's own presets.
        const existing = await repo
          .createQueryBuilder('p')
          .where('lower(p.name) = lower(:name)', { name })
          .andWhere('p.owner_id = :owner', { owner: actor.id })
          .getOne();
        if (existing) {
          if (mode === 'skip') {
            result.skipped++;
            continue;
          }
          if (mode === 'fail') throw nameTaken(name);
          existing.description = p.description ?? null;
          existing.filters = p.filters;
          if (p.shared !== undefined) existing.shared = p.shared;
          await repo.save(existing);
          result.updated++;
        } else {
          await repo.save(repo.create({ name, description: p.description ?? null, filters: p.filters, ownerId: actor.id, shared: p.shared ?? false }));
          result.created++;
        }
      }
      return result;
    });
  }

  private visible(actor: PresetActor): SelectQueryBuilder<PresetEntity> {
    const q = this.presets.createQueryBuilder('p').leftJoinAndSelect('p.owner', 'owner').orderBy('p.name', 'ASC').addOrderBy('p.created_at', 'ASC');
    if (isAdmin(actor)) return q;
    return q.where(new Brackets((w) => w.where('p.shared = true').orWhere('p.owner_id = :me', { me: actor.id })));
  }

  /** A preset the actor may change: 404 when they cannot even see it, 403 when it is someone else's shared one. */
  private async editable(id: string, actor: PresetActor): Promise<PresetEntity> {
    const preset = await this.find(id);
    if (!mayRead(preset, actor)) throw notFound(id);
    if (!mayEdit(preset, actor)) {
      throw new DomainError(HttpStatus.FORBIDDEN, 'PRESET_NOT_YOURS', preset.ownerId ? 'only its owner or an admin may change this preset' : 'only an admin may change this preset (it predates owners)');
    }
    return preset;
  }

  private async find(id: string): Promise<PresetEntity> {
    const preset = UUID.test(id) ? await this.presets.findOne({ where: { id }, relations: { owner: true } }) : null;
    if (!preset) throw notFound(id);
    return preset;
  }
}
