import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { SCAN_SORT_FIELDS } from '@ibsc/scanner';

const SORT = new RegExp(`^(${SCAN_SORT_FIELDS.join('|')})(:(asc|desc))?$`);

/** `GET /scan/results` paging and sorting. */
export class ScanResultsQueryDto {
  /** Page number, from 0. Default 0. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be an integer from 0 to 100000' })
  @Min(0, { message: 'page must be an integer from 0 to 100000' })
  @Max(100_000, { message: 'page must be an integer from 0 to 100000' })
  page?: number;

  /** Rows per page, 1–5000. Default 500. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be an integer from 1 to 5000' })
  @Min(1, { message: 'pageSize must be an integer from 1 to 5000' })
  @Max(5000, { message: 'pageSize must be an integer from 1 to 5000' })
  pageSize?: number;

  /** `field:dir`, e.g. `score:desc` (default) or `pop:asc`; fields: score, pop, popDelta, touch, expectedValue, returnOnRisk, creditToWidth, maxProfit, maxLoss, expectedFill, netMid, width, dte, quoteAgeMs, ivRank, ivPercentile. */
  @IsOptional()
  @Matches(SORT, { message: `sort must be field:asc|desc with a field of: ${SCAN_SORT_FIELDS.join(', ')}` })
  sort?: string;
}
