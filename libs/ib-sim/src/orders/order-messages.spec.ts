import type { Contract, Order, OrderState } from '@stoqey/ib';
import { positionMessage, accountSummaryMessage } from '../account/account-messages';
import type { ContractDef } from '../market/market-types';
import {
  commissionReportMessage,
  execDetailsMessage,
  openOrderMessage,
  orderStatusMessage,
  wireContractOf,
  type OpenOrderView,
} from './order-messages';
import type { ExecutionRecord, PlaceOrderRequest } from './order-types';
import { decodeWithStoqey } from './testing/stoqey-codec';

const option: ContractDef = {
  secType: 'OPT',
  conId: 9_006_600,
  symbol: 'SPY',
  underConId: 756733,
  expiry: '20261218',
  strike: 660,
  right: 'C',
  multiplier: 100,
  tradingClass: 'SPY',
  localSymbol: 'SPY   261218C00660000',
  exchange: 'SMART',
  currency: 'USD',
  settlement: 'PM',
  exercise: 'american',
  cashSettled: false,
};

const req: PlaceOrderRequest = {
  orderId: 1001,
  contract: {
    conId: option.conId,
    symbol: 'SPY',
    secType: 'OPT',
    lastTradeDateOrContractMonth: '',
    strike: 0,
    right: '',
    multiplier: '',
    exchange: 'SMART',
    primaryExch: '',
    currency: 'USD',
    localSymbol: '',
    tradingClass: '',
    comboLegs: [],
  },
  action: 'SELL',
  totalQuantity: 3,
  orderType: 'LMT',
  lmtPrice: 5.15,
  auxPrice: undefined,
  tif: 'GTC',
  ocaGroup: '',
  account: 'DU1',
  openClose: '',
  origin: 0,
  orderRef: 'x',
  transmit: true,
  parentId: 0,
  outsideRth: false,
  hidden: false,
  orderComboLegPrices: [],
  smartComboRoutingParams: [],
  goodAfterTime: '',
  goodTillDate: '',
  ocaType: 0,
  whatIf: false,
};

function decodeOne(fields: ReturnType<typeof openOrderMessage>) {
  const { events, errors } = decodeWithStoqey([fields]);
  expect(errors).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0];
}

describe('server messages decode with stoqey at 193 (exact field counts)', () => {
  const view: OpenOrderView = {
    orderId: 1001,
    clientId: 4,
    permId: 1_173_000_001,
    account: 'DU1',
    req,
    contract: wireContractOf(option, 'SMART'),
    status: 'Submitted',
    whatIf: false,
  };

  it('openOrder of a single option, with unset margins', () => {
    const e = decodeOne(openOrderMessage(view));
    expect(e.name).toBe('openOrder');
    const [orderId, contract, order, state] = e.args as [number, Contract, Order, OrderState];
    expect(orderId).toBe(1001);
    expect(contract).toMatchObject({ conId: option.conId, secType: 'OPT', strike: 660, right: 'C', multiplier: 100, lastTradeDateOrContractMonth: '20261218' });
    expect(order).toMatchObject({ action: 'SELL', totalQuantity: 3, lmtPrice: 5.15, tif: 'GTC', permId: 1_173_000_001, clientId: 4, orderRef: 'x' });
    expect(state.status).toBe('Submitted');
    expect(state.initMarginChange).toBeUndefined();
    expect(state.commission).toBeUndefined();
  });

  it('openOrder of a whatIf carries the margin block', () => {
    const e = decodeOne(openOrderMessage({ ...view, whatIf: true, state: { initMarginChange: 595, commission: 1.3, commissionCurrency: 'USD' } }));
    const state = e.args[3] as OrderState;
    expect(state.initMarginChange).toBe(595);
    expect(state.commission).toBe(1.3);
    expect((e.args[2] as Order).whatIf).toBe(true);
  });

  it('orderStatus, execDetails, commissionReport, position, accountSummary', () => {
    const exec: ExecutionRecord = {
      execId: '0000e215.66a00001.01.01',
      time: Date.UTC(2026, 10, 23, 15),
      clientId: 4,
      orderId: 1001,
      permId: 5,
      orderRef: 'x',
      contract: { ...wireContractOf(option, 'CBOE') },
      exchange: 'CBOE',
      side: 'SLD',
      shares: 3,
      price: 5.15,
      cumQty: 3,
      avgPrice: 5.15,
      lastLiquidity: 1,
      commission: 1.95,
      realizedPnl: undefined,
    };
    const { events, errors } = decodeWithStoqey([
      orderStatusMessage({ orderId: 1001, status: 'Filled', filled: 3, remaining: 0, avgFillPrice: 5.15, permId: 5, parentId: 0, lastFillPrice: 5.15, clientId: 4 }),
      execDetailsMessage(-1, exec, 'DU1'),
      commissionReportMessage(exec),
      positionMessage('DU1', option, -3, 513.35),
      accountSummaryMessage(9, 'DU1', 'NetLiquidation', '1000000.00', 'USD'),
    ]);
    expect(errors).toEqual([]);
    expect(events.map((e) => e.name)).toEqual(['orderStatus', 'execDetails', 'commissionReport', 'position', 'accountSummary']);
    expect(events[0].args).toEqual([1001, 'Filled', 3, 0, 5.15, 5, 0, 5.15, 4, '', 0]);
    expect(events[1].args[2]).toMatchObject({ execId: exec.execId, time: '20261123 10:00:00 US/Eastern', side: 'SLD', shares: 3, price: 5.15, lastLiquidity: 1 });
    expect(events[2].args[0]).toMatchObject({ execId: exec.execId, commission: 1.95, currency: 'USD', realizedPNL: undefined });
    expect(events[3].args.slice(2)).toEqual([-3, 513.35]);
    expect(events[4].args).toEqual([9, 'DU1', 'NetLiquidation', '1000000.00', 'USD']);
  });
});
