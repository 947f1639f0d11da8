import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_RESULTS_PAGE_SIZE, MAX_RESULTS_PAGE_SIZE, SCAN_SORT_FIELDS, SPREAD_ROW_FIELDS } from '@ibsc/scanner';
import { SPREAD_TYPES } from '@ibsc/shared-dto';

const SORT = new RegExp(`^(${SCAN_SORT_FIELDS.join('|')})(:(asc|desc))?$`);
const PAGE = 'page must be an integer from 0 to 100000';
const PAGE_SIZE = `pageSize must be an integer from 1 to ${MAX_RESULTS_PAGE_SIZE}`;
const FIELDS = `fields must be a comma-separated list of: ${SPREAD_ROW_FIELDS.join(', ')}`;
const TYPES = `type must be a comma-separated list of: ${SPREAD_TYPES.join(', ')}`;
const SYMBOLS = 'symbol must be a comma-separated list of up to 100 symbols (letters, digits and dots, e.g. SPY,BRK.B)';

/** `a,b,c` (or the parameter repeated) → trimmed, non-empty items; anything else is left for the validators to refuse. */
const list = ({ value }: { value: unknown }): unknown => {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? [value] : null;
  if (!parts || !parts.every((p) => typeof p === 'string')) return value;
  return (parts as string[]).flatMap((p) => p.split(',')).map((p) => p.trim()).filter((p) => p !== '');
};

/**
 * `GET /scan/results`: paging (by page number, or by the cursor of the previous page), sorting, a symbol/type filter
 * and field selection (ADR 0019). Every bad value is a 400 naming the parameter and what it allows.
 */
export class ScanResultsQueryDto {
  /** Page number, from 0. Default 0. Ignored with `cursor`. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE })
  @Min(0, { message: PAGE })
  @Max(100_000, { message: PAGE })
  page?: number;

  /** Rows per page, 1–5000. Default 100. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE_SIZE })
  @Min(1, { message: PAGE_SIZE })
  @Max(MAX_RESULTS_PAGE_SIZE, { message: PAGE_SIZE })
  pageSize?: number = DEFAULT_RESULTS_PAGE_SIZE;

  /** `field:dir`, e.g. `score:desc` (default) or `pop:asc`; fields: score, pop, popDelta, touch, expectedValue, returnOnRisk, creditToWidth, maxProfit, maxLoss, expectedFill, netMid, width, dte, quoteAgeMs, ivRank, ivPercentile. */
  @IsOptional()
  @Matches(SORT, { message: `sort must be field:asc|desc with a field of: ${SCAN_SORT_FIELDS.join(', ')}` })
  sort?: string;

  /**
   * The `nextCursor` of the previous page: the rows after its last row in the table as it is now (its sort and filters
   * apply; `sort`, `symbol` and `type` may be left out, and must not differ). Rows whose sort value did not change are
   * never repeated nor skipped; compare the page's `cursorSeq` with its `seq` to know whether the table moved.
   */
  @IsOptional()
  @IsString({ message: 'cursor must be the nextCursor of an earlier page' })
  @MaxLength(2000, { message: 'cursor must be the nextCursor of an earlier page' })
  cursor?: string;

  /** Only these row fields (comma-separated; `id` is always returned), e.g. `fields=symbol,type,expiry,score,pop`. */
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(SPREAD_ROW_FIELDS.length, { message: FIELDS })
  @IsIn(SPREAD_ROW_FIELDS, { each: true, message: FIELDS })
  fields?: string[];

  /** Only rows of these underlyings (comma-separated), e.g. `symbol=SPY,QQQ`. */
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(100, { message: SYMBOLS })
  @Matches(/^[A-Za-z0-9.]{1,12}$/, { each: true, message: SYMBOLS })
  symbol?: string[];

  /** Only rows of these spread types (comma-separated), e.g. `type=bull-put,bear-call`. */
  @IsOptional()
  @Transform(list)
  @IsIn(SPREAD_TYPES, { each: true, message: TYPES })
  type?: string[];
}
