/**
 * A deterministic synthetic market for tests and the benchmark: underlyings with a skewed smile, expiries from a
 * week to a year, strikes around spot, and quotes priced by Black–Scholes with a realistic bid-ask, gateway-style
 * greeks, volume and open interest. A seed fixes everything; a small share of quotes lacks greeks or OI so the
 * flags are exercised.
 */
import { mulberry32 } from '@ibsc/option-math';
import { bsGreeks, THETA_PER_DAY, VEGA_PER_POINT } from '../math/black-scholes';
import { newYorkCloseMs, newYorkDayNumber, yyyymmddOf } from '../chain/calendar';
import { chainFromDefinition, contractKey, type ChainDefinition, type OptionChain, type OptionQuote, type UnderlyingSnapshot } from '../chain/option-chain';
import { InMemoryMarket } from '../sources/in-memory-market';

/** The project's seeded generator, under the name this module's callers use. */
export const seededRandom = mulberry32;

export interface SyntheticUnderlying {
  symbol: string;
  spot: number;
  iv: number;
  increment: number;
  dividendYield: number;
}

export const SYNTHETIC_UNDERLYINGS: readonly SyntheticUnderlying[] = [
  { symbol: 'SPY', spot: 665, iv: 0.16, increment: 1, dividendYield: 0.012 },
  { symbol: 'QQQ', spot: 590, iv: 0.2, increment: 1, dividendYield: 0.006 },
  { symbol: 'IWM', spot: 245, iv: 0.22, increment: 1, dividendYield: 0.011 },
  { symbol: 'AAPL', spot: 255, iv: 0.26, increment: 2.5, dividendYield: 0.004 },
  { symbol: 'MSFT', spot: 510, iv: 0.24, increment: 5, dividendYield: 0.007 },
  { symbol: 'NVDA', spot: 185, iv: 0.42, increment: 2.5, dividendYield: 0 },
  { symbol: 'TSLA', spot: 440, iv: 0.55, increment: 5, dividendYield: 0 },
  { symbol: 'AMZN', spot: 225, iv: 0.32, increment: 2.5, dividendYield: 0 },
];

export interface SyntheticOptions {
  now: number;
  seed?: number;
  underlyings?: readonly SyntheticUnderlying[];
  expiries?: number;
  strikesPerExpiry?: number;
  rate?: number;
  /** Share of quotes without greeks, and without OI. Default 0.02 each. */
  missingGreeks?: number;
  missingOpenInterest?: number;
  /** Quote time = now − age, age uniform in [0, maxQuoteAgeMs]. Default 5000. */
  maxQuoteAgeMs?: number;
}

export interface SyntheticMarket {
  rate: number;
  definitions: ChainDefinition[];
  underlyings: UnderlyingSnapshot[];
  quotes: Map<string, OptionQuote>;
}

/** Expiry days: weekly Fridays for the first 8, then every 4 weeks. */
function expiryDays(today: number, n: number): number[] {
  const dow = (today + 4) % 7; // 1970-01-01 was a Thursday (4)
  let friday = today + ((5 - dow + 7) % 7 || 7);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(friday);
    friday += i < 7 ? 7 : 28;
  }
  return out;
}

export function smileVol(atm: number, spot: number, strike: number, t: number): number {
  const m = Math.log(strike / spot) / Math.max(0.05, atm * Math.sqrt(t));
  return Math.max(0.05, atm * (1 - 0.08 * m + 0.02 * m * m));
}

export function syntheticMarket(o: SyntheticOptions): SyntheticMarket {
  const rnd = seededRandom(o.seed ?? 42);
  const rate = o.rate ?? 0.04;
  const nExp = o.expiries ?? 20;
  const nStrikes = o.strikesPerExpiry ?? 60;
  const today = newYorkDayNumber(o.now);
  const definitions: ChainDefinition[] = [];
  const underlyings: UnderlyingSnapshot[] = [];
  const quotes = new Map<string, OptionQuote>();
  for (const u of o.underlyings ?? SYNTHETIC_UNDERLYINGS) {
    const history: number[] = [];
    for (let i = 0; i < 252; i++) history.push(u.iv * (0.7 + 0.6 * rnd()));
    underlyings.push({
      symbol: u.symbol,
      spot: u.spot,
      spotTime: o.now,
      iv: u.iv,
      ivHistory: history,
      dividendYield: u.dividendYield,
      earningsDate: u.symbol === 'SPY' || u.symbol === 'QQQ' || u.symbol === 'IWM' ? null : yyyymmddOf(today + 10 + Math.floor(rnd() * 60)),
    });
    const atmK = Math.round(u.spot / u.increment) * u.increment;
    const strikes: number[] = [];
    for (let i = 0; i < nStrikes; i++) strikes.push(Math.round((atmK + (i - Math.floor(nStrikes / 2)) * u.increment) * 1e4) / 1e4);
    const expiries = expiryDays(today, nExp).map((day) => {
      const expiry = yyyymmddOf(day);
      return { expiry, expiresAt: newYorkCloseMs(expiry), strikes };
    });
    definitions.push({ symbol: u.symbol, multiplier: 100, expiries });
    for (const e of expiries) {
      const t = Math.max((e.expiresAt - o.now) / (365 * 86_400_000), 1 / 8760);
      for (const strike of strikes) {
        for (const right of ['C', 'P'] as const) {
          const vol = smileVol(u.iv, u.spot, strike, t);
          const g = bsGreeks({ right, spot: u.spot, strike, t, rate, dividendYield: u.dividendYield, vol });
          const theo = g.price;
          const half = Math.max(0.005, Math.min(0.5, 0.01 + 0.02 * theo)) * (0.6 + 0.8 * rnd());
          const bid = Math.max(0, Math.round((theo - half) * 100) / 100);
          const ask = Math.max(0.01, Math.round((theo + half) * 100) / 100);
          const noGreeks = rnd() < (o.missingGreeks ?? 0.02);
          const noOi = rnd() < (o.missingOpenInterest ?? 0.02);
          const liquidity = Math.exp(-4 * Math.abs(Math.log(strike / u.spot))) / (1 + 5 * t);
          quotes.set(contractKey({ symbol: u.symbol, expiry: e.expiry, right, strike }), {
            bid,
            ask,
            last: null,
            iv: vol,
            delta: noGreeks ? null : g.delta,
            gamma: noGreeks ? null : g.gamma,
            theta: noGreeks ? null : g.theta * THETA_PER_DAY,
            vega: noGreeks ? null : g.vega * VEGA_PER_POINT,
            volume: Math.floor(5000 * liquidity * rnd()),
            openInterest: noOi ? null : Math.floor(20000 * liquidity * (0.5 + rnd())),
            quoteTime: o.now - Math.floor(rnd() * (o.maxQuoteAgeMs ?? 5000)),
          });
        }
      }
    }
  }
  return { rate, definitions, underlyings, quotes };
}

/** Every chain fully quoted. */
export function syntheticChains(m: SyntheticMarket): OptionChain[] {
  return m.definitions.map((d, i) => chainFromDefinition(d, m.underlyings[i], m.rate, m.quotes));
}

/** An InMemoryMarket holding the synthetic market. */
export function syntheticInMemoryMarket(m: SyntheticMarket): InMemoryMarket {
  const market = new InMemoryMarket();
  m.definitions.forEach((d) => market.setDefinition(d));
  m.underlyings.forEach((u) => market.setUnderlying(u));
  for (const [k, q] of m.quotes) market.setQuote(k, q);
  return market;
}

/** Moves a share of the quotes by a tick or two (a market that ticks between scans). */
export function tickQuotes(m: SyntheticMarket, share: number, seed: number, now: number): void {
  const rnd = seededRandom(seed);
  for (const [k, q] of m.quotes) {
    if (rnd() >= share || q.bid === null || q.ask === null) continue;
    const move = (rnd() < 0.5 ? -1 : 1) * 0.01 * (1 + Math.floor(rnd() * 2));
    const bid = Math.max(0, Math.round((q.bid + move) * 100) / 100);
    m.quotes.set(k, { ...q, bid, ask: Math.max(bid + 0.01, Math.round((q.ask + move) * 100) / 100), quoteTime: now });
  }
}

/** Roughens a synthetic market (a copy; `now` as the market's): every data problem the flags and the funnel know about, at a few percent each. */
export function roughenMarket(m: SyntheticMarket, seed: number, now: number): SyntheticMarket {
  const rnd = seededRandom(seed);
  const quotes = new Map<string, OptionQuote>();
  for (const [key, q] of m.quotes) {
    const x: OptionQuote = { ...q };
    const r = rnd();
    if (r < 0.03) x.bid = null;
    else if (r < 0.05) x.bid = 0;
    else if (r < 0.07 && x.bid !== null && x.ask !== null) [x.bid, x.ask] = [x.ask + 0.05, x.bid];
    else if (r < 0.08) x.ask = 0;
    if (rnd() < 0.05) x.iv = null;
    if (rnd() < 0.04) x.gamma = null; // partial greeks: local Black–Scholes fills the rest
    if (rnd() < 0.05) x.volume = null;
    if (rnd() < 0.05) x.quoteTime = now - 120_000;
    if (rnd() < 0.01) continue; // not quoted at all
    quotes.set(key, x);
  }
  // One underlying without any IV (no smile, no fallback: dropped at "metrics"), one with only its own IV (MISSING_IV).
  // And earnings inside the first weeks for the fourth.
  const underlyings = m.underlyings.map((u, i) => (i === 1 ? { ...u, iv: null } : i === 3 ? { ...u, earningsDate: yyyymmddOf(newYorkDayNumber(now) + 12) } : u));
  for (const [key, q] of quotes) if (key.startsWith(`${underlyings[1].symbol}|`) || key.startsWith(`${underlyings[2].symbol}|`)) quotes.set(key, { ...q, iv: null });
  return { ...m, underlyings, quotes };
}
