/**
 * Quotes and greeks from the model state.
 *
 * Options: theoretical value from BSM at the surface vol; half-spread (in $)
 *   h = (vega·VOL_HALF_SPREAD_PTS + PCT_HALF_SPREAD·theo) · thinness · (1 + 0.25|x| + 0.05x²) · (1 + 0.3T),
 * at least one tick; bid = floor_tick(theo − h) (0 when that is below one tick: worthless far-OTM options have no
 * bid), ask = ceil_tick(theo + h). x is standardised moneyness, so markets are wider away from the money in vol
 * terms, and wider again in long-dated series. Ticks: $0.01 for the penny ETFs; for stocks $0.01 below $3 and
 * $0.05 from $3 (the penny-pilot rule). Halted: bid 0, ask 2·theo + 1.
 * Open interest peaks near the money (puts slightly below it), on round strikes (×2.5 on multiples of 50, ×1.8 of
 * 10, ×1.3 of 5), in monthlies and front months; daily volume is a share of it (more in the front), accrued along
 * a U-shaped session curve.
 */
import { bsm, type BsmResult } from './black-scholes';
import { formatYmd, monthlyExpiryDay, ymdOf } from './calendar';
import type { OptionEntry } from './option-chain';
import type { Quote } from './market-types';
import { hashUnit } from './seeded-random';
import { round2, RING, type UnderlyingState } from './underlying-state';
import type { UnderlyingSpec } from './universe';
import { atmVol, standardMoneyness, surfaceVol } from './vol-surface';

/** Half-spread in vol points (× vega per point), and as a fraction of the option's value. */
export const VOL_HALF_SPREAD_PTS = 0.05;
export const PCT_HALF_SPREAD = 0.0015;
const YEAR_MS = 365 * 86_400_000;

export interface OptionTheo {
  t: number;
  sigma: number;
  /** Signed standardised moneyness ln(K/F)/(σ_atm√T). */
  x: number;
  res: BsmResult;
}

/** Per-option values fixed for the life of the model (or of a day). */
export interface OptionStatics {
  /** 0..1: how liquid the series is (1 = the ATM front-month monthly on a round strike). */
  liquidity: number;
  openInterest: number;
  /** Steps between trades, and the phase of that cycle. */
  tradePeriod: number;
  tradePhase: number;
}

/** An option's price increment: the spec's own (SPX 0.05 / 0.10), else $0.01, or $0.05 from $3 outside penny classes. */
export function minTick(spec: UnderlyingSpec, price: number): number {
  if (spec.optionTicks) return price < 3 ? spec.optionTicks[0] : spec.optionTicks[1];
  return spec.allPenny || price < 3 ? 0.01 : 0.05;
}

function floorTick(x: number, tick: number): number {
  return round2(Math.floor(x / tick + 1e-7) * tick);
}

function ceilTick(x: number, tick: number): number {
  return round2(Math.ceil(x / tick - 1e-7) * tick);
}

function nearestTick(x: number, tick: number): number {
  return round2(Math.round(x / tick) * tick);
}

/** A market state to price at other than the current one (the session open, the previous close). */
export interface PricingPoint {
  spot: number;
  asOf: number;
  atm30: number;
}

/** Theoretical value of an option now, or at another market state. */
export function optionTheo(u: UnderlyingState, e: OptionEntry, r: number, at?: PricingPoint): OptionTheo {
  const spot = at ? at.spot : u.spot;
  const asOf = at ? at.asOf : u.asOf;
  const t = Math.max(0, (e.expiresAt - asOf) / YEAR_MS);
  const q = u.spec.q;
  const forward = spot * Math.exp((r - q) * t);
  const params = at ? { ...u.surfaceParams(), atm30: at.atm30 } : u.surfaceParams();
  const spans = u.spansEarnings(e.expiresAt, asOf);
  const sigma = surfaceVol(params, e.def.strike, forward, t, spans);
  const x = standardMoneyness(e.def.strike, forward, atmVol(params, t, spans), t);
  const res = bsm({ spot, strike: e.def.strike, t, r, q, sigma, right: e.def.right });
  return { t, sigma, x, res };
}

function roundness(strike: number): number {
  if (strike % 50 === 0) return 2.5;
  if (strike % 10 === 0) return 1.8;
  if (strike % 5 === 0) return 1.3;
  return 1;
}

/** Liquidity and open interest of a series, judged at the model's start. */
export function optionStatics(
  u: UnderlyingState,
  e: OptionEntry,
  r: number,
  seed: number,
  startedAt: number,
): OptionStatics {
  const t = Math.max(1 / 365, (e.expiresAt - startedAt) / YEAR_MS);
  const atm = u.spec.ivMean;
  const x0 = Math.log(e.def.strike / (u.spec.spot * Math.exp((r - u.spec.q) * t))) / (atm * Math.sqrt(t));
  const centre = e.def.right === 'P' ? -0.4 : 0.2;
  const strikeFactor = 0.01 + Math.exp(-0.5 * ((x0 - centre) / 1.2) ** 2);
  const expiryFactor = (e.monthly ? 1 : 0.45) * (0.2 + 0.8 * Math.exp(-t / 0.3));
  const liquidity = Math.min(1, (strikeFactor * expiryFactor * roundness(e.def.strike)) / 2.5);
  const noise = Math.exp(1.2 * (hashUnit(seed, e.def.conId, 11) - 0.5));
  const openInterest = Math.round(u.spec.oiScale * strikeFactor * expiryFactor * roundness(e.def.strike) * noise);
  const tradePeriod = Math.max(2, Math.round(RING / 2 / (1 + 400 * liquidity)));
  const tradePhase = Math.floor(hashUnit(seed, e.def.conId, 12) * tradePeriod);
  return { liquidity, openInterest, tradePeriod, tradePhase };
}

export function halfSpread(u: UnderlyingState, th: OptionTheo): number {
  const shape = 1 + 0.25 * Math.abs(th.x) + 0.05 * th.x * th.x;
  const base = th.res.vega * VOL_HALF_SPREAD_PTS + PCT_HALF_SPREAD * th.res.price;
  return base * u.spec.thinness * shape * (1 + 0.3 * th.t);
}

/** Bid and ask around `theo` (see the file comment). */
export function optionMarket(
  u: UnderlyingState,
  th: OptionTheo,
): { bid: number; ask: number; tick: number; half: number } {
  const theo = th.res.price;
  const tick = minTick(u.spec, theo);
  if (u.halted) return { bid: 0, ask: ceilTick(2 * theo + 1, tick), tick, half: theo + 1 };
  const half = Math.max(tick, halfSpread(u, th));
  let bid = floorTick(theo - half, minTick(u.spec, theo - half));
  if (bid < 0.01) bid = 0;
  const ask = Math.max(ceilTick(theo + half, minTick(u.spec, theo + half)), round2(bid + tick), 0.01);
  return { bid, ask, tick, half };
}

/** Cheap per-option values that change once a day: open, previous close, and the range of the day. */
export interface OptionDay {
  day: number;
  hiSpot: number;
  loSpot: number;
  open: number;
  close: number;
  high: number;
  low: number;
}

/**
 * Open, previous close and the day's range are priced at fixed reference points (the session open at 9:30 with
 * the opening vol; the previous close at 16:00 with the closing vol), so they never depend on when they are asked.
 */
export function optionDay(u: UnderlyingState, e: OptionEntry, r: number, prev: OptionDay | undefined): OptionDay {
  const s = u.session;
  const tick = (p: number): number => nearestTick(p, minTick(u.spec, p));
  const atOpen = (spot: number): number =>
    tick(optionTheo(u, e, r, { spot, asOf: s.openAt, atm30: s.baseIvOpen }).res.price);
  let open: number;
  let close: number;
  if (prev && prev.day === s.day) {
    if (prev.hiSpot === s.high && prev.loSpot === s.low) return prev;
    open = prev.open;
    close = prev.close;
  } else {
    open = atOpen(s.open);
    close = tick(optionTheo(u, e, r, { spot: s.prevClose, asOf: s.prevCloseAt, atm30: s.baseIvPrevClose }).res.price);
  }
  const atHi = atOpen(s.high);
  const atLo = atOpen(s.low);
  return {
    day: s.day,
    hiSpot: s.high,
    loSpot: s.low,
    open,
    close,
    high: Math.max(open, atHi, atLo),
    low: Math.min(open, atHi, atLo),
  };
}

export function optionQuote(
  u: UnderlyingState,
  e: OptionEntry,
  th: OptionTheo,
  st: OptionStatics,
  day: OptionDay,
  seed: number,
): Quote {
  const { bid, ask, half } = optionMarket(u, th);
  const conId = e.def.conId;
  const v = u.version;
  const maxSize = 5 + 195 * st.liquidity;
  const bidSize = bid > 0 ? 1 + Math.floor(hashUnit(seed, conId, v, 1) * maxSize) : 0;
  const askSize = 1 + Math.floor(hashUnit(seed, conId, v, 2) * maxSize);
  // The last trade: on a fixed cycle of steps, priced off the spot of that step (delta-gamma from now).
  const sinceTrade = (u.stepAt - st.tradePhase + st.tradePeriod * RING) % st.tradePeriod;
  const tradeStep = Math.max(u.stepAt - sinceTrade, u.stepAt - RING + 1, 0);
  const dS = u.spotRing[tradeStep % RING] - u.spot;
  const thenTheo = Math.max(0, th.res.price + th.res.delta * dS + 0.5 * th.res.gamma * dS * dS);
  const lastRaw = thenTheo + (hashUnit(seed, conId, tradeStep, 3) - 0.5) * Math.min(half, thenTheo);
  const last = Math.max(0.01, nearestTick(lastRaw, minTick(u.spec, lastRaw)));
  const lastSize = 1 + Math.floor(hashUnit(seed, conId, tradeStep, 4) * (2 + 30 * st.liquidity));
  const dayNoise = 0.5 + hashUnit(seed, conId, u.session.day, 5);
  const dailyVolume = st.openInterest * (0.05 + 0.3 * Math.exp(-th.t / 0.08)) * dayNoise;
  const volume = Math.floor(dailyVolume * u.volumeFraction());
  return {
    bid,
    ask,
    last,
    bidSize,
    askSize,
    lastSize,
    volume,
    high: Math.max(day.high, last),
    low: Math.min(day.low, last),
    open: day.open,
    close: day.close,
    openInterest: st.openInterest,
    halted: u.halted,
  };
}

export function underlyingQuote(u: UnderlyingState, seed: number): Quote {
  const s = u.session;
  const spread = u.spec.spreadCents / 100;
  const last = round2(u.spot);
  let bid: number;
  let ask: number;
  if (u.halted) {
    bid = round2(u.spot * 0.9);
    ask = round2(u.spot * 1.1);
  } else {
    bid = round2(Math.floor((u.spot - spread / 2) * 100 + 1e-7) / 100);
    ask = round2(bid + spread);
  }
  const v = u.version;
  const lot = (k: number): number => 100 * (1 + Math.floor(hashUnit(seed, u.conId, v, k) * 30));
  return {
    bid,
    ask,
    last,
    bidSize: lot(1),
    askSize: lot(2),
    lastSize: lot(3),
    volume: Math.round(s.volumeTarget * u.volumeFraction()),
    high: Math.max(s.high, last),
    low: Math.min(s.low, last),
    open: s.open,
    close: s.prevClose,
    impliedVol: u.iv30(),
    historicalVol: u.historicalVol(),
    dividends: dividendsText(u.spec.q, s.prevClose, s.day),
    halted: u.halted,
  };
}

/**
 * IB Dividends text for a continuous yield q: a year of dividends q × the previous close (dollars, fixed for the
 * day, as IB's figure is), paid quarterly on the third Friday of Mar/Jun/Sep/Dec (SPY's schedule). A reader that
 * divides the next 12 months by spot gets q back (to the day's move).
 */
export function dividendsText(q: number, prevClose: number, today: number): string {
  const annual = Math.round(q * prevClose * 10_000) / 10_000;
  if (!(annual > 0)) return '0,0,,';
  const { y, m } = ymdOf(today);
  let next = 0;
  for (let i = 0; i < 5 && !next; i++) {
    const month = m + i;
    const mm = ((month - 1) % 12) + 1;
    if (mm % 3 !== 0) continue;
    const d = monthlyExpiryDay(y + Math.floor((month - 1) / 12), mm);
    if (d > today) next = d;
  }
  return `${annual},${annual},${formatYmd(next)},${Math.round((annual / 4) * 10_000) / 10_000}`;
}
