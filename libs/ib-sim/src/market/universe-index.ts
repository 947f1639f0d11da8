/**
 * The four option indices a credit-spread trader on IB uses most: SPX, XSP (mini-SPX, a tenth of SPX), NDX, RUT.
 * Underlyings are secType IND (a price, no bid/ask, never traded); their options are European, cash-settled,
 * multiplier 100, in two trading classes where Cboe lists two: the AM-settled monthlies (SPX, NDX, RUT: the third
 * Friday, settled at that morning's opening prints, last trading day the day before) and the PM-settled
 * weeklies/dailies (SPXW, NDXP, RUTW; XSP has only its own PM class). conIds of SPX, NDX and RUT are IB's; XSP's is
 * the simulator's own. Schedules and strike ranges are bounded (a real SPX chain has tens of thousands of
 * contracts) so a market builds in about a second: dailies two weeks out, weeklies six, monthlies a year, LEAPS two
 * years for SPX.
 */
import type { ExpirySchedule } from './calendar';
import { index } from './underlying-def';
import type { OptionClassSpec, UnderlyingSpec } from './universe';

const AM_MONTHLIES = (months: number, leapsYears = 0): ExpirySchedule => ({ weeks: 0, months, leapsYears, decemberLeaps: leapsYears > 0 });
const PM_SHORT_DATED = (dailyTradingDays: number, weeks: number, quarters = 0): ExpirySchedule => ({ weeks, months: 0, dailyTradingDays, quarters });

const classes = (am: string | null, amSchedule: ExpirySchedule, pm: string, pmSchedule: ExpirySchedule): OptionClassSpec[] => [
  ...(am ? [{ tradingClass: am, expiries: amSchedule, settlement: 'AM' as const }] : []),
  { tradingClass: pm, expiries: pmSchedule, settlement: 'PM' as const },
];

const common = {
  realisedRatio: 0.8,
  avgVolume: 0,
  spreadCents: 1,
  allPenny: false,
  smile: 0.03,
};

export const INDEX_UNDERLYINGS: readonly UnderlyingSpec[] = [
  {
    ...common,
    def: index(416904, 'SPX', 'CBOE', 'S&P 500 Stock Index'),
    spot: 6700,
    ivMean: 0.15,
    q: 0.012,
    skew: 0.15,
    thinness: 1.1,
    oiScale: 40_000,
    ladder: { nearInc: 5, nearBand: 0.05, farInc: 25, wideInc: 50 },
    optionTicks: [0.05, 0.1],
    optionClasses: classes('SPX', AM_MONTHLIES(12, 2), 'SPXW', PM_SHORT_DATED(10, 6, 4)),
  },
  {
    ...common,
    def: index(90_000_101, 'XSP', 'CBOE', 'Mini-SPX Index'),
    spot: 670,
    ivMean: 0.15,
    q: 0.012,
    skew: 0.15,
    thinness: 1.8,
    oiScale: 4_000,
    ladder: { nearInc: 1, nearBand: 0.05, farInc: 5 },
    optionTicks: [0.01, 0.05],
    optionClasses: classes(null, AM_MONTHLIES(0), 'XSP', { weeks: 6, months: 6, dailyTradingDays: 10 }),
  },
  {
    ...common,
    def: index(416843, 'NDX', 'NASDAQ', 'NASDAQ 100 Stock Index'),
    spot: 25000,
    ivMean: 0.19,
    q: 0.007,
    skew: 0.13,
    thinness: 1.6,
    oiScale: 3_000,
    ladder: { nearInc: 25, nearBand: 0.04, farInc: 100, wideInc: 250 },
    optionTicks: [0.05, 0.1],
    optionClasses: classes('NDX', AM_MONTHLIES(6), 'NDXP', PM_SHORT_DATED(5, 4)),
  },
  {
    ...common,
    def: index(416888, 'RUT', 'RUSSELL', 'Russell 2000 Stock Index'),
    spot: 2450,
    ivMean: 0.21,
    q: 0.011,
    skew: 0.11,
    thinness: 1.6,
    oiScale: 6_000,
    ladder: { nearInc: 5, nearBand: 0.06, farInc: 25, wideInc: 50 },
    optionTicks: [0.05, 0.1],
    optionClasses: classes('RUT', AM_MONTHLIES(6), 'RUTW', PM_SHORT_DATED(5, 4)),
  },
];
