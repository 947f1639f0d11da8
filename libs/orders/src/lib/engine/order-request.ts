/**
 * A REST ticket (PreviewOrderDto / PlaceOrderDto) → the vertical in canonical BAG form and its limit.
 * `spreadId` is the scanner's id (`SYMBOL|YYYYMMDD|type|short/long[|CLASS]`, libs/scanner spread-id.ts): it names the
 * spread completely, so it resolves without the scanner's current results; explicit legs work the same.
 */
import { parseSpreadId } from '@ibsc/scanner';
import type { PreviewOrderDto } from '@ibsc/shared-dto';
import { OrdersError, OrdersErrors } from '../orders-error';
import { HttpStatus } from '@nestjs/common';
import type { ComboQuote } from '../pricing/combo-quote';
import { limitFor, type PriceMode } from '../pricing/limit-price';
import { classifyVertical, InvalidSpreadError, type VerticalShape, type VerticalSpec } from '../pricing/vertical';
import { DEFAULT_WALK, planWalkStep, type WalkSettings } from '../pricing/walk-planner';

/** Every US option the product trades, equity, ETF and index (SPX, XSP, NDX, RUT), has multiplier 100. */
export const US_OPTION_MULTIPLIER = 100;

export function verticalFromRequest(dto: PreviewOrderDto): { spec: VerticalSpec; shape: VerticalShape } {
  let spec: VerticalSpec;
  if (dto.spreadId !== undefined && dto.legs === undefined) {
    const p = parseSpreadId(dto.spreadId);
    if (!p) throw new OrdersError(HttpStatus.BAD_REQUEST, 'INVALID_SPREAD', `spreadId "${dto.spreadId}" is not a scanner spread id (SYMBOL|YYYYMMDD|type|short/long)`, [{ field: 'spreadId', problems: ['not a scanner spread id'] }]);
    const right = p.type === 'bull-call' || p.type === 'bear-call' ? 'C' : 'P';
    const leg = (strike: number, action: 'BUY' | 'SELL') => ({ conId: null, expiry: p.expiry, strike, right, action, ratio: 1 }) as const;
    spec = { underlying: p.symbol, multiplier: US_OPTION_MULTIPLIER, legs: [leg(p.longStrike, 'BUY'), leg(p.shortStrike, 'SELL')] };
    if (p.tradingClass) spec.tradingClass = p.tradingClass;
  } else {
    const legs = dto.legs ?? [];
    if (!dto.underlying || legs.length !== 2) throw OrdersErrors.invalidSpread('give a spreadId, or an underlying and two legs');
    const [a, b] = legs.map((l) => ({ conId: l.conId ?? null, expiry: l.expiry, strike: l.strike, right: l.right, action: l.action, ratio: 1 }));
    spec = { underlying: dto.underlying, multiplier: US_OPTION_MULTIPLIER, legs: [a, b] };
    if (dto.tradingClass) spec.tradingClass = dto.tradingClass;
  }
  try {
    const shape = classifyVertical(spec);
    if (spec.legs[0].action !== 'BUY') spec = { ...spec, legs: [spec.legs[1], spec.legs[0]] };
    return { spec, shape };
  } catch (e) {
    if (e instanceof InvalidSpreadError) throw OrdersErrors.invalidSpread(e.message);
    throw e;
  }
}

export function walkSettings(dto: PreviewOrderDto): WalkSettings | null {
  if (!dto.walk) return null;
  return {
    stepFraction: dto.walk.stepFraction ?? DEFAULT_WALK.stepFraction,
    intervalMs: dto.walk.intervalMs ?? DEFAULT_WALK.intervalMs,
    timeoutMs: dto.walk.timeoutMs ?? DEFAULT_WALK.timeoutMs,
    maxSlippage: dto.walk.maxSlippage ?? DEFAULT_WALK.maxSlippage,
    evFloor: dto.walk.evFloor ?? DEFAULT_WALK.evFloor,
  };
}

export interface Priced {
  orderType: 'LMT' | 'MKT';
  priceMode: PriceMode | 'market';
  /** Signed BAG limit (null for MKT, or when there is no quote to price from). */
  limitPrice: number | null;
}

/** The opening limit: a walk starts at the mid (step 0); otherwise the price mode (default mid). */
export function priceTicket(dto: PreviewOrderDto, q: ComboQuote | null, walk: WalkSettings | null): Priced {
  if (dto.orderType === 'MKT') return { orderType: 'MKT', priceMode: 'market', limitPrice: null };
  if (walk) return { orderType: 'LMT', priceMode: 'mid', limitPrice: q ? planWalkStep(0, q, 'BUY', walk).price : null };
  const mode = dto.priceMode ?? 'mid';
  if (mode === 'manual') return { orderType: 'LMT', priceMode: 'manual', limitPrice: dto.limit ?? null };
  return { orderType: 'LMT', priceMode: mode, limitPrice: q ? limitFor(mode, q, 'BUY') : null };
}
