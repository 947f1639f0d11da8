import type { OrderLegDto, OrderTypeName, PreviewOrderDto, PriceModeName, SpreadRow, TifName, WalkOptionsDto } from '@ibsc/shared-dto';

/** Everything the ticket edits. Walk times are in seconds here, milliseconds on the wire. */
export interface TicketState {
  quantity: number;
  orderType: OrderTypeName;
  /** MKT only: the user ticked "I accept any price". */
  confirmMarket: boolean;
  priceMode: PriceModeName;
  /** Signed BAG limit for manual mode (credit negative). */
  manualLimit: number | null;
  walkEnabled: boolean;
  walk: { stepFraction: number; intervalSec: number; timeoutSec: number; maxSlippage: number; evFloor: number | null };
  tif: TifName;
  takeProfitEnabled: boolean;
  takeProfitPct: number;
  stopLossEnabled: boolean;
  stopLossPct: number;
}

export function defaultTicket(row: Pick<SpreadRow, 'side' | 'expectedFill'>): TicketState {
  return {
    quantity: 1,
    orderType: 'LMT',
    confirmMarket: false,
    priceMode: 'mid',
    manualLimit: signedPrice(row.side, row.expectedFill),
    walkEnabled: false,
    walk: { stepFraction: 0.25, intervalSec: 15, timeoutSec: 120, maxSlippage: 0.1, evFloor: null },
    tif: 'DAY',
    takeProfitEnabled: false,
    takeProfitPct: 50,
    stopLossEnabled: false,
    stopLossPct: 100,
  };
}

/** IB prices a combo as Σ BUY − Σ SELL: a credit received is negative, a debit paid positive. */
export function signedPrice(side: SpreadRow['side'], perShare: number): number {
  const v = Math.round(perShare * 100) / 100;
  return side === 'credit' ? -v : v;
}

/** The signed limit each price mode would start at, from the row as last seen. */
export function modePrice(row: Pick<SpreadRow, 'side' | 'netMid' | 'netNatural' | 'expectedFill'>, mode: PriceModeName, manual: number | null): number | null {
  switch (mode) {
    case 'mid':
      return signedPrice(row.side, row.netMid);
    case 'natural':
      return signedPrice(row.side, row.netNatural);
    case 'expected':
      return signedPrice(row.side, row.expectedFill);
    case 'manual':
      return manual;
  }
}

/** The two legs: the short one sold, the long one bought. */
export function orderLegs(row: Pick<SpreadRow, 'expiry' | 'short' | 'long'>): OrderLegDto[] {
  const leg = (l: SpreadRow['short'], action: 'BUY' | 'SELL'): OrderLegDto => ({
    ...(l.conId ? { conId: l.conId } : {}),
    expiry: row.expiry,
    strike: l.strike,
    right: l.right,
    action,
  });
  return [leg(row.short, 'SELL'), leg(row.long, 'BUY')];
}

/**
 * The body for preview and place: exactly what the confirmation shows. It names the spread both ways (the
 * scanner's id and the explicit legs) so the order does not depend on the scanner still holding the row.
 */
export function toOrderDto(row: Pick<SpreadRow, 'id' | 'symbol' | 'expiry' | 'short' | 'long'>, t: TicketState): PreviewOrderDto {
  const dto: PreviewOrderDto = {
    spreadId: row.id,
    underlying: row.symbol,
    legs: orderLegs(row),
    quantity: t.quantity,
    orderType: t.orderType,
    tif: t.tif,
  };
  if (t.orderType === 'MKT') {
    dto.confirmMarket = t.confirmMarket;
  } else {
    dto.priceMode = t.priceMode;
    if (t.priceMode === 'manual' && t.manualLimit !== null) dto.limit = t.manualLimit;
    if (t.walkEnabled) {
      const walk: WalkOptionsDto = {
        stepFraction: t.walk.stepFraction,
        intervalMs: Math.round(t.walk.intervalSec * 1000),
        timeoutMs: Math.round(t.walk.timeoutSec * 1000),
        maxSlippage: t.walk.maxSlippage,
      };
      if (t.walk.evFloor !== null) walk.evFloor = t.walk.evFloor;
      dto.walk = walk;
    }
  }
  if (t.takeProfitEnabled) dto.takeProfitPct = t.takeProfitPct;
  if (t.stopLossEnabled) dto.stopLossPct = t.stopLossPct;
  return dto;
}

/** What must be fixed before a preview is worth asking for (the API checks again). */
export function ticketProblems(t: TicketState): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Number.isInteger(t.quantity) || t.quantity < 1 || t.quantity > 10_000) out['quantity'] = 'Quantity must be a whole number from 1 to 10000.';
  if (t.orderType === 'MKT' && !t.confirmMarket) out['confirmMarket'] = 'A market order fills at any price: tick the box to accept that.';
  if (t.orderType === 'LMT' && t.priceMode === 'manual') {
    if (t.manualLimit === null || !Number.isFinite(t.manualLimit)) out['limit'] = 'Give a limit price.';
    else if (Math.abs(t.manualLimit * 100 - Math.round(t.manualLimit * 100)) > 1e-6) out['limit'] = 'At most 2 decimals.';
  }
  if (t.takeProfitEnabled && (t.takeProfitPct < 1 || t.takeProfitPct > 99)) out['takeProfitPct'] = 'Take-profit: 1–99 % of the max profit.';
  if (t.stopLossEnabled && (t.stopLossPct < 1 || t.stopLossPct > 100)) out['stopLossPct'] = 'Stop: 1–100 % of the max loss.';
  return out;
}
