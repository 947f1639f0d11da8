/**
 * The simulated underlyings and their model parameters. conIds are IB's real ones for these symbols.
 */
import type { ExpirySchedule } from './calendar';
import type { UnderlyingDef } from './market-types';
import { etf, stock } from './underlying-def';
import { EXTENDED_UNDERLYINGS } from './universe-extended';
import { INDEX_UNDERLYINGS } from './universe-index';

/**
 * Strike spacing that widens away from the money, as IB's chains do: `nearInc` within ±nearBand of spot, `farInc`
 * beyond, and `wideInc` (default 2 × farInc) beyond ±wideBand (default the larger of 25 % and 3 × nearBand).
 */
export interface StrikeLadder {
  /** Strike increment near the money, and the half-width of that band as a fraction of spot. */
  nearInc: number;
  nearBand: number;
  /** Increment beyond the band. */
  farInc: number;
  wideInc?: number;
  wideBand?: number;
}

/** Stocks and most ETFs: Friday weeklies 8 weeks out, monthlies a year out, January LEAPS 3 years out. */
export const STANDARD_EXPIRIES: ExpirySchedule = { weeks: 8, months: 12, leapsYears: 3 };
/** SPY, QQQ, IWM: an expiry every trading day (three weeks listed), quarterlies, January and December LEAPS. */
export const DAILY_EXPIRIES: ExpirySchedule = { weeks: 8, months: 12, dailyTradingDays: 15, quarters: 6, leapsYears: 3, decemberLeaps: true };

export interface UnderlyingSpec {
  def: Omit<UnderlyingDef, 'earningsDate'>;
  /** Spot at the model's start (the end of its history). */
  spot: number;
  /** Long-run level of 30-day ATM implied vol. */
  ivMean: number;
  /** Continuous dividend yield. */
  q: number;
  /** Surface shape: skew and smile per standard deviation of moneyness. */
  skew: number;
  smile: number;
  /** Realised vol as a fraction of implied vol (the variance risk premium). */
  realisedRatio: number;
  /** Earnings: the next report this many trading days after the start, and the 1-sd move it causes. */
  earnings?: { tradingDaysAhead: number; move: number };
  /** Liquidity: 1 = the most liquid (SPY); larger = thinner, wider markets. */
  thinness: number;
  /** Average daily share volume. */
  avgVolume: number;
  /** Underlying bid/ask spread in cents. */
  spreadCents: number;
  /** Option open interest scale (contracts at the ATM front-month strike). */
  oiScale: number;
  ladder: StrikeLadder;
  /** Penny-pilot class: every option quoted in $0.01 (true for these ETFs), else $0.05 at $3 and above. */
  allPenny: boolean;
  /** Listed expiries. Default STANDARD_EXPIRIES. Ignored when `optionClasses` is given. */
  expiries?: ExpirySchedule;
  /**
   * The option trading classes, each with its own expiries and settlement (index options: SPX AM monthlies and
   * SPXW PM weeklies/dailies). Default: one class named after the symbol, PM-settled, American, physical delivery.
   */
  optionClasses?: readonly OptionClassSpec[];
  /** Option price increment below $3 and from $3 (SPX: 0.05 / 0.10). Default from `allPenny`. */
  optionTicks?: readonly [number, number];
}

/** One trading class of an underlying's options. */
export interface OptionClassSpec {
  tradingClass: string;
  expiries: ExpirySchedule;
  settlement: 'AM' | 'PM';
}

/** The eight underlyings the simulator started with (IB's real conIds); the test markets use these by default. */
export const CORE_UNDERLYINGS: readonly UnderlyingSpec[] = [
  {
    def: etf(756733, 'SPY', 'ARCA', 'SPDR S&P 500 ETF TRUST', 'Equity Fund'),
    spot: 665,
    ivMean: 0.16,
    q: 0.012,
    skew: 0.14,
    smile: 0.03,
    realisedRatio: 0.8,
    thinness: 1,
    avgVolume: 70_000_000,
    spreadCents: 1,
    oiScale: 40_000,
    ladder: { nearInc: 1, nearBand: 0.06, farInc: 5 },
    allPenny: true,
    expiries: DAILY_EXPIRIES,
  },
  {
    def: etf(320227571, 'QQQ', 'NASDAQ', 'INVESCO QQQ TRUST SERIES 1', 'Equity Fund'),
    spot: 600,
    ivMean: 0.2,
    q: 0.006,
    skew: 0.13,
    smile: 0.03,
    realisedRatio: 0.82,
    thinness: 1.2,
    avgVolume: 45_000_000,
    spreadCents: 1,
    oiScale: 25_000,
    ladder: { nearInc: 1, nearBand: 0.05, farInc: 5 },
    allPenny: true,
    expiries: DAILY_EXPIRIES,
  },
  {
    def: etf(9579970, 'IWM', 'ARCA', 'ISHARES RUSSELL 2000 ETF', 'Equity Fund'),
    spot: 240,
    ivMean: 0.23,
    q: 0.011,
    skew: 0.11,
    smile: 0.03,
    realisedRatio: 0.85,
    thinness: 1.5,
    avgVolume: 30_000_000,
    spreadCents: 1,
    oiScale: 20_000,
    ladder: { nearInc: 1, nearBand: 0.08, farInc: 5 },
    allPenny: true,
    expiries: DAILY_EXPIRIES,
  },
  {
    def: stock(265598, 'AAPL', 'APPLE INC', 'Technology', 'Computers'),
    spot: 270,
    ivMean: 0.27,
    q: 0.004,
    skew: 0.07,
    smile: 0.04,
    realisedRatio: 0.85,
    earnings: { tradingDaysAhead: 42, move: 0.04 },
    thinness: 1.6,
    avgVolume: 50_000_000,
    spreadCents: 1,
    oiScale: 15_000,
    ladder: { nearInc: 2.5, nearBand: 0.08, farInc: 5 },
    allPenny: false,
  },
  {
    def: stock(272093, 'MSFT', 'MICROSOFT CORP', 'Technology', 'Software'),
    spot: 510,
    ivMean: 0.25,
    q: 0.007,
    skew: 0.07,
    smile: 0.04,
    realisedRatio: 0.85,
    earnings: { tradingDaysAhead: 47, move: 0.045 },
    thinness: 1.8,
    avgVolume: 20_000_000,
    spreadCents: 2,
    oiScale: 8_000,
    ladder: { nearInc: 5, nearBand: 0.1, farInc: 10 },
    allPenny: false,
  },
  {
    def: stock(4815747, 'NVDA', 'NVIDIA CORP', 'Technology', 'Semiconductors'),
    spot: 185,
    ivMean: 0.46,
    q: 0.0002,
    skew: 0.06,
    smile: 0.045,
    realisedRatio: 0.88,
    earnings: { tradingDaysAhead: 6, move: 0.07 },
    thinness: 1.4,
    avgVolume: 180_000_000,
    spreadCents: 1,
    oiScale: 30_000,
    ladder: { nearInc: 2.5, nearBand: 0.12, farInc: 5 },
    allPenny: false,
  },
  {
    def: stock(76792991, 'TSLA', 'TESLA INC', 'Consumer, Cyclical', 'Auto Manufacturers'),
    spot: 430,
    ivMean: 0.56,
    q: 0,
    skew: 0.04,
    smile: 0.05,
    realisedRatio: 0.9,
    earnings: { tradingDaysAhead: 15, move: 0.08 },
    thinness: 1.4,
    avgVolume: 90_000_000,
    spreadCents: 2,
    oiScale: 25_000,
    ladder: { nearInc: 2.5, nearBand: 0.1, farInc: 10 },
    allPenny: false,
  },
  {
    def: stock(3691937, 'AMZN', 'AMAZON.COM INC', 'Communications', 'Internet'),
    spot: 230,
    ivMean: 0.32,
    q: 0,
    skew: 0.07,
    smile: 0.04,
    realisedRatio: 0.85,
    earnings: { tradingDaysAhead: 52, move: 0.06 },
    thinness: 1.7,
    avgVolume: 40_000_000,
    spreadCents: 1,
    oiScale: 12_000,
    ladder: { nearInc: 2.5, nearBand: 0.1, farInc: 5 },
    allPenny: false,
  },
];

/**
 * Every simulated underlying: the core eight, 22 more liquid names (universe-extended.ts), then the four option
 * indices SPX, XSP, NDX, RUT (universe-index.ts).
 */
export const UNDERLYINGS: readonly UnderlyingSpec[] = [...CORE_UNDERLYINGS, ...EXTENDED_UNDERLYINGS, ...INDEX_UNDERLYINGS];
export const INDEX_SYMBOLS: readonly string[] = INDEX_UNDERLYINGS.map((u) => u.def.symbol);
export const CORE_SYMBOLS: readonly string[] = CORE_UNDERLYINGS.map((u) => u.def.symbol);

/** Risk-free rate (continuously compounded) used for every underlying. */
export const RISK_FREE_RATE = 0.045;
