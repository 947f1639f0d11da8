/**
 * Validates a plain object (a preset's `filters`) as ScanFiltersDto, with the global pipe's rules (unknown fields
 * are errors) and its field naming, so a bad preset gets the same 400 as a bad request body.
 */
import { HttpStatus } from '@nestjs/common';
import { ScanFiltersDto } from './scan-request.dto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError } from '../common/domain-error';
import { flattenValidationErrors } from '../common/validation';

export function scanFiltersProblems(plain: unknown, field = 'filters'): Array<{ field: string; problems: string[] }> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return [{ field, problems: [`${field} must be an object`] }];
  const dto = plainToInstance(ScanFiltersDto, plain);
  return flattenValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }), field);
}

/** The filters as a ScanFiltersDto, or a 400 naming each bad field (under `field`). */
export function toScanFilters(plain: unknown, field = 'filters'): ScanFiltersDto {
  const problems = scanFiltersProblems(plain, field);
  if (problems.length) throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_FILTERS', problems.map((p) => p.problems.join('; ')).join('; '), problems);
  return plainToInstance(ScanFiltersDto, plain);
}
