import { OrderAction, OrderType, SecType, type Contract, type Order } from '@stoqey/ib';
import { FieldReader } from '../protocol/fields';
import { decodeCancelOrder, decodePlaceOrder, decodeReqAccountSummary, decodeReqExecutions } from './order-requests';
import { encodeWithStoqey } from './testing/stoqey-codec';

function placed(contract: Contract, order: Order, id = 1001) {
  const [msg] = encodeWithStoqey((e) => e.placeOrder(id, contract, order));
  expect(msg[0]).toBe('3');
  const r = new FieldReader(msg.slice(1));
  const req = decodePlaceOrder(r);
  expect(r.remaining).toBe(0);
  return { req, msg };
}

const vertical: Contract = {
  symbol: 'SPY',
  secType: SecType.BAG,
  currency: 'USD',
  exchange: 'SMART',
  comboLegs: [
    { conId: 111, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
    { conId: 222, ratio: 2, action: OrderAction.SELL, exchange: 'SMART' },
  ],
};

describe('decodePlaceOrder (stoqey Encoder at 193)', () => {
  it('reads a plain stock limit order: 117 fields, transmit defaulting to true, whatIf false', () => {
    const { req, msg } = placed(
      { conId: 756733, symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' },
      { action: OrderAction.BUY, totalQuantity: 10, orderType: OrderType.LMT, lmtPrice: 664.5, tif: 'GTC', orderRef: 'r1' },
    );
    expect(msg.length - 1).toBe(117);
    expect(req).toMatchObject({
      orderId: 1001,
      action: 'BUY',
      totalQuantity: 10,
      orderType: 'LMT',
      lmtPrice: 664.5,
      tif: 'GTC',
      orderRef: 'r1',
      transmit: true,
      parentId: 0,
      whatIf: false,
    });
    expect(req.contract).toMatchObject({ conId: 756733, symbol: 'SPY', secType: 'STK', exchange: 'SMART' });
  });

  it('reads a two-leg BAG with per-leg prices, routing params and whatIf', () => {
    const { req } = placed(vertical, {
      action: OrderAction.SELL,
      totalQuantity: 3,
      orderType: OrderType.LMT,
      lmtPrice: -1.25,
      whatIf: true,
      orderComboLegs: [{ price: 2.5 }, { price: 1.45 }],
      smartComboRoutingParams: [{ tag: 'NonGuaranteed', value: '1' }],
    });
    expect(req.contract.secType).toBe('BAG');
    expect(req.contract.comboLegs.map((l) => [l.conId, l.ratio, l.action])).toEqual([
      [111, 1, 'BUY'],
      [222, 2, 'SELL'],
    ]);
    expect(req.orderComboLegPrices).toEqual([2.5, 1.45]);
    expect(req.smartComboRoutingParams).toEqual([{ tag: 'NonGuaranteed', value: '1' }]);
    expect(req).toMatchObject({ action: 'SELL', totalQuantity: 3, lmtPrice: -1.25, whatIf: true });
  });

  it('reads parent/child and OCA fields, transmit false, and a market order without a price', () => {
    const { req } = placed(
      { conId: 756733, secType: SecType.STK, exchange: 'SMART', currency: 'USD' },
      {
        action: OrderAction.SELL,
        totalQuantity: 1,
        orderType: OrderType.MKT,
        parentId: 1000,
        transmit: false,
        ocaGroup: 'oca-1',
        ocaType: 1,
      },
    );
    expect(req).toMatchObject({ parentId: 1000, transmit: false, ocaGroup: 'oca-1', ocaType: 1, lmtPrice: undefined });
  });

  it('reads a BAG stop: orderType STP, auxPrice (the trigger), GTC, ocaGroup and ocaType as libs/orders sends them', () => {
    const { req } = placed(vertical, {
      action: OrderAction.SELL,
      totalQuantity: 2,
      orderType: OrderType.STP,
      auxPrice: 1.53,
      tif: 'GTC',
      ocaGroup: 'oca-ibsc-abc',
      ocaType: 1,
      orderRef: 'ibsc-abc',
    });
    expect(req).toMatchObject({ orderType: 'STP', auxPrice: 1.53, lmtPrice: undefined, tif: 'GTC', ocaGroup: 'oca-ibsc-abc', ocaType: 1, orderRef: 'ibsc-abc' });
  });

  it('skips the conditional blocks (delta-neutral, scale, hedge, algo) and still finds whatIf', () => {
    const { req } = placed(
      { conId: 756733, secType: SecType.STK, exchange: 'SMART', currency: 'USD' },
      {
        action: OrderAction.BUY,
        totalQuantity: 1,
        orderType: OrderType.LMT,
        lmtPrice: 1,
        deltaNeutralOrderType: 'MKT',
        scalePriceIncrement: 0.1,
        hedgeType: 'D',
        hedgeParam: '0.5',
        algoStrategy: 'Adaptive',
        algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }],
        whatIf: true,
      },
    );
    expect(req.whatIf).toBe(true);
    expect(req.lmtPrice).toBe(1);
  });
});

describe('other requests', () => {
  it('cancelOrder carries the order id first', () => {
    const [msg] = encodeWithStoqey((e) => e.cancelOrder(1005, { manualOrderCancelTime: '' }));
    expect(decodeCancelOrder(new FieldReader(msg.slice(1)))).toEqual({ orderId: 1005 });
  });

  it('reqExecutions carries reqId and the filter', () => {
    const [msg] = encodeWithStoqey((e) => e.reqExecutions(7, { clientId: '3', symbol: 'SPY', side: 'BUY' }));
    expect(decodeReqExecutions(new FieldReader(msg.slice(1)))).toEqual({
      reqId: 7,
      filter: { clientId: 3, acctCode: '', time: '', symbol: 'SPY', secType: '', exchange: '', side: 'BUY' },
    });
  });

  it('reqAccountSummary splits the tag list', () => {
    const [msg] = encodeWithStoqey((e) => e.reqAccountSummary(9, 'All', 'NetLiquidation,BuyingPower'));
    expect(decodeReqAccountSummary(new FieldReader(msg.slice(1)))).toEqual({
      reqId: 9,
      group: 'All',
      tags: ['NetLiquidation', 'BuyingPower'],
    });
  });
});
