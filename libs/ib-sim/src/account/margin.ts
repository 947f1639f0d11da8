/**
 * Reg-T-like, strategy-based margin of the paper account, in the simulator's "capital at risk" convention:
 * equity with loan value is the net liquidation value (options marked to mid included), and the margin of an
 * option strategy is what it can still lose from its current mark:
 *
 * - long option: its value (a long is paid in full and lends nothing);
 * - vertical (a short paired with a long of the same expiry and right): width × 100 × qty + long value − short
 *   value, floored at 0, so a credit vertical needs width × 100 × qty − credit and a debit vertical the debit;
 * - covered call (short call against 100 long shares) and covered put (short put against 100 short shares): 0
 *   beyond the stock's own margin;
 * - naked short option: max(20 % × spot − out-of-the-money amount, 10 % × spot for calls / 10 % × strike for
 *   puts) × 100 × qty (IB's Reg T formula without its "+ option value" term, which the mark already carries);
 * - stock: Reg T 50 % initial; maintenance 25 % long, 30 % short.
 *
 * IB itself reports the option value inside the margin (and excludes options from equity with loan value);
 * AvailableFunds and ExcessLiquidity come out the same either way.
 */
import type { ContractDef } from '../market/market-types';

export interface MarginPosition {
  conId: number;
  position: number;
  def: ContractDef;
  /** Mark per share / per option (not multiplied). */
  mark: number;
}

export interface MarginRequirement {
  init: number;
  maint: number;
}

export const REG_T = {
  stockInitial: 0.5,
  stockMaintLong: 0.25,
  stockMaintShort: 0.3,
  nakedUnderlyingPct: 0.2,
  nakedMinPct: 0.1,
} as const;

interface OptLot {
  strike: number;
  qty: number;
  mark: number;
  multiplier: number;
}

/** Margin of a whole portfolio, given the spot of each underlying symbol. */
export function portfolioMargin(positions: MarginPosition[], spotOf: (symbol: string) => number): MarginRequirement {
  const bySymbol = new Map<string, MarginPosition[]>();
  for (const p of positions) {
    if (p.position === 0) continue;
    const list = bySymbol.get(p.def.symbol) ?? [];
    list.push(p);
    bySymbol.set(p.def.symbol, list);
  }
  let init = 0;
  let maint = 0;
  for (const [symbol, list] of bySymbol) {
    const r = underlyingMargin(list, () => spotOf(symbol));
    init += r.init;
    maint += r.maint;
  }
  return { init, maint };
}

function underlyingMargin(list: MarginPosition[], spot: () => number): MarginRequirement {
  let init = 0;
  let maint = 0;
  let stockShares = 0;
  const groups = new Map<string, { right: 'C' | 'P'; longs: OptLot[]; shorts: OptLot[] }>();
  for (const p of list) {
    if (p.def.secType !== 'OPT') {
      const value = Math.abs(p.position * p.mark);
      init += value * REG_T.stockInitial;
      maint += value * (p.position > 0 ? REG_T.stockMaintLong : REG_T.stockMaintShort);
      stockShares += p.position;
      continue;
    }
    const key = `${p.def.expiry}:${p.def.right}`;
    const g = groups.get(key) ?? { right: p.def.right, longs: [], shorts: [] };
    groups.set(key, g);
    const lot: OptLot = { strike: p.def.strike, qty: Math.abs(p.position), mark: p.mark, multiplier: p.def.multiplier };
    (p.position > 0 ? g.longs : g.shorts).push(lot);
  }

  let coverableCalls = stockShares > 0 ? Math.floor(stockShares / 100) : 0;
  let coverablePuts = stockShares < 0 ? Math.floor(-stockShares / 100) : 0;
  for (const g of groups.values()) {
    // Pair each short with the long that loses least against it (greedy, tightest first).
    const shorts = g.shorts.slice().sort((a, b) => (g.right === 'C' ? a.strike - b.strike : b.strike - a.strike));
    const longs = g.longs.map((l) => ({ ...l }));
    for (const s of shorts) {
      let left = s.qty;
      while (left > 0) {
        let best: (typeof longs)[number] | undefined;
        let bestLoss = Infinity;
        for (const l of longs) {
          if (l.qty <= 0) continue;
          const loss = g.right === 'C' ? Math.max(0, l.strike - s.strike) : Math.max(0, s.strike - l.strike);
          if (loss < bestLoss) {
            bestLoss = loss;
            best = l;
          }
        }
        if (!best) break;
        const q = Math.min(left, best.qty);
        const m = s.multiplier;
        const req = Math.max(0, bestLoss * m * q + best.mark * m * q - s.mark * m * q);
        init += req;
        maint += req;
        best.qty -= q;
        left -= q;
      }
      if (left > 0) {
        const covered = g.right === 'C' ? Math.min(left, coverableCalls) : Math.min(left, coverablePuts);
        if (g.right === 'C') coverableCalls -= covered;
        else coverablePuts -= covered;
        left -= covered;
      }
      if (left > 0) {
        const req = nakedShortRequirement(g.right, s.strike, spot()) * s.multiplier * left;
        init += req;
        maint += req;
      }
    }
    for (const l of longs) {
      if (l.qty <= 0) continue;
      const req = l.mark * l.multiplier * l.qty;
      init += req;
      maint += req;
    }
  }
  return { init, maint };
}

/** Per share: max(20 % × S − OTM, 10 % × S) for calls, max(20 % × S − OTM, 10 % × K) for puts. */
export function nakedShortRequirement(right: 'C' | 'P', strike: number, spot: number): number {
  const otm = right === 'C' ? Math.max(0, strike - spot) : Math.max(0, spot - strike);
  const floor = REG_T.nakedMinPct * (right === 'C' ? spot : strike);
  return Math.max(REG_T.nakedUnderlyingPct * spot - otm, floor);
}
