/**
 * A year and a half of daily history per underlying, generated from the seed at start-up and ending at the
 * model's starting spot and IV:
 * - the 30-day ATM implied vol (ex-earnings) follows a mean-reverting log process (speed IV_KAPPA, vol of vol
 *   IV_VOL_OF_VOL) whose shocks are negatively correlated with returns (RHO: IV rises when the price falls);
 * - daily returns have realised vol = IV × realisedRatio, occasional jumps, and the earnings move on the day after
 *   each quarterly report;
 * - OPTION_IMPLIED_VOLATILITY adds the earnings premium while a report is inside the next 30 days (ramp-up, then
 *   the crush); HISTORICAL_VOLATILITY is the 30-day close-to-close realised vol of the TRADES path, annualised.
 */
import { formatYmd, nextTradingDay, previousTradingDay } from './calendar';
import type { DailyBar } from './market-types';
import { SeededRandom } from './seeded-random';
import type { UnderlyingSpec } from './universe';

export const HISTORY_DAYS = 380;
export const HV_WINDOW = 30;
export const IV_KAPPA = 6;
export const IV_VOL_OF_VOL = 0.9;
export const RHO = -0.7;
/** Random (non-earnings) jumps per trading year and their size. */
export const JUMPS_PER_YEAR = 4;
export const JUMP_MEAN = -0.01;
export const JUMP_SD = 0.025;
/** Trading days between quarterly reports. */
export const EARNINGS_CYCLE = 63;
const TRADING_DAYS_PER_YEAR = 252;
const T30 = 30 / 365;

export interface UnderlyingHistory {
  /**
   * Trading days (epoch days), ascending; the last one is the start day (today's session). The first HV_WINDOW
   * days are a warm-up for the realised-vol window: history() serves HISTORY_DAYS bars at most.
   */
  days: number[];
  trades: DailyBar[];
  /** 30-day ATM IV including any earnings premium, one value per day. */
  iv: DailyBar[];
  /** 30-day ATM IV without the earnings premium at the last day (the surface's starting level). */
  baseIvNow: number;
}

/** The 30-day IV including the premium of an earnings report `daysToReport` calendar days ahead (0 = today). */
export function iv30WithEarnings(base: number, daysToReport: number | undefined, move: number | undefined): number {
  if (daysToReport === undefined || !move || daysToReport < 0 || daysToReport >= 30) return base;
  return Math.sqrt(base * base + (move * move) / T30);
}

/** Report days (epoch days) of an underlying around the start: the next one and the quarterly ones before it. */
export function earningsDays(spec: UnderlyingSpec, today: number): number[] {
  if (!spec.earnings) return [];
  let next = today;
  for (let i = 0; i < spec.earnings.tradingDaysAhead; i++) next = nextTradingDay(next);
  const out = [next];
  let d = next;
  for (let q = 0; q < 8; q++) {
    for (let i = 0; i < EARNINGS_CYCLE; i++) d = previousTradingDay(d);
    out.push(d);
  }
  return out.sort((a, b) => a - b);
}

function daysToNextReport(reports: number[], day: number): number | undefined {
  for (const r of reports) if (r >= day) return r - day;
  return undefined;
}

export function generateHistory(spec: UnderlyingSpec, today: number, seed: number): UnderlyingHistory {
  const rng = SeededRandom.derive(seed, `history:${spec.def.symbol}`);
  const total = HISTORY_DAYS + HV_WINDOW;
  const days: number[] = new Array<number>(total);
  days[total - 1] = today;
  for (let i = total - 2; i >= 0; i--) days[i] = previousTradingDay(days[i + 1]);
  const reports = earningsDays(spec, today);
  const reportSet = new Set(reports);
  const move = spec.earnings?.move;

  const dt = 1 / TRADING_DAYS_PER_YEAR;
  const sqrtDt = Math.sqrt(dt);
  const lnMean = Math.log(spec.ivMean);
  // Start the IV somewhere in its stationary distribution.
  let lnIv = lnMean + (IV_VOL_OF_VOL / Math.sqrt(2 * IV_KAPPA)) * rng.normal() * 0.8;
  const baseIv: number[] = [];
  const logRet: number[] = [];
  const opens: number[] = [];
  const highs: number[] = [];
  const lows: number[] = [];
  const volumes: number[] = [];
  const ivWiggle: number[] = [];
  let logPrice = 0;
  const logCloses: number[] = [];
  for (let i = 0; i < total; i++) {
    const zr = rng.normal();
    const zv = RHO * zr + Math.sqrt(1 - RHO * RHO) * rng.normal();
    const iv = Math.exp(lnIv);
    const sigma = iv * spec.realisedRatio;
    let r = i === 0 ? 0 : sigma * sqrtDt * zr - 0.5 * sigma * sigma * dt;
    if (i > 0 && rng.next() < JUMPS_PER_YEAR * dt) r += JUMP_MEAN + JUMP_SD * rng.normal();
    const jumpedAtReport = i > 0 && !!move && reportSet.has(days[i - 1]);
    if (jumpedAtReport && move) r += move * rng.normal();
    const prevLog = logPrice;
    logPrice += r;
    const sd = sigma * sqrtDt;
    const open = prevLog + 0.3 * (logPrice - prevLog) + 0.25 * sd * rng.normal();
    const hiExt = Math.abs(rng.normal()) * 0.5 * sd;
    const loExt = Math.abs(rng.normal()) * 0.5 * sd;
    opens.push(open);
    highs.push(Math.max(open, logPrice) + hiExt);
    lows.push(Math.min(open, logPrice) - loExt);
    volumes.push(
      Math.round(spec.avgVolume * Math.exp(0.25 * rng.normal() - 0.03) * (1 + 0.4 * Math.min(5, Math.abs(r) / sd))),
    );
    ivWiggle.push(rng.next());
    logCloses.push(logPrice);
    logRet.push(r);
    baseIv.push(iv);
    // Evolve the IV to the next day, with a spike after a crash (not after an earnings move: that was priced).
    lnIv += IV_KAPPA * (lnMean - lnIv) * dt + IV_VOL_OF_VOL * sqrtDt * zv;
    if (!jumpedAtReport && r < -4 * sd) lnIv += 0.15;
  }
  // Rescale so that the last close is the starting spot.
  const shift = Math.log(spec.spot) - logPrice;
  const round2 = (x: number): number => Math.round(x * 100) / 100;
  const px = (l: number): number => round2(Math.exp(l + shift));
  const trades: DailyBar[] = [];
  const ivBars: DailyBar[] = [];
  let prevIv = iv30WithEarnings(baseIv[0], daysToNextReport(reports, days[0]), move);
  for (let i = 0; i < total; i++) {
    const iv30 = iv30WithEarnings(baseIv[i], daysToNextReport(reports, days[i]), move);
    const date = formatYmd(days[i]);
    trades.push({
      date,
      open: px(opens[i]),
      high: px(highs[i]),
      low: px(lows[i]),
      close: px(logCloses[i]),
      volume: volumes[i],
    });
    const wiggle = 0.015 * iv30;
    ivBars.push({
      date,
      open: prevIv,
      high: Math.max(prevIv, iv30) + wiggle * ivWiggle[i],
      low: Math.max(0.01, Math.min(prevIv, iv30) - wiggle * ivWiggle[total - 1 - i]),
      close: iv30,
      volume: 0,
    });
    prevIv = iv30;
  }
  return { days, trades, iv: ivBars, baseIvNow: baseIv[total - 1] };
}

/** Annualised close-to-close realised vol over the `window` returns ending at index `end` (inclusive). */
export function realisedVol(closes: readonly number[], end: number, window = HV_WINDOW): number {
  const from = Math.max(1, end - window + 1);
  const rets: number[] = [];
  for (let i = from; i <= end; i++) rets.push(Math.log(closes[i] / closes[i - 1]));
  if (rets.length < 2) return 0;
  const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
  const variance = rets.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (rets.length - 1);
  return Math.sqrt(variance * TRADING_DAYS_PER_YEAR);
}

/** HISTORICAL_VOLATILITY bars from TRADES bars (the first HV_WINDOW bars use what is available). */
export function hvBars(trades: readonly DailyBar[]): DailyBar[] {
  const closes = trades.map((b) => b.close);
  return trades.map((b, i) => {
    const v = realisedVol(closes, i);
    return { date: b.date, open: v, high: v, low: v, close: v, volume: 0 };
  });
}
