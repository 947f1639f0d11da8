/**
 * Server-side request DTOs of orders.dto: the class-validator classes the global ValidationPipe checks.
 * Each implements its plain wire type in @ibsc/shared-dto, which the browser and API clients import instead.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CLOSE_PRICE_MODES, type ClosePriceModeName, ORDER_STATUS_NAMES, ORDER_TYPES, type OrderStatusName, type OrderTypeName, PRICE_MODES, type PriceModeName, TIFS, type TifName } from '@ibsc/shared-dto';
import type * as wire from '@ibsc/shared-dto';


export class OrderLegDto implements wire.OrderLegDto {
  /** IB contract id when known; otherwise qualified from expiry/strike/right. */
  @IsOptional()
  @IsInt()
  @Min(1)
  conId?: number;

  /** YYYYMMDD. */
  @Matches(/^\d{8}$/, { message: 'expiry must be YYYYMMDD' })
  expiry!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  strike!: number;

  @IsIn(['C', 'P'])
  right!: 'C' | 'P';

  @IsIn(['BUY', 'SELL'])
  action!: 'BUY' | 'SELL';
}

export class WalkOptionsDto implements wire.WalkOptionsDto {
  /** Step as a fraction of the live half-spread (default 0.25). */
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(1)
  stepFraction?: number;

  /** Milliseconds between steps (default 15000). */
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(600000)
  intervalMs?: number;

  /** Cancel when not filled after this many milliseconds (default 120000). */
  @IsOptional()
  @IsInt()
  @Min(5000)
  @Max(86400000)
  timeoutMs?: number;

  /** Largest distance from the live mid, in price units per spread (default 0.10). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  maxSlippage?: number;

  /** Smallest expected value in dollars per spread at the next price. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  evFloor?: number;
}

export class PreviewOrderDto implements wire.PreviewOrderDto {
  /** A scanner result's id; or give underlying + legs. */
  @ValidateIf((o: PreviewOrderDto) => o.legs === undefined)
  @IsString()
  @Length(1, 200)
  spreadId?: string;

  @ValidateIf((o: PreviewOrderDto) => o.spreadId === undefined)
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, { message: 'underlying must be a ticker symbol such as SPY' })
  underlying?: string;

  /** The two legs of a vertical: one BUY, one SELL, same right and expiry. */
  @ValidateIf((o: PreviewOrderDto) => o.spreadId === undefined)
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => OrderLegDto)
  legs?: OrderLegDto[];

  /**
   * IB trading class of both legs, with explicit legs when the symbol lists two classes on one date (SPX AM
   * monthlies and SPXW on the third Friday); a scanner spreadId carries it already (`…|SPXW`).
   */
  @ValidateIf((o: PreviewOrderDto) => o.tradingClass !== undefined)
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, { message: 'tradingClass must be an IB trading class such as SPXW' })
  tradingClass?: string;

  /** Number of spreads. */
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity!: number;

  @IsIn(ORDER_TYPES)
  orderType!: OrderTypeName;

  /** Must be true for a MKT order. */
  @ValidateIf((o: PreviewOrderDto) => o.orderType === 'MKT')
  @Equals(true, { message: 'confirmMarket must be true to send a MKT order' })
  confirmMarket?: boolean;

  /** LMT only; default mid. */
  @IsOptional()
  @IsIn(PRICE_MODES)
  priceMode?: PriceModeName;

  /** Signed BAG limit, required with priceMode manual. */
  @ValidateIf((o: PreviewOrderDto) => o.priceMode === 'manual')
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(-10000)
  @Max(10000)
  limit?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => WalkOptionsDto)
  walk?: WalkOptionsDto;

  @IsOptional()
  @IsIn(TIFS)
  tif?: TifName;

  /** Take-profit at this percentage of the max profit (OCA with the stop). */
  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(99)
  takeProfitPct?: number;

  /** Protective stop at this percentage of the max loss. */
  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(100)
  stopLossPct?: number;
}

/** Same body as a preview; sent with the Idempotency-Key header. */
export class PlaceOrderDto extends PreviewOrderDto implements wire.PlaceOrderDto {}

export class ModifyOrderDto implements wire.ModifyOrderDto {
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(-10000)
  @Max(10000)
  limit?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity?: number;
}

/** POST /positions/:id/close (with the Idempotency-Key header). */
export class ClosePositionDto implements wire.ClosePositionDto {
  /** Spreads to close; default the whole open quantity; never more than it. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity?: number;

  /** Default mid; natural crosses the spread; manual needs `limit`. */
  @IsOptional()
  @IsIn(CLOSE_PRICE_MODES)
  priceMode?: ClosePriceModeName;

  /** Signed BAG limit of the SELL, required with priceMode manual (a credit spread is bought back at a negative price). */
  @ValidateIf((o: ClosePositionDto) => o.priceMode === 'manual')
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(-10000)
  @Max(10000)
  limit?: number;

  @IsOptional()
  @IsIn(TIFS)
  tif?: TifName;
}

export class KillSwitchDto implements wire.KillSwitchDto {
  /** true trips the switch, false resets it (admin). */
  @IsBoolean()
  tripped!: boolean;

  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class TradesQueryDto implements wire.TradesQueryDto {
  @IsOptional()
  @IsISO8601()
  from?: string;

  @IsOptional()
  @IsISO8601()
  to?: string;

  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, { message: 'underlying must be a ticker symbol such as SPY' })
  underlying?: string;

  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** GET /orders filters. */
export class OrdersQueryDto implements wire.OrdersQueryDto {
  @IsOptional()
  @IsIn(ORDER_STATUS_NAMES)
  status?: OrderStatusName;

  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9.]{0,9}$/, { message: 'underlying must be a ticker symbol such as SPY' })
  underlying?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
