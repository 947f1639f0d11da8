/**
 * whatIf and the buying-power check: the account after a hypothetical full fill of an order at its limit (market
 * orders: at the natural), valued the way the account reporter values the real one, and the whatIf openOrder reply.
 */
import type { AccountValuator, AccountValues } from '../account/account-values';
import type { Portfolio } from '../account/portfolio';
import type { MarketModel } from '../market/market-types';
import type { OutField } from '../protocol/fields';
import { allocateLegPrices, instrumentQuote, legQuoteOf, naturalPrice } from './combo-pricing';
import { orderCommission } from './commission';
import { openOrderMessage, orderWireContract, type WhatIfState } from './order-messages';
import type { CommissionConfig, Instrument, OrderAction, PlaceOrderRequest } from './order-types';
import { OrderErrors, type OrderError } from './order-validation';

export interface Hypothetical {
  before: AccountValues;
  after: AccountValues;
  commission: number;
}

export class WhatIfDesk {
  constructor(
    private readonly market: MarketModel,
    private readonly valuator: AccountValuator,
    private readonly commission: CommissionConfig,
    private readonly portfolio: () => Portfolio,
    private readonly accountId: string,
  ) {}

  /** The reply to a whatIf placeOrder: an openOrder (PreSubmitted) carrying the margin and commission fields. */
  openOrder(
    req: PlaceOrderRequest,
    action: OrderAction,
    instrument: Instrument,
    clientId: number,
    permId: number,
  ): OutField[] {
    return openOrderMessage({
      orderId: req.orderId,
      clientId,
      permId,
      account: this.accountId,
      req,
      contract: orderWireContract(instrument, req),
      status: 'PreSubmitted',
      whatIf: true,
      state: this.state(req, action, instrument),
    });
  }

  /** The account before and after a hypothetical full fill. */
  hypothetical(req: PlaceOrderRequest, action: OrderAction, instrument: Instrument): Hypothetical {
    const q = instrumentQuote(instrument, (c) => legQuoteOf(this.market.quote(c)));
    const price = req.orderType === 'LMT' && req.lmtPrice !== undefined ? req.lmtPrice : naturalPrice(q, action);
    const legPrices = instrument.kind === 'combo' ? allocateLegPrices(instrument, q, price) : [price];
    const qty = req.totalQuantity;
    const commission = orderCommission(
      this.commission,
      instrument.legs.map((l) => ({ secType: l.def.secType === 'OPT' ? 'OPT' : 'STK', quantity: l.ratio * qty })),
    );
    const now = this.portfolio();
    const after = now.clone();
    const rawTotal = instrument.legs.reduce((a, l) => a + l.ratio * qty, 0);
    instrument.legs.forEach((leg, i) => {
      const shares = leg.ratio * qty;
      const buys = (leg.sign > 0) === (action === 'BUY');
      const multiplier = leg.def.secType === 'OPT' ? leg.def.multiplier : 1;
      after.apply(leg.conId, buys ? shares : -shares, legPrices[i], multiplier, (commission * shares) / rawTotal);
    });
    return { before: this.valuator.values(now), after: this.valuator.values(after), commission };
  }

  /** The margin and equity fields of a whatIf openOrder. */
  state(req: PlaceOrderRequest, action: OrderAction, instrument: Instrument): WhatIfState {
    const h = this.hypothetical(req, action, instrument);
    return {
      initMarginBefore: h.before.InitMarginReq,
      maintMarginBefore: h.before.MaintMarginReq,
      equityWithLoanBefore: h.before.EquityWithLoanValue,
      initMarginChange: h.after.InitMarginReq - h.before.InitMarginReq,
      maintMarginChange: h.after.MaintMarginReq - h.before.MaintMarginReq,
      equityWithLoanChange: h.after.EquityWithLoanValue - h.before.EquityWithLoanValue,
      initMarginAfter: h.after.InitMarginReq,
      maintMarginAfter: h.after.MaintMarginReq,
      equityWithLoanAfter: h.after.EquityWithLoanValue,
      commission: h.commission,
      minCommission: h.commission,
      maxCommission: h.commission,
      commissionCurrency: 'USD',
      warningText: '',
    };
  }

  /** IB's rejection when the fill would need more initial margin than the account has funds for. */
  buyingPowerCheck(req: PlaceOrderRequest, action: OrderAction, instrument: Instrument): OrderError | undefined {
    const h = this.hypothetical(req, action, instrument);
    if (h.after.AvailableFunds < 0 && h.after.InitMarginReq > h.before.InitMarginReq) {
      return OrderErrors.insufficientEquity(h.after.EquityWithLoanValue, h.after.InitMarginReq);
    }
    return undefined;
  }
}
