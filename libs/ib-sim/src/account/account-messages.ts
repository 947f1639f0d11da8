/**
 * position (61, version 3), positionEnd (62), accountSummary (63) and accountSummaryEnd (64), as `@stoqey/ib`'s
 * Decoder reads them (decodeMsg_POSITION, decodeMsg_ACCOUNT_SUMMARY).
 */
import type { ContractDef } from '../market/market-types';
import type { OutField } from '../protocol/fields';

export function positionMessage(account: string, def: ContractDef, position: number, avgCost: number): OutField[] {
  const common = [61, 3, account, def.conId, def.symbol];
  const cost = Math.round(avgCost * 1e6) / 1e6;
  if (def.secType !== 'OPT') {
    // symbol, secType, lastTradeDate, strike, right, multiplier, exchange, currency, localSymbol, tradingClass
    return [...common, def.secType, '', 0, '', '', def.primaryExchange, def.currency, def.symbol, def.kind === 'ETF' ? def.symbol : 'NMS', position, cost];
  }
  return [
    ...common,
    'OPT',
    def.expiry,
    def.strike,
    def.right,
    String(def.multiplier),
    '',
    def.currency,
    def.localSymbol,
    def.tradingClass,
    position,
    cost,
  ];
}

export function positionEndMessage(): OutField[] {
  return [62, 1];
}

export function accountSummaryMessage(reqId: number, account: string, tag: string, value: string, currency: string): OutField[] {
  return [63, 1, reqId, account, tag, value, currency];
}

export function accountSummaryEndMessage(reqId: number): OutField[] {
  return [64, 1, reqId];
}
