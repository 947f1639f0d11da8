import type { ContractDef, Greeks, MarketModel } from '../market/market-types';
import { Tick } from './tick-types';

/** One value of a market-data line, before encoding. A price may carry its size tick (bid/ask/last). */
export type TickItem =
  | { k: 'price'; type: number; price: number; attrib: number; size?: { type: number; value: number } }
  | { k: 'size'; type: number; value: number }
  | { k: 'generic'; type: number; value: number }
  | { k: 'string'; type: number; value: string }
  | { k: 'option'; type: number; greeks: Greeks };

export interface TickContext {
  market: MarketModel;
  generic: ReadonlySet<number>;
  /** Epoch seconds of the last trade, for tick 45. */
  lastTradeAt: number;
  /** Call/put volume and open interest summed over an underlying's chain (generic ticks 100/101). */
  chainTotals?: () => ChainTotals;
}

export interface ChainTotals {
  callVolume: number;
  putVolume: number;
  callOpenInterest: number;
  putOpenInterest: number;
}

const round = (x: number, digits: number): number => {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

const roundGreeks = (g: Greeks): Greeks => ({
  impliedVol: round(g.impliedVol, 6),
  delta: round(g.delta, 6),
  optPrice: round(g.optPrice, 4),
  pvDividend: round(g.pvDividend, 4),
  gamma: round(g.gamma, 6),
  vega: round(g.vega, 6),
  theta: round(g.theta, 6),
  undPrice: round(g.undPrice, 4),
});

/**
 * Every tick of a contract's line in the order TWS sends a fresh subscription: bid, ask, last (each with its
 * size), last timestamp, volume, high, low, close, open, halted, then the generic ticks, then for options the
 * bid/ask/last/model option computations.
 */
export function buildTicks(contract: ContractDef, ctx: TickContext): TickItem[] {
  const q = ctx.market.quote(contract.conId);
  // An index (IND) is a calculated value: IB sends its last (and high/low/close/open), never a bid, ask or volume.
  const items: TickItem[] =
    contract.secType === 'IND'
      ? [{ k: 'price', type: Tick.LAST, price: round(q.last, 4), attrib: 0 }, { k: 'string', type: Tick.LAST_TIMESTAMP, value: String(ctx.lastTradeAt) }]
      : [
          { k: 'price', type: Tick.BID, price: round(q.bid, 4), attrib: 1, size: { type: Tick.BID_SIZE, value: q.bidSize } },
          { k: 'price', type: Tick.ASK, price: round(q.ask, 4), attrib: 1, size: { type: Tick.ASK_SIZE, value: q.askSize } },
          { k: 'price', type: Tick.LAST, price: round(q.last, 4), attrib: 0, size: { type: Tick.LAST_SIZE, value: q.lastSize } },
          { k: 'string', type: Tick.LAST_TIMESTAMP, value: String(ctx.lastTradeAt) },
          { k: 'size', type: Tick.VOLUME, value: q.volume },
        ];
  items.push(
    { k: 'price', type: Tick.HIGH, price: round(q.high, 4), attrib: 0 },
    { k: 'price', type: Tick.LOW, price: round(q.low, 4), attrib: 0 },
    { k: 'price', type: Tick.CLOSE, price: round(q.close, 4), attrib: 0 },
    { k: 'price', type: Tick.OPEN, price: round(q.open, 4), attrib: 0 },
    { k: 'generic', type: Tick.HALTED, value: q.halted ? 1 : 0 },
  );
  const g = ctx.generic;
  if (contract.secType !== 'OPT') {
    if ((g.has(100) || g.has(101)) && ctx.chainTotals) {
      const t = ctx.chainTotals();
      if (g.has(100)) {
        items.push({ k: 'size', type: Tick.OPTION_CALL_VOLUME, value: t.callVolume });
        items.push({ k: 'size', type: Tick.OPTION_PUT_VOLUME, value: t.putVolume });
      }
      if (g.has(101)) {
        items.push({ k: 'size', type: Tick.OPTION_CALL_OPEN_INTEREST, value: t.callOpenInterest });
        items.push({ k: 'size', type: Tick.OPTION_PUT_OPEN_INTEREST, value: t.putOpenInterest });
      }
    }
    if (g.has(104) && q.historicalVol !== undefined) {
      items.push({ k: 'generic', type: Tick.OPTION_HISTORICAL_VOL, value: round(q.historicalVol, 6) });
    }
    if (g.has(106) && q.impliedVol !== undefined) {
      items.push({ k: 'generic', type: Tick.OPTION_IMPLIED_VOL, value: round(q.impliedVol, 6) });
    }
    // IB has no dividend tick for an index (the scanner uses its configured yield for SPX & co).
    if (g.has(456) && q.dividends !== undefined && contract.secType !== 'IND') items.push({ k: 'string', type: Tick.IB_DIVIDENDS, value: q.dividends });
    return items;
  }
  if (g.has(101) && q.openInterest !== undefined) {
    const type = contract.right === 'C' ? Tick.OPTION_CALL_OPEN_INTEREST : Tick.OPTION_PUT_OPEN_INTEREST;
    items.push({ k: 'size', type, value: q.openInterest });
  }
  const model = ctx.market.greeks(contract.conId, 'model');
  if (g.has(106)) items.push({ k: 'generic', type: Tick.OPTION_IMPLIED_VOL, value: round(model.impliedVol, 6) });
  items.push({ k: 'option', type: Tick.BID_OPTION, greeks: roundGreeks(ctx.market.greeks(contract.conId, 'bid')) });
  items.push({ k: 'option', type: Tick.ASK_OPTION, greeks: roundGreeks(ctx.market.greeks(contract.conId, 'ask')) });
  items.push({ k: 'option', type: Tick.LAST_OPTION, greeks: roundGreeks(ctx.market.greeks(contract.conId, 'last')) });
  items.push({ k: 'option', type: Tick.MODEL_OPTION, greeks: roundGreeks(model) });
  return items;
}
