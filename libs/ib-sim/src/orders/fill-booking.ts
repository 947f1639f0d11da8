/**
 * The booking of one fill of an order: the quantity it takes, each leg's price, each leg execution's commission, the
 * positions and cash it moves, and the order's cumulative and average quantities per leg and as a whole. It returns
 * the executions to record: one per leg and, for a combo, one for the BAG itself (commission 0: the legs carry it).
 * Recording them, the messages, OCA effects and scheduling stay with the engine (order-engine.ts).
 */
import type { Portfolio } from '../account/portfolio';
import { allocateLegPrices, type InstrumentQuote } from './combo-pricing';
import { sliceCommissions, type CommissionLeg } from './commission';
import type { FillModel } from './fill-model';
import { bagWireContract, wireContractOf, type WireContract } from './order-messages';
import type { CommissionConfig } from './order-types';
import type { SimOrder } from './sim-order';
import type { ExecutionFill } from './sim-order-messages';

/** What the fill books into: the fill model (slice sizes), the commission schedule and the account's ledger. */
export interface FillBooks {
  readonly fillModel: FillModel;
  readonly commission: CommissionConfig;
  readonly portfolio: Portfolio;
}

export interface FillTerms {
  quote: InstrumentQuote;
  /** Per combo unit (IB's sign convention) or per share/contract. */
  price: number;
  liquidity: 1 | 2;
  /** Quantity to fill; without it the fill model slices the order's remaining quantity. */
  quantity?: number;
  time: number;
}

export interface BookedExecution {
  wire: WireContract;
  fill: ExecutionFill;
}

export interface FillBooking {
  /** The quantity filled (combo units for a BAG). */
  quantity: number;
  /** In order: the legs' executions, then the BAG's. */
  executions: BookedExecution[];
}

/** Books one fill of `o` and updates its fill fields; undefined (nothing booked) if the slice is empty. */
export function bookFill(o: SimOrder, terms: FillTerms, books: FillBooks): FillBooking | undefined {
  const qty = terms.quantity ?? books.fillModel.sliceQuantity(o.remaining);
  if (!(qty > 0)) return undefined;
  const { price, liquidity, time } = terms;
  const legs = o.instrument.legs;
  const legPrices = o.instrument.kind === 'combo' ? allocateLegPrices(o.instrument, terms.quote, price) : [price];
  const sliceLegs: CommissionLeg[] = legs.map((l) => ({ secType: l.def.secType === 'OPT' ? 'OPT' : 'STK', quantity: l.ratio * qty }));
  const cumulative: CommissionLeg[] = legs.map((l, i) => ({
    secType: l.def.secType === 'OPT' ? 'OPT' : 'STK',
    quantity: o.legCum[i] + l.ratio * qty,
  }));
  const commissions = sliceCommissions(books.commission, cumulative, sliceLegs, o.commissionCharged);
  o.commissionCharged += commissions.reduce((a, b) => a + b, 0);

  const executions: BookedExecution[] = [];
  legs.forEach((leg, i) => {
    const shares = leg.ratio * qty;
    const buys = (leg.sign > 0) === (o.action === 'BUY');
    const multiplier = leg.def.secType === 'OPT' ? leg.def.multiplier : 1;
    const effect = books.portfolio.apply(leg.conId, buys ? shares : -shares, legPrices[i], multiplier, commissions[i]);
    o.legAvg[i] = (o.legAvg[i] * o.legCum[i] + legPrices[i] * shares) / (o.legCum[i] + shares);
    o.legCum[i] += shares;
    executions.push({
      wire: wireContractOf(leg.def, leg.def.secType === 'OPT' ? 'CBOE' : 'ISLAND'),
      fill: {
        time,
        side: buys ? 'BOT' : 'SLD',
        shares,
        price: legPrices[i],
        cumQty: o.legCum[i],
        avgPrice: o.legAvg[i],
        lastLiquidity: liquidity,
        commission: commissions[i],
        realizedPnl: effect.realizedPnl,
      },
    });
  });

  o.avgFillPrice = (o.avgFillPrice * o.filled + price * qty) / (o.filled + qty);
  o.filled += qty;
  o.remaining = Math.max(0, o.req.totalQuantity - o.filled);
  o.lastFillPrice = price;
  if (o.instrument.kind === 'combo') {
    executions.push({
      wire: bagWireContract(o.instrument.symbol, 'CBOE'),
      fill: {
        time,
        side: o.action === 'BUY' ? 'BOT' : 'SLD',
        shares: qty,
        price,
        cumQty: o.filled,
        avgPrice: o.avgFillPrice,
        lastLiquidity: liquidity,
        commission: 0,
        realizedPnl: undefined,
      },
    });
  }
  return { quantity: qty, executions };
}
