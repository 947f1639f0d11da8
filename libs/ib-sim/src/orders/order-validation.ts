/**
 * Checks of a placeOrder before it becomes an order, with the error codes and texts IB sends (shared research
 * tws-protocol.md §6.8), and the resolution of its contract or combo legs against the market model.
 */
import type { ContractDef, MarketModel } from '../market/market-types';
import type { Instrument, OrderAction, PlaceOrderRequest, ResolvedLeg } from './order-types';

export interface OrderError {
  code: number;
  text: string;
}

export const OrderErrors = {
  rejected: (reason: string): OrderError => ({ code: 201, text: `Order rejected - reason:${reason}` }),
  canceled: (reason = ''): OrderError => ({ code: 202, text: `Order Canceled - reason:${reason}` }),
  duplicateId: (): OrderError => ({ code: 103, text: 'Duplicate order id' }),
  modifyFilled: (): OrderError => ({ code: 104, text: 'Cannot modify a filled order.' }),
  modifyMismatch: (): OrderError => ({ code: 105, text: 'Order being modified does not match original order.' }),
  noSecurityDefinition: (): OrderError => ({ code: 200, text: 'No security definition has been found for the request.' }),
  unsupportedOrderType: (): OrderError => ({
    code: 387,
    text: 'Unsupported order type for this exchange and security type.',
  }),
  /** A STP order without its trigger (auxPrice unset): IB's order-rejected form; the reason text is the simulator's. */
  missingStopPrice: (): OrderError => OrderErrors.rejected('Stop price (auxPrice) is missing for a STP order.'),
  cancelNotFound: (orderId: number): OrderError => ({
    code: 10147,
    text: `OrderId ${orderId} that needs to be cancelled is not found.`,
  }),
  cancelNotCancellable: (orderId: number, state: string): OrderError => ({
    code: 10148,
    text: `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${state}.`,
  }),
  insufficientEquity: (elv: number, initMargin: number): OrderError =>
    OrderErrors.rejected(
      `YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE ` +
        `[${elv.toFixed(2)} USD] MUST EXCEED THE INITIAL MARGIN [${initMargin.toFixed(2)} USD]`,
    ),
} as const;

export const SUPPORTED_TIFS = new Set(['DAY', 'GTC', 'IOC']);
/** Limit, market and stop (stop-orders.ts); anything else gets 387. */
export const SUPPORTED_ORDER_TYPES = new Set(['LMT', 'MKT', 'STP']);

/** Validates the order fields that do not depend on the market. */
export function checkOrderFields(req: PlaceOrderRequest): OrderError | undefined {
  if (req.action !== 'BUY' && req.action !== 'SELL') return OrderErrors.rejected(`Invalid action: ${req.action}`);
  if (!(req.totalQuantity > 0)) return OrderErrors.rejected('Order quantity must be greater than zero.');
  if (!SUPPORTED_ORDER_TYPES.has(req.orderType)) return OrderErrors.unsupportedOrderType();
  if (req.orderType === 'LMT' && req.lmtPrice === undefined) return OrderErrors.rejected('Limit price is missing.');
  if (req.orderType === 'STP' && req.auxPrice === undefined) return OrderErrors.missingStopPrice();
  if (req.tif !== '' && !SUPPORTED_TIFS.has(req.tif)) {
    return OrderErrors.rejected(`Time in force ${req.tif} is not supported by the simulator.`);
  }
  return undefined;
}

/** Resolves what the order trades, or the error IB would send. */
export function resolveInstrument(market: MarketModel, req: PlaceOrderRequest): Instrument | OrderError {
  const c = req.contract;
  if (c.secType === 'BAG') {
    if (c.comboLegs.length === 0) return OrderErrors.rejected("Security type 'BAG' requires combo leg details.");
    const legs: ResolvedLeg[] = [];
    let symbol = c.symbol;
    for (const [index, l] of c.comboLegs.entries()) {
      const def = market.contract(l.conId);
      if (!def) return OrderErrors.rejected(`Invalid combo leg: no security definition for conId ${l.conId}.`);
      if (!(l.ratio > 0)) return OrderErrors.rejected(`Invalid combo leg ratio ${l.ratio} for conId ${l.conId}.`);
      if (l.action !== 'BUY' && l.action !== 'SELL') {
        return OrderErrors.rejected(`Invalid combo leg action ${l.action} for conId ${l.conId}.`);
      }
      if (symbol === '') symbol = def.symbol;
      if (def.symbol !== symbol) {
        return OrderErrors.rejected(`Invalid combo leg: conId ${l.conId} is not a ${symbol} contract.`);
      }
      legs.push({ conId: l.conId, ratio: l.ratio, sign: l.action === 'BUY' ? 1 : -1, def, index });
    }
    return { kind: 'combo', symbol, legs };
  }
  if (c.secType !== 'STK' && c.secType !== 'OPT') return OrderErrors.noSecurityDefinition();
  const def = findContract(market, req);
  if (!def) return OrderErrors.noSecurityDefinition();
  return { kind: 'single', symbol: def.symbol, legs: [{ conId: def.conId, ratio: 1, sign: 1, def, index: 0 }] };
}

function findContract(market: MarketModel, req: PlaceOrderRequest): ContractDef | undefined {
  const c = req.contract;
  if (c.conId > 0) {
    const def = market.contract(c.conId);
    return def && def.secType === c.secType ? def : undefined;
  }
  const right = c.right.toUpperCase().startsWith('C') ? 'C' : c.right.toUpperCase().startsWith('P') ? 'P' : undefined;
  const matches = market.findContracts({
    secType: c.secType as 'STK' | 'OPT',
    symbol: c.symbol || undefined,
    expiry: c.lastTradeDateOrContractMonth || undefined,
    strike: c.strike > 0 ? c.strike : undefined,
    right,
    localSymbol: c.localSymbol || undefined,
  });
  return matches.length === 1 ? matches[0] : undefined;
}

export function isOrderError(x: Instrument | OrderError): x is OrderError {
  return (x as OrderError).code !== undefined;
}

/** Same contract and side: what a modification (placeOrder with a live order's id) must keep. */
export function sameOrderShape(a: PlaceOrderRequest, action: OrderAction, instrument: Instrument, b: Instrument): boolean {
  if (a.action !== action) return false;
  if (instrument.kind !== b.kind || instrument.legs.length !== b.legs.length) return false;
  return instrument.legs.every(
    (l, i) => l.conId === b.legs[i].conId && l.ratio === b.legs[i].ratio && l.sign === b.legs[i].sign,
  );
}
