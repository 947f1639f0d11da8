/**
 * Orders, positions, trades and risk over REST and Socket.IO. Plain types (the API validates them with apps/api/src/app/orders/orders.dto.ts).
 * Amounts typed `Amount` are null when IB had no value (nothing, or its UNSET_DOUBLE placeholder ≈ 1.797e308):
 * the console shows "not available", never a number.
 *
 * BAG prices are signed as IB prices combos: Σ BUY legs − Σ SELL legs, so a debit spread is positive and a credit
 * spread negative (bull put for a 0.45 credit: BUY BAG at −0.45).
 */
import type { SpreadType } from './scan.dto';

export type Amount = number | null;
export const NOT_AVAILABLE = 'not available';

export const ORDER_TYPES = ['LMT', 'MKT'] as const;
export type OrderTypeName = (typeof ORDER_TYPES)[number];
export const PRICE_MODES = ['mid', 'natural', 'expected', 'manual'] as const;
export type PriceModeName = (typeof PRICE_MODES)[number];
export const TIFS = ['DAY', 'GTC'] as const;
export type TifName = (typeof TIFS)[number];
export const ORDER_STATUS_NAMES = [
  'created',
  'pending_submit',
  'submitted',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'inactive',
  'unknown',
] as const;
export type OrderStatusName = (typeof ORDER_STATUS_NAMES)[number];
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** 8–128 characters of [A-Za-z0-9_-] (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export interface OrderLegDto {
  /** IB contract id when known; otherwise qualified from expiry/strike/right. */
  conId?: number;

  /** YYYYMMDD. */
  expiry: string;

  strike: number;

  right: 'C' | 'P';

  action: 'BUY' | 'SELL';
}

export interface WalkOptionsDto {
  /** Step as a fraction of the live half-spread (default 0.25). */
  stepFraction?: number;

  /** Milliseconds between steps (default 15000). */
  intervalMs?: number;

  /** Cancel when not filled after this many milliseconds (default 120000). */
  timeoutMs?: number;

  /** Largest distance from the live mid, in price units per spread (default 0.10). */
  maxSlippage?: number;

  /** Smallest expected value in dollars per spread at the next price. */
  evFloor?: number;
}

export interface PreviewOrderDto {
  /** A scanner result's id; or give underlying + legs. */
  spreadId?: string;

  underlying?: string;

  /** The two legs of a vertical: one BUY, one SELL, same right and expiry. */
  legs?: OrderLegDto[];

  /**
   * IB trading class of both legs, with explicit legs when the symbol lists two classes on one date (SPX AM
   * monthlies and SPXW on the third Friday); a scanner spreadId carries it already (`…|SPXW`).
   */
  tradingClass?: string;

  /** Number of spreads. */
  quantity: number;

  orderType: OrderTypeName;

  /** Must be true for a MKT order. */
  confirmMarket?: boolean;

  /** LMT only; default mid. */
  priceMode?: PriceModeName;

  /** Signed BAG limit, required with priceMode manual. */
  limit?: number;

  walk?: WalkOptionsDto;

  tif?: TifName;

  /** Take-profit at this percentage of the max profit (OCA with the stop). */
  takeProfitPct?: number;

  /** Protective stop at this percentage of the max loss. */
  stopLossPct?: number;
}

/** Same body as a preview; sent with the Idempotency-Key header. */
export type PlaceOrderDto = PreviewOrderDto;

export interface ModifyOrderDto {
  limit?: number;

  quantity?: number;
}

/** Price modes of a closing order (no walk, no market order: a close is a priced limit like the tickets). */
export const CLOSE_PRICE_MODES = ['mid', 'natural', 'manual'] as const;
export type ClosePriceModeName = (typeof CLOSE_PRICE_MODES)[number];

/**
 * Close an open spread position: the opposite BAG order (SELL the BAG it bought, same legs and trading class),
 * sent with the Idempotency-Key header like a placement.
 */
export interface ClosePositionDto {
  /** Spreads to close; default the whole open quantity; never more than it. */
  quantity?: number;

  /** Default mid. natural crosses the spread (fills at once in a liquid market); manual needs `limit`. */
  priceMode?: ClosePriceModeName;

  /** Signed BAG limit of the SELL, required with priceMode manual (a credit spread is bought back at a negative price). */
  limit?: number;

  /** Default DAY. */
  tif?: TifName;
}

export interface KillSwitchDto {
  /** true trips the switch, false resets it (admin). */
  tripped: boolean;

  reason: string;
}

export interface TradesQueryDto {
  from?: string;

  to?: string;

  underlying?: string;

  format?: 'json' | 'csv';
}

/** GET /orders filters. */
export interface OrdersQueryDto {
  status?: OrderStatusName;

  underlying?: string;

  limit?: number;
}

export interface OrderLegView {
  conId: number | null;
  expiry: string;
  strike: number;
  right: 'C' | 'P';
  action: 'BUY' | 'SELL';
  ratio: number;
}

export interface WalkStepView {
  step: number;
  kind: 'place' | 'reprice' | 'stop' | 'timeout' | 'filled';
  price: Amount;
  bid: Amount;
  ask: Amount;
  mid: Amount;
  filledQuantity: number;
  note: string | null;
  at: string;
}

export interface WalkSettingsView {
  stepFraction: number;
  intervalMs: number;
  timeoutMs: number;
  maxSlippage: number;
  evFloor: number | null;
}

export interface OrderView {
  id: string;
  orderRef: string;
  ibOrderId: number;
  permId: number | null;
  account: string | null;
  status: OrderStatusName;
  statusReason: string | null;
  cancelRequested: boolean;
  /** The cancel is committed but waits for the gateway (an outage): it is sent first after reconnect. */
  cancelPending: boolean;
  /** The new limit/quantity is committed but waits for the gateway: it is sent after reconnect. */
  modifyPending: boolean;
  intent: 'open' | 'close';
  positionKey: string | null;
  parentOrderId: string | null;
  exitRole: 'take_profit' | 'stop_loss' | 'manual' | null;
  spreadType: SpreadType;
  underlying: string;
  expiry: string;
  width: number;
  action: 'BUY' | 'SELL';
  quantity: number;
  filledQuantity: number;
  orderType: 'LMT' | 'MKT' | 'STP';
  limitPrice: Amount;
  auxPrice: Amount;
  priceMode: PriceModeName | 'market';
  tif: TifName;
  walk: WalkSettingsView | null;
  takeProfitPct: number | null;
  stopLossPct: number | null;
  avgFillPrice: Amount;
  midAtSubmit: Amount;
  /** Fill against the mid at submission, in price units; positive = worse for the trader. */
  slippageVsMid: Amount;
  commission: Amount;
  legs: OrderLegView[];
  walkLog: WalkStepView[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  transmittedAt: string | null;
  completedAt: string | null;
}

/** POST /orders answer: `replayed` is true when the Idempotency-Key had been seen and this is the first result. */
export interface PlaceOrderResult {
  order: OrderView;
  replayed: boolean;
}

export interface RiskCheckView {
  rule: string;
  passed: boolean;
  message: string;
  limit: number | string | null;
  actual: number | string | null;
}

export interface MarginImpactView {
  before: Amount;
  change: Amount;
  after: Amount;
}

export interface PreviewView {
  spreadType: SpreadType;
  underlying: string;
  expiry: string;
  lowerStrike: number;
  upperStrike: number;
  width: number;
  action: 'BUY' | 'SELL';
  quantity: number;
  orderType: OrderTypeName;
  /** Signed BAG limit; null for MKT. */
  limitPrice: Amount;
  quote: { bid: number; ask: number; mid: number } | null;
  initialMargin: MarginImpactView;
  maintenanceMargin: MarginImpactView;
  equityWithLoan: MarginImpactView;
  commission: Amount;
  commissionMin: Amount;
  commissionMax: Amount;
  commissionCurrency: string | null;
  /** Approximated as −(initial margin change) − commission. */
  buyingPowerChange: Amount;
  /** Dollars for the whole order. */
  maxProfit: Amount;
  maxLoss: Amount;
  breakevens: number[];
  risk: RiskCheckView[];
  allowed: boolean;
  warnings: string[];
  /** Names of the fields IB left unset. */
  notAvailable: string[];
}

export interface PositionView {
  positionKey: string;
  underlying: string;
  spreadType: SpreadType;
  expiry: string;
  lowerStrike: number;
  upperStrike: number;
  quantity: number;
  avgPrice: Amount;
  mark: Amount;
  marketValue: Amount;
  unrealizedPnl: Amount;
  realizedPnl: number;
  dailyPnl: Amount;
  commissions: number;
}

export interface PositionsView {
  positions: PositionView[];
  totals: { unrealizedPnl: Amount; realizedPnl: number; dailyPnl: Amount };
  asOf: string;
  /** The last reconciliation with the gateway's positions (reqPositions); null before the first. */
  drift: PositionDriftView | null;
}

/**
 * Why a leg's position differs between the gateway and the database: `expired` (the spread's expiry has passed),
 * `assignment` (missing while the gateway holds stock in the underlying), `closed-outside` (missing or smaller,
 * e.g. closed in TWS), `foreign` (held at the gateway, not by any order of ours, or more than ours).
 */
export type PositionDifferenceKind = 'expired' | 'assignment' | 'closed-outside' | 'foreign';

export interface PositionDifferenceView {
  conId: number;
  underlying: string;
  /** Option legs: YYYYMMDD; stock: null. */
  expiry: string | null;
  label: string;
  /** Signed contracts the database's spreads imply. */
  expected: number;
  /** Signed contracts the gateway reports. */
  gateway: number;
  kind: PositionDifferenceKind;
  /** Our spread positions holding this leg. */
  positionKeys: string[];
}

export interface PositionDriftView {
  checkedAt: string;
  account: string | null;
  differences: PositionDifferenceView[];
}

export interface TradeView {
  execId: string;
  orderId: string;
  orderRef: string;
  at: string;
  underlying: string;
  spreadType: SpreadType;
  expiry: string;
  lowerStrike: number;
  upperStrike: number;
  side: 'BOT' | 'SLD';
  quantity: number;
  price: number;
  commission: Amount;
}

export interface KillSwitchView {
  tripped: boolean;
  reason: string | null;
  trippedAt: string | null;
  trippedBy: string | null;
  resetAt: string | null;
  resetBy: string | null;
}

export interface RiskView {
  accountType: 'paper' | 'live';
  reportedAccount: string | null;
  killSwitch: KillSwitchView;
  limits: {
    maxContracts: number;
    maxLossPerTrade: number;
    maxOpenPerUnderlying: number;
    dailyLossLimit: number;
    maxLegSpreadPctOfWidth: number;
    maxUnderlyingMovePct: number;
    moveWindowMin: number;
  };
  dailyPnl: Amount;
  openByUnderlying: Record<string, number>;
}

/** Socket.IO `orders.fill`. */
export interface OrderFillEvent {
  orderId: string;
  orderRef: string;
  execId: string;
  quantity: number;
  price: number;
  filledQuantity: number;
  status: OrderStatusName;
  at: string;
}

/** Socket.IO `orders.reject`: a gateway rejection or a risk refusal. */
export interface OrderRejectEvent {
  orderId: string | null;
  orderRef: string | null;
  reason: string;
  code: string;
  at: string;
}
