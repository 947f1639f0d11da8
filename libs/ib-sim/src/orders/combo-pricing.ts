/**
 * Prices of an instrument (one contract or a BAG of legs) from leg quotes, with IB's combo sign convention: the
 * combo price is Σ over BUY legs of ratio × price minus Σ over SELL legs of ratio × price, so a credit spread bought
 * as a BAG has a negative price. The combo ask (what a BUY combo pays at the natural) takes the ask of BUY legs and
 * the bid of SELL legs; the combo bid (what a SELL combo receives at the natural) the other way round.
 */
import type { Quote } from '../market/market-types';
import type { Instrument, OrderAction } from './order-types';

export interface LegQuote {
  bid: number;
  ask: number;
  halted: boolean;
}

export interface InstrumentQuote {
  bid: number;
  ask: number;
  mid: number;
  /** True if any leg is halted or has no two-sided market (ask <= 0 or bid > ask). */
  untradable: boolean;
  legs: LegQuote[];
}

export function legQuoteOf(q: Quote): LegQuote {
  return { bid: q.bid, ask: q.ask, halted: q.halted };
}

export function instrumentQuote(instrument: Instrument, quoteOf: (conId: number) => LegQuote): InstrumentQuote {
  let bid = 0;
  let ask = 0;
  let untradable = false;
  const legs: LegQuote[] = [];
  for (const leg of instrument.legs) {
    const q = quoteOf(leg.conId);
    legs.push(q);
    if (q.halted || !(q.ask > 0) || q.bid < 0 || q.bid > q.ask) untradable = true;
    if (leg.sign > 0) {
      bid += leg.ratio * q.bid;
      ask += leg.ratio * q.ask;
    } else {
      bid -= leg.ratio * q.ask;
      ask -= leg.ratio * q.bid;
    }
  }
  bid = roundCents(bid);
  ask = roundCents(ask);
  return { bid, ask, mid: (bid + ask) / 2, untradable, legs };
}

/** The price an order trades at immediately: the combo ask for a BUY, the combo bid for a SELL. */
export function naturalPrice(q: InstrumentQuote, action: OrderAction): number {
  return action === 'BUY' ? q.ask : q.bid;
}

/** Where a limit sits relative to the market, from the order's side. */
export type LimitZone = 'marketable' | 'mid-to-natural' | 'below-mid';

const EPS = 1e-9;

export function limitZone(q: InstrumentQuote, action: OrderAction, lmt: number): LimitZone {
  if (action === 'BUY') {
    if (lmt >= q.ask - EPS) return 'marketable';
    if (lmt >= q.mid - EPS) return 'mid-to-natural';
    return 'below-mid';
  }
  if (lmt <= q.bid + EPS) return 'marketable';
  if (lmt <= q.mid + EPS) return 'mid-to-natural';
  return 'below-mid';
}

/**
 * Splits a combo price into leg prices that add up to it (Σ sign × ratio × legPrice = price), each inside its
 * leg's bid/ask when the price is inside the combo's: legs start at their mids and move toward the side the
 * price is on in proportion to their half-spreads. At the natural, BUY legs trade at the ask and SELL legs at the bid.
 */
export function allocateLegPrices(instrument: Instrument, q: InstrumentQuote, price: number): number[] {
  const mids = q.legs.map((l) => (l.bid + l.ask) / 2);
  const halfSpreads = q.legs.map((l) => Math.max(0, (l.ask - l.bid) / 2));
  let base = 0;
  let capacity = 0;
  instrument.legs.forEach((leg, i) => {
    base += leg.sign * leg.ratio * mids[i];
    capacity += leg.ratio * halfSpreads[i];
  });
  const diff = price - base;
  let prices: number[];
  if (capacity > EPS) {
    const f = diff / capacity;
    prices = instrument.legs.map((leg, i) => mids[i] + leg.sign * f * halfSpreads[i]);
  } else {
    prices = mids.slice();
    const first = instrument.legs[0];
    prices[0] += (first.sign * diff) / first.ratio;
  }
  return prices.map((p) => Math.max(0, Math.round(p * 1e4) / 1e4));
}

export function roundCents(p: number): number {
  return Math.round(p * 100) / 100;
}
