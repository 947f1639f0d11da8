/**
 * The four verticals as IB BAG combos. Canonical form: the BAG is BOUGHT to open, its legs are the spread's real
 * legs (the long option BUY, the short option SELL, ratio 1), and its price is signed the way IB prices a BAG:
 * Σ BUY legs − Σ SELL legs. A debit spread therefore has a positive price and a credit spread a negative one
 * (a bull put for a 0.45 credit is BUY BAG at −0.45). Closing is SELL of the same BAG.
 */
import type { SpreadRow, SpreadType } from '@ibsc/shared-dto';

/** The scanner's vocabulary (libs/shared-dto scan.dto.ts): bull-call and bear-put are debits. */
export type VerticalType = SpreadType;
export type OptionRight = 'C' | 'P';
export type OrderAction = 'BUY' | 'SELL';

export interface VerticalLeg {
  /** IB contract id once qualified through contract details; null before. */
  conId: number | null;
  expiry: string;
  strike: number;
  right: OptionRight;
  action: OrderAction;
  ratio: number;
}

export interface VerticalSpec {
  underlying: string;
  /** Contract multiplier (100 for US equity options). */
  multiplier: number;
  legs: readonly [VerticalLeg, VerticalLeg];
  /** IB trading class of both legs when the symbol has more than one (SPX / SPXW); absent: the symbol's own. */
  tradingClass?: string;
}

export interface VerticalShape {
  type: VerticalType;
  right: OptionRight;
  expiry: string;
  width: number;
  lowerStrike: number;
  upperStrike: number;
  /** Debit spreads are paid for (price > 0), credit spreads collect (price < 0). */
  side: 'debit' | 'credit';
  /** Range of the BAG's value per unit at expiry: [0, width] for a debit, [−width, 0] for a credit. */
  payoffMin: number;
  payoffMax: number;
}

export class InvalidSpreadError extends Error {}

/** Classifies two legs as one of the four verticals, or throws naming what is wrong. */
export function classifyVertical(spec: VerticalSpec): VerticalShape {
  const [a, b] = spec.legs;
  if (!a || !b || spec.legs.length !== 2) throw new InvalidSpreadError('a vertical has exactly two legs');
  if (a.right !== b.right) throw new InvalidSpreadError('both legs must be calls or both puts');
  if (a.expiry !== b.expiry) throw new InvalidSpreadError('both legs must share one expiry');
  if (a.ratio !== 1 || b.ratio !== 1) throw new InvalidSpreadError('leg ratios must be 1');
  if (a.action === b.action) throw new InvalidSpreadError('one leg must be BUY and the other SELL');
  if (!(a.strike > 0) || !(b.strike > 0) || a.strike === b.strike) throw new InvalidSpreadError('strikes must be positive and different');
  const long = a.action === 'BUY' ? a : b;
  const short = a.action === 'BUY' ? b : a;
  const width = Math.abs(a.strike - b.strike);
  const right = a.right;
  let type: VerticalType;
  if (right === 'C') type = long.strike < short.strike ? 'bull-call' : 'bear-call';
  else type = long.strike > short.strike ? 'bear-put' : 'bull-put';
  const side = type === 'bull-call' || type === 'bear-put' ? 'debit' : 'credit';
  return {
    type,
    right,
    expiry: a.expiry,
    width,
    lowerStrike: Math.min(a.strike, b.strike),
    upperStrike: Math.max(a.strike, b.strike),
    side,
    payoffMin: side === 'debit' ? 0 : -width,
    payoffMax: side === 'debit' ? width : 0,
  };
}

export interface SpreadEconomics {
  /** Per spread unit in dollars (× multiplier), for the BAG bought at `price`. */
  maxProfit: number;
  maxLoss: number;
  breakeven: number;
}

/** Max profit, max loss and breakeven (underlying price at expiry) of the BAG bought at the signed `price`. */
export function spreadEconomics(shape: VerticalShape, price: number, multiplier: number): SpreadEconomics {
  const maxProfit = (shape.payoffMax - price) * multiplier;
  const maxLoss = (price - shape.payoffMin) * multiplier;
  let breakeven: number;
  switch (shape.type) {
    case 'bull-call':
      breakeven = shape.lowerStrike + price;
      break;
    case 'bear-call':
      breakeven = shape.lowerStrike - price;
      break;
    case 'bull-put':
      breakeven = shape.upperStrike + price;
      break;
    case 'bear-put':
      breakeven = shape.upperStrike - price;
      break;
  }
  return { maxProfit: round2(maxProfit), maxLoss: round2(maxLoss), breakeven: round4(breakeven) };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
function round4(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

/** The vertical of a scanner row, in canonical BAG form (long leg BUY, short leg SELL). */
export function verticalFromSpreadRow(row: Pick<SpreadRow, 'symbol' | 'expiry' | 'multiplier' | 'long' | 'short'>): VerticalSpec {
  const leg = (l: SpreadRow['long'], action: OrderAction): VerticalLeg => ({ conId: l.conId, expiry: row.expiry, strike: l.strike, right: l.right, action, ratio: 1 });
  return { underlying: row.symbol, multiplier: row.multiplier, legs: [leg(row.long, 'BUY'), leg(row.short, 'SELL')] };
}

/** The scanner's unsigned net (debit paid or credit received, ≥ 0) as a signed BAG price. */
export function signedBagPrice(side: 'debit' | 'credit', net: number): number {
  return side === 'debit' ? net : -net;
}
