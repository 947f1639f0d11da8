/**
 * Estimated quotes for contracts not quoted yet, from a few quoted anchor strikes per expiry (ADR 0017).
 *
 * Anchors: per expiry, the listed strike nearest each standardised moneyness z·σ√T in ANCHOR_Z (σ the underlying's
 * IV), on the out-of-the-money side (puts below spot, calls at and above it; both at the money). Once quoted:
 * - the smile: each anchor's IV (the gateway's, else implied from its mid), linear in strike, flat beyond the ends;
 * - the half-spread (ask − bid)/2: linear in strike between anchors, flat beyond (call and put at one strike have
 *   about the same market width in vol terms);
 * - the tick: 0.05 when every anchor price at or above $3 is on a nickel, else 0.01.
 * An estimate is Black–Scholes at the smile's IV ± the half-spread, rounded out to the tick, with a bid of at least
 * one tick (a real bid of one tick must not be pruned as "no market"), model greeks, no OI and no volume.
 * Estimates only decide what to quote: they are never shown (a row needs real quotes on both legs).
 */
import { bsGreeks, bsPrice, THETA_PER_DAY, VEGA_PER_POINT } from '../math/black-scholes';
import { impliedVol } from '../math/implied-vol';
import { yearsTo } from '../chain/calendar';
import { contractKey, type ChainDefinition, type OptionContract, type OptionQuote, type UnderlyingSnapshot } from '../chain/option-chain';
import { usableIv } from '../chain/smile';

/** Standardised moneyness of the anchor strikes (0 = at the money, both rights). */
export const ANCHOR_Z: readonly number[] = [-4, -3, -2, -1.25, -0.6, 0, 0.6, 1.25, 2, 3];
/** In-the-money anchors (both sides' z), for how much wider in-the-money markets are. */
export const ITM_ANCHOR_Z: readonly number[] = [-2, -1, 1, 2];

type Expiry = ChainDefinition['expiries'][number];

function contractAt(def: ChainDefinition, e: Expiry, i: number, right: 'C' | 'P'): OptionContract | null {
  const ids = right === 'C' ? e.callConIds : e.putConIds;
  if (ids && ids[i] === null) return null;
  return { conId: ids ? (ids[i] ?? null) : null, symbol: def.symbol, expiry: e.expiry, strike: e.strikes[i], right, multiplier: def.multiplier };
}

/** The anchor contracts of the given expiries (deduplicated, nearest the money first). */
export function anchorContracts(def: ChainDefinition, und: UnderlyingSnapshot, expiries: ReadonlySet<string>, now: number, rate: number): OptionContract[] {
  const out: Array<{ c: OptionContract; z: number }> = [];
  const iv = und.iv !== null && und.iv > 0 ? und.iv : 0.3;
  for (const e of def.expiries) {
    if (!expiries.has(e.expiry) || e.strikes.length === 0) continue;
    const t = Math.max(yearsTo(e.expiresAt, now), 1 / 8760);
    const fwd = und.spot * Math.exp((rate - und.dividendYield) * t);
    const seen = new Set<string>();
    const nearest = (target: number): number => {
      let best = 0;
      for (let i = 1; i < e.strikes.length; i++) if (Math.abs(e.strikes[i] - target) < Math.abs(e.strikes[best] - target)) best = i;
      return best;
    };
    const add = (best: number, rights: ReadonlyArray<'C' | 'P'>, rank: number): void => {
      for (const r of rights) {
        const c = contractAt(def, e, best, r) ?? contractAt(def, e, best, r === 'C' ? 'P' : 'C');
        if (!c || seen.has(contractKey(c))) continue;
        seen.add(contractKey(c));
        out.push({ c, z: rank });
      }
    };
    for (const z of ANCHOR_Z) {
      const best = nearest(fwd * Math.exp(z * iv * Math.sqrt(t)));
      add(best, z === 0 ? ['P', 'C'] : e.strikes[best] < und.spot ? ['P'] : ['C'], Math.abs(z));
    }
    for (const z of ITM_ANCHOR_Z) {
      const best = nearest(fwd * Math.exp(z * iv * Math.sqrt(t)));
      add(best, [e.strikes[best] < und.spot ? 'C' : 'P'], Math.abs(z) + 0.5);
    }
  }
  out.sort((a, b) => a.z - b.z);
  return out.map((x) => x.c);
}

interface Curve {
  xs: number[];
  ys: number[];
}

function curveAt(c: Curve, x: number): number {
  const n = c.xs.length;
  if (x <= c.xs[0]) return c.ys[0];
  if (x >= c.xs[n - 1]) return c.ys[n - 1];
  let i = 0;
  while (c.xs[i + 1] < x) i++;
  const w = (x - c.xs[i]) / (c.xs[i + 1] - c.xs[i]);
  return c.ys[i] + w * (c.ys[i + 1] - c.ys[i]);
}

function curveOf(points: Map<number, number[]>): Curve | null {
  const xs = [...points.keys()].sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const ys = xs.map((x) => {
    const v = points.get(x) as number[];
    return v.reduce((a, b) => a + b, 0) / v.length;
  });
  return { xs, ys };
}

interface ExpiryFit {
  t: number;
  smile: Curve;
  half: Curve;
  /** Extra half-spread per $ of value beyond the out-of-the-money twin's (in-the-money options). */
  itmShare: number;
  tick: number;
}

const add = (m: Map<number, number[]>, k: number, v: number): void => void (m.get(k)?.push(v) ?? m.set(k, [v]));

export class QuoteEstimator {
  private readonly fits = new Map<string, ExpiryFit>();

  constructor(
    private readonly def: ChainDefinition,
    private readonly und: UnderlyingSnapshot,
    private readonly rate: number,
    private readonly now: number,
    anchors: ReadonlyMap<string, OptionQuote>,
  ) {
    for (const e of def.expiries) {
      const t = yearsTo(e.expiresAt, now);
      if (!(t > 0)) continue;
      const ivs = new Map<number, number[]>();
      const halves = new Map<number, number[]>();
      const itm: Array<{ strike: number; right: 'C' | 'P'; mid: number; half: number }> = [];
      let nickel = true;
      let sawHigh = false;
      e.strikes.forEach((strike, i) => {
        for (const right of ['C', 'P'] as const) {
          const c = contractAt(def, e, i, right);
          const q = c ? anchors.get(contractKey(c)) : undefined;
          if (!q || q.bid === null || q.ask === null || !(q.ask > 0) || q.ask < q.bid) continue;
          for (const p of [q.bid, q.ask]) {
            if (p >= 3) {
              sawHigh = true;
              if (Math.abs(p * 20 - Math.round(p * 20)) > 1e-6) nickel = false;
            }
          }
          const mid = (q.bid + q.ask) / 2;
          const otm = strike < und.spot ? right === 'P' : strike > und.spot ? right === 'C' : true;
          if (!otm) {
            itm.push({ strike, right, mid, half: (q.ask - q.bid) / 2 });
            continue;
          }
          add(halves, strike, (q.ask - q.bid) / 2);
          const iv = usableIv(q.iv) ? q.iv : impliedVol(mid, { right, spot: und.spot, strike, t, rate, dividendYield: und.dividendYield });
          if (usableIv(iv)) add(ivs, strike, iv);
        }
      });
      const smile = curveOf(ivs);
      const half = curveOf(halves);
      if (!smile || !half || smile.xs.length < 2) continue;
      // In-the-money markets are wider by about a share of the value beyond the out-of-the-money twin's (least squares through 0).
      let sxy = 0;
      let sxx = 0;
      for (const a of itm) {
        const twin = bsPrice({ right: a.right === 'C' ? 'P' : 'C', spot: und.spot, strike: a.strike, t, rate, dividendYield: und.dividendYield, vol: curveAt(smile, a.strike) });
        const x = Math.max(0, a.mid - twin);
        sxy += x * Math.max(0, a.half - curveAt(half, a.strike));
        sxx += x * x;
      }
      this.fits.set(e.expiry, { t, smile, half, itmShare: sxx > 0 ? sxy / sxx : 0, tick: nickel && sawHigh ? 0.05 : 0.01 });
    }
  }

  /** Expiries with a fit (at least two anchors with an IV). Contracts of the others cannot be estimated. */
  fitted(expiry: string): boolean {
    return this.fits.has(expiry);
  }

  /** The estimate, or null when its expiry has no fit. */
  estimate(c: OptionContract): OptionQuote | null {
    const f = this.fits.get(c.expiry);
    if (!f) return null;
    const vol = curveAt(f.smile, c.strike);
    const g = bsGreeks({ right: c.right, spot: this.und.spot, strike: c.strike, t: f.t, rate: this.rate, dividendYield: this.und.dividendYield, vol });
    const twin = bsPrice({ right: c.right === 'C' ? 'P' : 'C', spot: this.und.spot, strike: c.strike, t: f.t, rate: this.rate, dividendYield: this.und.dividendYield, vol });
    const h = Math.max(f.tick / 2, curveAt(f.half, c.strike) + f.itmShare * Math.max(0, g.price - twin));
    const tick = g.price < 3 ? 0.01 : f.tick;
    const bid = Math.max(tick, Math.floor((g.price - h) / tick + 1e-7) * tick);
    const ask = Math.max(bid + tick, Math.ceil((g.price + h) / tick - 1e-7) * tick);
    return {
      bid: round2(bid),
      ask: round2(ask),
      last: null,
      iv: vol,
      delta: g.delta,
      gamma: g.gamma,
      theta: g.theta * THETA_PER_DAY,
      vega: g.vega * VEGA_PER_POINT,
      volume: null,
      openInterest: null,
      quoteTime: this.now,
    };
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
