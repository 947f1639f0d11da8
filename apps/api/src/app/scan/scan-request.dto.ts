/**
 * Server-side request DTOs of scan.dto: the class-validator classes the global ValidationPipe checks.
 * Each implements its plain wire type in @ibsc/shared-dto, which the browser and API clients import instead.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { EARNINGS_MODES, type EarningsMode, MISSING_DATA_MODES, type MissingDataMode, type NumericRange, SPREAD_TYPES, type SpreadType } from '@ibsc/shared-dto';
import type * as wire from '@ibsc/shared-dto';


interface RangeSpec {
  /** The field's path in the request, used in messages, e.g. "filters.pop". */
  field: string;
  lo: number;
  hi: number;
  integer?: boolean;
}

function minNotAboveMax(field: string): PropertyDecorator {
  return ValidateBy({
    name: 'minNotAboveMax',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const min = (args?.object as NumericRange | undefined)?.min;
        return typeof value !== 'number' || typeof min !== 'number' || min <= value;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${field}: min (${String((args?.object as NumericRange | undefined)?.min)}) must not be greater than max (${String(args?.value)})`,
    },
  });
}

/** Builds a range class whose messages name the field and the allowed values. */
function rangeDto(spec: RangeSpec) {
  const kind = spec.integer ? 'an integer' : 'a number';
  const allowed = (bound: 'min' | 'max') => ({ message: `${spec.field}.${bound} must be ${kind} from ${spec.lo} to ${spec.hi}` });
  const number = spec.integer ? () => IsInt(allowed('min')) : () => IsNumber({ allowNaN: false, allowInfinity: false }, allowed('min'));
  const numberMax = spec.integer ? () => IsInt(allowed('max')) : () => IsNumber({ allowNaN: false, allowInfinity: false }, allowed('max'));
  class RangeDto implements NumericRange {
    /** Lower bound, inclusive. */
    @IsOptional()
    @number()
    @Min(spec.lo, allowed('min'))
    @Max(spec.hi, allowed('min'))
    min?: number;

    /** Upper bound, inclusive; must not be below min. */
    @IsOptional()
    @numberMax()
    @Min(spec.lo, allowed('max'))
    @Max(spec.hi, allowed('max'))
    @minNotAboveMax(spec.field)
    max?: number;
  }
  return RangeDto;
}

const MONEY_LIMIT = 10_000_000;

/** Days to expiry, calendar days, integers 0–1000. */
export class DteRangeDto extends rangeDto({ field: 'filters.dte', lo: 0, hi: 1000, integer: true }) {}
/** |Δ| of the short leg, 0–1. */
export class ShortDeltaRangeDto extends rangeDto({ field: 'filters.shortDelta', lo: 0, hi: 1 }) {}
/** Today's volume of each leg (both legs must pass), integers ≥ 0. */
export class LegVolumeRangeDto extends rangeDto({ field: 'filters.legVolume', lo: 0, hi: 1e9, integer: true }) {}
/** Open interest of each leg (both legs must pass), integers ≥ 0. */
export class LegOpenInterestRangeDto extends rangeDto({ field: 'filters.legOpenInterest', lo: 0, hi: 1e9, integer: true }) {}
/** Ask − bid of each leg, per share, 0–1000. */
export class LegBidAskRangeDto extends rangeDto({ field: 'filters.legBidAsk', lo: 0, hi: 1000 }) {}
/** (Ask − bid)/mid of each leg, in percent, 0–200. */
export class LegBidAskPctRangeDto extends rangeDto({ field: 'filters.legBidAskPct', lo: 0, hi: 200 }) {}
/** Distance between the strikes, per share, 0–10000. */
export class WidthRangeDto extends rangeDto({ field: 'filters.width', lo: 0, hi: 10_000 }) {}
/** Net gamma per spread (Δ change in shares per $1), −1e7 to 1e7. */
export class NetGammaRangeDto extends rangeDto({ field: 'filters.netGamma', lo: -MONEY_LIMIT, hi: MONEY_LIMIT }) {}
/** Net theta per spread, money per calendar day, −1e7 to 1e7. */
export class NetThetaRangeDto extends rangeDto({ field: 'filters.netTheta', lo: -MONEY_LIMIT, hi: MONEY_LIMIT }) {}
/** Net vega per spread, money per vol point, −1e7 to 1e7. */
export class NetVegaRangeDto extends rangeDto({ field: 'filters.netVega', lo: -MONEY_LIMIT, hi: MONEY_LIMIT }) {}
/** IV rank of the underlying, 0–100 (see IV_RANK_METHOD). */
export class IvRankRangeDto extends rangeDto({ field: 'filters.ivRank', lo: 0, hi: 100 }) {}
/** IV percentile of the underlying, 0–100 (see IV_PERCENTILE_METHOD). */
export class IvPercentileRangeDto extends rangeDto({ field: 'filters.ivPercentile', lo: 0, hi: 100 }) {}
/** Probability of profit (POP_METHOD), 0–1. */
export class PopRangeDto extends rangeDto({ field: 'filters.pop', lo: 0, hi: 1 }) {}
/** Return on risk = max profit / max loss at the expected fill, 0–1000 (0.25 = 25 %). */
export class ReturnOnRiskRangeDto extends rangeDto({ field: 'filters.returnOnRisk', lo: 0, hi: 1000 }) {}
/** Credit / width at the expected fill, credit spreads only, 0–1. */
export class CreditToWidthRangeDto extends rangeDto({ field: 'filters.creditToWidth', lo: 0, hi: 1 }) {}
/** Expected value per spread (EV_METHOD), money, −1e7 to 1e7. */
export class ExpectedValueRangeDto extends rangeDto({ field: 'filters.expectedValue', lo: -MONEY_LIMIT, hi: MONEY_LIMIT }) {}

// ---------------------------------------------------------------------------------------------------------------
// Request DTOs

/** Every filter is optional; an absent filter does not run. Range bounds are inclusive. */
export class ScanFiltersDto implements wire.ScanFilters {
  @IsOptional() @ValidateNested() @Type(() => DteRangeDto) dte?: DteRangeDto;
  @IsOptional() @ValidateNested() @Type(() => ShortDeltaRangeDto) shortDelta?: ShortDeltaRangeDto;
  @IsOptional() @ValidateNested() @Type(() => LegVolumeRangeDto) legVolume?: LegVolumeRangeDto;
  @IsOptional() @ValidateNested() @Type(() => LegOpenInterestRangeDto) legOpenInterest?: LegOpenInterestRangeDto;
  @IsOptional() @ValidateNested() @Type(() => LegBidAskRangeDto) legBidAsk?: LegBidAskRangeDto;
  @IsOptional() @ValidateNested() @Type(() => LegBidAskPctRangeDto) legBidAskPct?: LegBidAskPctRangeDto;
  @IsOptional() @ValidateNested() @Type(() => WidthRangeDto) width?: WidthRangeDto;
  @IsOptional() @ValidateNested() @Type(() => NetGammaRangeDto) netGamma?: NetGammaRangeDto;
  @IsOptional() @ValidateNested() @Type(() => NetThetaRangeDto) netTheta?: NetThetaRangeDto;
  @IsOptional() @ValidateNested() @Type(() => NetVegaRangeDto) netVega?: NetVegaRangeDto;
  @IsOptional() @ValidateNested() @Type(() => IvRankRangeDto) ivRank?: IvRankRangeDto;
  @IsOptional() @ValidateNested() @Type(() => IvPercentileRangeDto) ivPercentile?: IvPercentileRangeDto;
  @IsOptional() @ValidateNested() @Type(() => PopRangeDto) pop?: PopRangeDto;
  @IsOptional() @ValidateNested() @Type(() => ReturnOnRiskRangeDto) returnOnRisk?: ReturnOnRiskRangeDto;
  @IsOptional() @ValidateNested() @Type(() => CreditToWidthRangeDto) creditToWidth?: CreditToWidthRangeDto;
  @IsOptional() @ValidateNested() @Type(() => ExpectedValueRangeDto) expectedValue?: ExpectedValueRangeDto;

  /** Minimum net credit per share at the expected fill; credit spreads only. 0–10000. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'filters.minCredit must be a number from 0 to 10000' })
  @Min(0, { message: 'filters.minCredit must be a number from 0 to 10000' })
  @Max(10_000, { message: 'filters.minCredit must be a number from 0 to 10000' })
  minCredit?: number;

  /** Maximum net debit per share at the expected fill; debit spreads only. 0–10000. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'filters.maxDebit must be a number from 0 to 10000' })
  @Min(0, { message: 'filters.maxDebit must be a number from 0 to 10000' })
  @Max(10_000, { message: 'filters.maxDebit must be a number from 0 to 10000' })
  maxDebit?: number;

  /** Earnings between now and expiry: drop the spread ('exclude') or keep it with EARNINGS_IN_WINDOW ('flag'). */
  @IsOptional()
  @IsIn(EARNINGS_MODES, { message: `filters.earnings must be one of: ${EARNINGS_MODES.join(', ')}` })
  earnings?: EarningsMode;

  /** A row whose filtered field is missing (no OI, no greeks…) is kept and flagged ('keep', default) or dropped. */
  @IsOptional()
  @IsIn(MISSING_DATA_MODES, { message: `filters.onMissing must be one of: ${MISSING_DATA_MODES.join(', ')}` })
  onMissing?: MissingDataMode;
}

export class ScanRequestDto implements wire.ScanRequestDto {
  /** Underlying symbols, 1–50, e.g. ["SPY", "QQQ"]. */
  @IsArray({ message: 'symbols must be an array of 1 to 50 symbols' })
  @ArrayMinSize(1, { message: 'symbols must be an array of 1 to 50 symbols' })
  @ArrayMaxSize(50, { message: 'symbols must be an array of 1 to 50 symbols' })
  @ArrayUnique({ message: 'symbols must not repeat a symbol' })
  @IsString({ each: true, message: 'symbols must hold upper-case tickers like "SPY" or "BRK.B"' })
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, { each: true, message: 'symbols must hold upper-case tickers like "SPY" or "BRK.B"' })
  symbols!: string[];

  /** Which verticals to build: any of bull-call, bear-put (debit), bull-put, bear-call (credit). */
  @IsArray({ message: `spreadTypes must be an array of: ${SPREAD_TYPES.join(', ')}` })
  @ArrayMinSize(1, { message: `spreadTypes must be an array of: ${SPREAD_TYPES.join(', ')}` })
  @ArrayUnique({ message: 'spreadTypes must not repeat a type' })
  @IsIn(SPREAD_TYPES, { each: true, message: `spreadTypes must be an array of: ${SPREAD_TYPES.join(', ')}` })
  spreadTypes!: SpreadType[];

  /** Strike widths to build, per share, 1–10 values each above 0 and at most 1000, e.g. [1, 2.5, 5]. */
  @IsArray({ message: 'widths must be an array of 1 to 10 numbers above 0 and at most 1000' })
  @ArrayMinSize(1, { message: 'widths must be an array of 1 to 10 numbers above 0 and at most 1000' })
  @ArrayMaxSize(10, { message: 'widths must be an array of 1 to 10 numbers above 0 and at most 1000' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, message: 'widths must be an array of 1 to 10 numbers above 0 and at most 1000' })
  @Min(0.01, { each: true, message: 'widths must be an array of 1 to 10 numbers above 0 and at most 1000' })
  @Max(1000, { each: true, message: 'widths must be an array of 1 to 10 numbers above 0 and at most 1000' })
  widths!: number[];

  /** Expected-fill slippage: 0 = mid, 1 = natural (FILL_METHOD). Default 0.5. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'k must be a number from 0 to 1' })
  @Min(0, { message: 'k must be a number from 0 to 1' })
  @Max(1, { message: 'k must be a number from 0 to 1' })
  k?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => ScanFiltersDto)
  filters?: ScanFiltersDto;

  /** The preset these settings came from, if any. */
  @IsOptional()
  @IsString({ message: 'presetId must be a string of 1 to 64 characters' })
  @Length(1, 64, { message: 'presetId must be a string of 1 to 64 characters' })
  presetId?: string;

  /** Keep the best N rows by score, 1–5000. Default 500. */
  @IsOptional()
  @IsInt({ message: 'maxRows must be an integer from 1 to 5000' })
  @Min(1, { message: 'maxRows must be an integer from 1 to 5000' })
  @Max(5000, { message: 'maxRows must be an integer from 1 to 5000' })
  maxRows?: number;
}
