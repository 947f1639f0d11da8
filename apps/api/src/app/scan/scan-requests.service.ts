import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { ContinuousScanService, type PreviewBudget, type ScanSettings } from '@ibsc/scanner';
import type { ScanFilters } from '@ibsc/shared-dto';
import type { ScanRequestDto } from './scan-request.dto';
import { toDomainError } from '../common/domain-error-mapping';
import { PresetsService } from '../presets/presets.service';
import { toScanFilters } from './scan-filters.validation';

/**
 * Turns HTTP requests into scan settings (a preset's filters under the request's own) and the scanner's errors into
 * domain errors: a request the chains cannot serve is a 400 naming the field, no gateway is a 503.
 */
@Injectable()
export class ScanRequestsService {
  constructor(
    private readonly scan: ContinuousScanService,
    private readonly presets: PresetsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The configured budget of one preview count (SCAN_PREVIEW_TIMEOUT_MS, SCAN_PREVIEW_MAX_CONTRACTS). */
  previewBudget(): Pick<PreviewBudget, 'timeoutMs' | 'maxContracts'> {
    return { timeoutMs: this.config.scanPreviewTimeoutMs, maxContracts: this.config.scanPreviewMaxContracts };
  }

  /** The request with its preset's filters (validated as ScanFiltersDto) under its own, field by field. */
  async settings(dto: ScanRequestDto): Promise<ScanSettings> {
    let filters: ScanFilters | undefined = dto.filters ? plain(dto.filters) : undefined;
    if (dto.presetId) {
      const preset = await this.presets.get(dto.presetId);
      const stored = plain(toScanFilters(preset.filters, 'filters'));
      filters = { ...stored, ...(filters ?? {}) };
    }
    return { symbols: dto.symbols, spreadTypes: dto.spreadTypes, widths: dto.widths, k: dto.k, filters, maxRows: dto.maxRows, presetId: dto.presetId };
  }

  /** Runs a scanner call, mapping its errors. */
  async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw toDomainError(e);
    }
  }
}

/** A DTO instance as a plain object without undefined fields (what the engine and presets store). */
function plain<T extends object>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
