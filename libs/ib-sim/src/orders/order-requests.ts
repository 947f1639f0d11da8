/**
 * Decoding of the order and account requests at server version 193 (fields after the message id), following
 * `@stoqey/ib` `Encoder` (dist/core/io/encoder.js) and IB's EClient.java, as summarised in the shared research
 * tws-protocol.md §2.1 and §2.2.
 */
import type { FieldReader } from '../protocol/fields';
import type { ComboLegRequest, ContractRequest, PlaceOrderRequest } from './order-types';

/** Decodes placeOrder (3). Fields after whatIf are read and ignored. */
export function decodePlaceOrder(r: FieldReader): PlaceOrderRequest {
  const orderId = r.int();
  const contract: ContractRequest = {
    conId: r.int(),
    symbol: r.str(),
    secType: r.str().toUpperCase(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.float(),
    right: r.str(),
    multiplier: r.str(),
    exchange: r.str(),
    primaryExch: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
    comboLegs: [],
  };
  r.skip(2); // secIdType, secId
  const action = r.str().toUpperCase();
  const totalQuantity = r.float();
  const orderType = r.str().toUpperCase();
  const lmtPrice = r.floatMax();
  const auxPrice = r.floatMax();
  const tif = r.str().toUpperCase();
  const ocaGroup = r.str();
  const account = r.str();
  const openClose = r.str();
  const origin = r.int();
  const orderRef = r.str();
  const transmitRaw = r.str();
  const transmit = transmitRaw === '' ? true : Number.parseInt(transmitRaw, 10) !== 0;
  const parentId = r.int();
  r.skip(4); // blockOrder, sweepToFill, displaySize, triggerMethod
  const outsideRth = r.bool();
  const hidden = r.bool();

  const orderComboLegPrices: (number | undefined)[] = [];
  const smartComboRoutingParams: { tag: string; value: string }[] = [];
  if (contract.secType === 'BAG') {
    const nLegs = r.int();
    for (let i = 0; i < nLegs; i++) {
      const leg: ComboLegRequest = {
        conId: r.int(),
        ratio: r.int(),
        action: r.str().toUpperCase(),
        exchange: r.str(),
        openClose: r.str(),
        shortSaleSlot: r.str(),
        designatedLocation: r.str(),
        exemptCode: r.str(),
      };
      contract.comboLegs.push(leg);
    }
    const nPrices = r.int();
    for (let i = 0; i < nPrices; i++) orderComboLegPrices.push(r.floatMax());
    const nParams = r.int();
    for (let i = 0; i < nParams; i++) smartComboRoutingParams.push({ tag: r.str(), value: r.str() });
  }

  r.skip(1); // deprecated sharesAllocation
  r.skip(1); // discretionaryAmt
  const goodAfterTime = r.str();
  const goodTillDate = r.str();
  r.skip(4); // faGroup, faMethod, faPercentage, modelCode
  r.skip(3); // shortSaleSlot, designatedLocation, exemptCode
  const ocaType = r.int();
  // rule80A, settlingFirm, allOrNone, minQty, percentOffset, eTradeOnly, firmQuoteOnly, nbboPriceCap,
  // auctionStrategy, startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper, overridePercentageConstraints
  r.skip(15);
  r.skip(2); // volatility, volatilityType
  const dnOrderType = r.str();
  r.skip(1); // deltaNeutralAuxPrice
  if (dnOrderType !== '') r.skip(8);
  r.skip(2); // continuousUpdate, referencePriceType
  r.skip(2); // trailStopPrice, trailingPercent
  r.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
  const scalePriceIncrement = r.str();
  if (scalePriceIncrement !== '') r.skip(7);
  r.skip(3); // scaleTable, activeStartTime, activeStopTime
  const hedgeType = r.str();
  if (hedgeType !== '') r.skip(1);
  r.skip(1); // optOutSmartRouting
  r.skip(2); // clearingAccount, clearingIntent
  r.skip(1); // notHeld
  if (r.bool()) r.skip(3); // deltaNeutralContract conId, delta, price
  const algoStrategy = r.str();
  if (algoStrategy !== '') {
    const n = r.int();
    r.skip(2 * n);
  }
  r.skip(1); // algoId
  const whatIf = r.bool();
  r.rest();

  return {
    orderId,
    contract,
    action,
    totalQuantity,
    orderType,
    lmtPrice,
    auxPrice,
    tif,
    ocaGroup,
    account,
    openClose,
    origin,
    orderRef,
    transmit,
    parentId,
    outsideRth,
    hidden,
    orderComboLegPrices,
    smartComboRoutingParams,
    goodAfterTime,
    goodTillDate,
    ocaType,
    whatIf,
  };
}

/** cancelOrder (4) at >= 192: orderId, manualOrderCancelTime, extOperator, manualOrderIndicator. */
export function decodeCancelOrder(r: FieldReader): { orderId: number } {
  const orderId = r.int();
  r.rest();
  return { orderId };
}

export interface ExecutionFilter {
  clientId: number;
  acctCode: string;
  time: string;
  symbol: string;
  secType: string;
  exchange: string;
  side: string;
}

/** reqExecutions (7): version 3, reqId, then the filter. */
export function decodeReqExecutions(r: FieldReader): { reqId: number; filter: ExecutionFilter } {
  r.skip(1); // version
  const reqId = r.int();
  const filter: ExecutionFilter = {
    clientId: r.int(),
    acctCode: r.str(),
    time: r.str(),
    symbol: r.str(),
    secType: r.str(),
    exchange: r.str(),
    side: r.str(),
  };
  r.rest();
  return { reqId, filter };
}

/** reqAccountSummary (62): version, reqId, group, tags. */
export function decodeReqAccountSummary(r: FieldReader): { reqId: number; group: string; tags: string[] } {
  r.skip(1);
  const reqId = r.int();
  const group = r.str();
  const tags = r
    .str()
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  r.rest();
  return { reqId, group, tags };
}
