/**
 * Server → client messages of the order flow at server version 193, field for field as `@stoqey/ib`'s Decoder
 * (dist/core/io/decoder.js: decodeMsg_OPEN_ORDER / OrderDecoder, decodeMsg_ORDER_STATUS, decodeMsg_EXECUTION_DATA,
 * decodeMsg_COMMISSION_REPORT) reads them. One field too many or too few makes the client report error 505.
 */
import type { ContractDef } from '../market/market-types';
import type { OutField } from '../protocol/fields';
import { formatExecTime } from './ny-time';
import type { ExecutionRecord, Instrument, OrderStatusName, PlaceOrderRequest } from './order-types';

/** The literal IB sends for an unset double. */
export const UNSET_DOUBLE_TEXT = '1.7976931348623157E308';
/** IB's conId for a USD combo (BAG) contract in openOrder and execDetails. */
export const BAG_CON_ID = 28812380;

export const Msg = {
  ORDER_STATUS: 3,
  OPEN_ORDER: 5,
  EXECUTION_DATA: 11,
  OPEN_ORDER_END: 53,
  EXECUTION_DATA_END: 55,
  COMMISSION_REPORT: 59,
  POSITION: 61,
  POSITION_END: 62,
  ACCOUNT_SUMMARY: 63,
  ACCOUNT_SUMMARY_END: 64,
} as const;

/** The 11 contract fields of openOrder / execDetails: conId … tradingClass (no primaryExch). */
export interface WireContract {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number;
  right: string;
  multiplier: string;
  exchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

export function wireContractOf(def: ContractDef, exchange: string): WireContract {
  if (def.secType !== 'OPT') {
    return {
      conId: def.conId,
      symbol: def.symbol,
      secType: def.secType,
      lastTradeDateOrContractMonth: '',
      strike: 0,
      right: '',
      multiplier: '',
      exchange,
      currency: def.currency,
      localSymbol: def.symbol,
      tradingClass: def.kind === 'ETF' ? def.symbol : 'NMS',
    };
  }
  return {
    conId: def.conId,
    symbol: def.symbol,
    secType: 'OPT',
    lastTradeDateOrContractMonth: def.expiry,
    strike: def.strike,
    right: def.right,
    multiplier: String(def.multiplier),
    exchange,
    currency: def.currency,
    localSymbol: def.localSymbol,
    tradingClass: def.tradingClass,
  };
}

export function bagWireContract(symbol: string, exchange: string): WireContract {
  return {
    conId: BAG_CON_ID,
    symbol,
    secType: 'BAG',
    lastTradeDateOrContractMonth: '',
    strike: 0,
    right: '',
    multiplier: '',
    exchange,
    currency: 'USD',
    localSymbol: '',
    tradingClass: '',
  };
}

export function orderWireContract(instrument: Instrument, req: PlaceOrderRequest): WireContract {
  const exchange = req.contract.exchange || 'SMART';
  if (instrument.kind === 'combo') return bagWireContract(instrument.symbol, exchange);
  return wireContractOf(instrument.legs[0].def, exchange);
}

function contractFields(c: WireContract): OutField[] {
  return [
    c.conId,
    c.symbol,
    c.secType,
    c.lastTradeDateOrContractMonth,
    c.strike,
    c.right,
    c.multiplier,
    c.exchange,
    c.currency,
    c.localSymbol,
    c.tradingClass,
  ];
}

/** The margin/commission block of orderState. Every value undefined is sent as IB's unset double. */
export interface WhatIfState {
  initMarginBefore?: number;
  maintMarginBefore?: number;
  equityWithLoanBefore?: number;
  initMarginChange?: number;
  maintMarginChange?: number;
  equityWithLoanChange?: number;
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency?: string;
  warningText?: string;
}

export interface OpenOrderView {
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  req: PlaceOrderRequest;
  contract: WireContract;
  status: OrderStatusName;
  whatIf: boolean;
  state?: WhatIfState;
}

function money(v: number | undefined): OutField {
  return v === undefined || !Number.isFinite(v) ? UNSET_DOUBLE_TEXT : v.toFixed(2);
}

function optDouble(v: number | undefined): OutField {
  return v === undefined ? '' : v;
}

function comboLegsDescription(req: PlaceOrderRequest): string {
  return req.contract.comboLegs.map((l) => `${l.conId}|${l.action === 'SELL' ? -l.ratio : l.ratio}`).join(',');
}

function intOr(raw: string, dflt: number): OutField {
  return raw === '' ? dflt : raw;
}

/** openOrder (5) at 193: no version field; see tws-protocol.md §2.5. */
export function openOrderMessage(v: OpenOrderView): OutField[] {
  const { req } = v;
  const isBag = v.contract.secType === 'BAG';
  const s = v.state ?? {};
  const f: OutField[] = [Msg.OPEN_ORDER, v.orderId];
  f.push(...contractFields(v.contract));
  f.push(req.action, req.totalQuantity, req.orderType, optDouble(req.lmtPrice), optDouble(req.auxPrice));
  f.push(req.tif || 'DAY', req.ocaGroup, v.account, req.openClose, req.origin, req.orderRef, v.clientId, v.permId);
  f.push(req.outsideRth, req.hidden, 0, req.goodAfterTime, ''); // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation
  f.push('', '', '', '', req.goodTillDate); // faGroup, faMethod, faPercentage, modelCode, goodTillDate
  f.push('', '', '', 0, '', -1); // rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode
  f.push(0, '', '', '', '', ''); // auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  // displaySize, blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap
  f.push('', 0, 0, 0, '', req.ocaType || 3, 0, 0, '');
  f.push(req.parentId, 0); // parentId, triggerMethod
  f.push('', 0, '', ''); // volatility, volatilityType, deltaNeutralOrderType (empty: no dn block), deltaNeutralAuxPrice
  f.push(0, 0); // continuousUpdate, referencePriceType
  f.push('', ''); // trailStopPrice, trailingPercent
  f.push('', ''); // basisPoints, basisPointsType
  // Combo block: comboLegsDescription, legs, orderComboLegs, smartComboRoutingParams.
  f.push(isBag ? comboLegsDescription(req) : '');
  if (isBag) {
    f.push(req.contract.comboLegs.length);
    for (const l of req.contract.comboLegs) {
      f.push(l.conId, l.ratio, l.action, l.exchange || 'SMART', intOr(l.openClose, 0), intOr(l.shortSaleSlot, 0));
      f.push(l.designatedLocation, intOr(l.exemptCode, -1));
    }
    f.push(req.orderComboLegPrices.length, ...req.orderComboLegPrices.map(optDouble));
    f.push(req.smartComboRoutingParams.length);
    for (const p of req.smartComboRoutingParams) f.push(p.tag, p.value);
  } else {
    f.push(0, 0, 0);
  }
  f.push('', '', ''); // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement (empty: no scale block)
  f.push(''); // hedgeType
  f.push(0); // optOutSmartRouting
  f.push('', ''); // clearingAccount, clearingIntent
  f.push(0); // notHeld
  f.push(0); // deltaNeutralContract flag
  f.push(''); // algoStrategy
  f.push(0); // solicited
  f.push(v.whatIf, v.status);
  f.push(money(s.initMarginBefore), money(s.maintMarginBefore), money(s.equityWithLoanBefore));
  f.push(money(s.initMarginChange), money(s.maintMarginChange), money(s.equityWithLoanChange));
  f.push(money(s.initMarginAfter), money(s.maintMarginAfter), money(s.equityWithLoanAfter));
  f.push(money(s.commission), money(s.minCommission), money(s.maxCommission));
  f.push(s.commissionCurrency ?? '', s.warningText ?? '');
  f.push(0, 0); // randomizeSize, randomizePrice
  f.push(0); // nConditions
  // adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice,
  // adjustedTrailingAmount, adjustableTrailingUnit
  f.push('None', '', '', '', '', '', '', 0);
  f.push('', '', ''); // softDollarTier name, value, displayName
  f.push(''); // cashQty
  f.push(0, 0, 0, 0); // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
  f.push('', '', 0); // duration, postToAts, autoCancelParent
  f.push('', '', '', '', ''); // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
  f.push('', 0, '', 0); // customerAccount, professionalCustomer, bondAccruedInterest, includeOvernight
  f.push('', ''); // extOperator, manualOrderIndicator
  return f;
}

export interface OrderStatusView {
  orderId: number;
  status: OrderStatusName;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  permId: number;
  parentId: number;
  lastFillPrice: number;
  clientId: number;
}

/** orderStatus (3) at >= 131: no version field. */
export function orderStatusMessage(v: OrderStatusView): OutField[] {
  return [
    Msg.ORDER_STATUS,
    v.orderId,
    v.status,
    v.filled,
    v.remaining,
    roundPrice(v.avgFillPrice),
    v.permId,
    v.parentId,
    roundPrice(v.lastFillPrice),
    v.clientId,
    '', // whyHeld
    0, // mktCapPrice
  ];
}

/** execDetails (11) at >= 136: reqId (-1 when unsolicited), orderId, contract, execution; 31 fields. */
export function execDetailsMessage(reqId: number, e: ExecutionRecord, account: string): OutField[] {
  const c = e.contract;
  return [
    Msg.EXECUTION_DATA,
    reqId,
    e.orderId,
    c.conId,
    c.symbol,
    c.secType,
    c.lastTradeDateOrContractMonth,
    c.strike,
    c.right,
    c.multiplier,
    e.exchange,
    c.currency,
    c.localSymbol,
    c.tradingClass,
    e.execId,
    formatExecTime(e.time),
    account,
    e.exchange,
    e.side,
    e.shares,
    roundPrice(e.price),
    e.permId,
    e.clientId,
    0, // liquidation
    e.cumQty,
    roundPrice(e.avgPrice),
    e.orderRef,
    '', // evRule
    '', // evMultiplier
    '', // modelCode
    e.lastLiquidity,
    0, // pendingPriceRevision
  ];
}

/** commissionReport (59): version 1, execId, commission, currency, realizedPNL, yield, yieldRedemptionDate. */
export function commissionReportMessage(e: ExecutionRecord): OutField[] {
  return [
    Msg.COMMISSION_REPORT,
    1,
    e.execId,
    Math.round(e.commission * 10_000) / 10_000,
    'USD',
    e.realizedPnl === undefined ? UNSET_DOUBLE_TEXT : Math.round(e.realizedPnl * 100) / 100,
    UNSET_DOUBLE_TEXT,
    '',
  ];
}

export function openOrderEndMessage(): OutField[] {
  return [Msg.OPEN_ORDER_END, 1];
}

export function execDetailsEndMessage(reqId: number): OutField[] {
  return [Msg.EXECUTION_DATA_END, 1, reqId];
}

/** Prices as doubles without binary noise (e.g. 1.2300000000000002 → 1.23). */
export function roundPrice(p: number): number {
  return Math.round(p * 1e6) / 1e6;
}
