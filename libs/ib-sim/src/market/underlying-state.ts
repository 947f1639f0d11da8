/**
 * The live state of one underlying: spot, its vol level, today's session (open/high/low/previous close/volume)
 * and its daily bars. Advanced one clock step at a time by the market model.
 *
 * Dynamics per step of `dt` years of trading time (252 days × 6.5 h a year, applied around the clock so the
 * simulator moves whenever it runs):
 *   d ln S = −½σ²dt + σ√dt·z₁ + jumps,        σ = IV × realisedRatio
 *   d ln IV = κ(ln θ − ln IV)dt + η√dt·(ρz₁ + √(1−ρ²)z₂)
 * A random jump (rate `jumpsPerDay`) moves spot by N(LIVE_JUMP_MEAN, LIVE_JUMP_SD) and IV by −2× that move; on a
 * report day the earnings move N(0, move) happens at 16:00 New York and the next report is set a quarter later.
 */
import { formatYmd, nextTradingDay, nyDay, nyTime, previousTradingDay, tradingDayOnOrBefore } from './calendar';
import {
  EARNINGS_CYCLE,
  generateHistory,
  iv30WithEarnings,
  IV_KAPPA,
  IV_VOL_OF_VOL,
  realisedVol,
  RHO,
} from './history';
import type { DailyBar, UnderlyingDef } from './market-types';
import { hashUnit, SeededRandom } from './seeded-random';
import type { UnderlyingSpec } from './universe';
import type { SurfaceParams } from './vol-surface';

export const LIVE_JUMP_MEAN = -0.001;
export const LIVE_JUMP_SD = 0.006;
/** Ring of recent spots, for the price of an option's last trade. */
export const RING = 1024;
const SESSION_MS = 6.5 * 3_600_000;

export interface Session {
  day: number;
  open: number;
  high: number;
  low: number;
  prevClose: number;
  /** The day's full volume; the volume so far is this × the U-shaped session fraction. */
  volumeTarget: number;
  ivOpen: number;
  ivHigh: number;
  ivLow: number;
  /** Reference points for pricing options at the open (9:30) and at the previous close (16:00 the day before). */
  openAt: number;
  prevCloseAt: number;
  baseIvOpen: number;
  baseIvPrevClose: number;
}

export class UnderlyingState {
  readonly def: UnderlyingDef;
  spot: number;
  /** ln of the 30-day ATM vol without earnings premium. */
  lnIv: number;
  halted = false;
  frozen = false;
  /** Bumped on every change of anything a quote depends on; caches key on it. */
  version = 0;
  /** Clock time of the last update: quotes are computed as of it, so a frozen symbol is truly frozen. */
  asOf: number;
  /** Global step count at the last update. */
  stepAt = 0;
  session: Session;
  /** Completed daily bars (TRADES and the 30-day IV), oldest first; today's bar is built from `session`. */
  readonly bars: DailyBar[];
  readonly ivBars: DailyBar[];
  /** Next report: its day and the instant its move happens (16:00 New York). */
  earningsDay: number | undefined;
  earningsAt: number | undefined;
  readonly spotRing = new Float64Array(RING);
  private readonly rng: SeededRandom;
  // Values derived from the state, recomputed once per version.
  private memoVer = -1;
  private memoParams: SurfaceParams | undefined;
  private memoFrac = 0;

  constructor(
    readonly spec: UnderlyingSpec,
    readonly seed: number,
    now: number,
  ) {
    const today = tradingDayOnOrBefore(nyDay(now));
    const hist = generateHistory(spec, today, seed);
    this.rng = SeededRandom.derive(seed, `live:${spec.def.symbol}`);
    this.spot = spec.spot;
    this.lnIv = Math.log(hist.baseIvNow);
    this.asOf = now;
    const todayBar = hist.trades[hist.trades.length - 1];
    const todayIv = hist.iv[hist.iv.length - 1];
    this.bars = hist.trades.slice(0, -1);
    this.ivBars = hist.iv.slice(0, -1);
    this.session = {
      day: today,
      open: todayBar.open,
      high: Math.max(todayBar.high, this.spot),
      low: Math.min(todayBar.low, this.spot),
      prevClose: this.bars[this.bars.length - 1].close,
      volumeTarget: todayBar.volume,
      ivOpen: todayIv.open,
      ivHigh: todayIv.high,
      ivLow: todayIv.low,
      openAt: nyTime(today, 9, 30),
      prevCloseAt: nyTime(previousTradingDay(today), 16),
      baseIvOpen: hist.baseIvNow,
      baseIvPrevClose: hist.baseIvNow,
    };
    if (spec.earnings) {
      let d = today;
      for (let i = 0; i < spec.earnings.tradingDaysAhead; i++) d = nextTradingDay(d);
      this.setEarnings(d);
    }
    this.def = { ...spec.def, earningsDate: this.earningsDay === undefined ? undefined : formatYmd(this.earningsDay) };
    if (this.def.earningsDate === undefined) delete this.def.earningsDate;
    this.spotRing.fill(this.spot);
  }

  private setEarnings(day: number): void {
    this.earningsDay = day;
    this.earningsAt = nyTime(day, 16);
    if (this.def) this.def.earningsDate = formatYmd(day);
  }

  get conId(): number {
    return this.def.conId;
  }

  get baseIv(): number {
    return Math.exp(this.lnIv);
  }

  private memo(): void {
    if (this.memoVer === this.version) return;
    this.memoVer = this.version;
    this.memoParams = {
      atm30: this.baseIv,
      ivMean: this.spec.ivMean,
      skew: this.spec.skew,
      smile: this.spec.smile,
      earningsMove: this.spec.earnings?.move,
    };
    const f = Math.min(1, Math.max(0, (this.asOf - nyTime(this.session.day, 9, 30)) / SESSION_MS));
    const u = (f + ((2 * f - 1) ** 3 + 1) / 3) / (5 / 3);
    this.memoFrac = 0.05 + 0.95 * u;
  }

  surfaceParams(): SurfaceParams {
    this.memo();
    return this.memoParams as SurfaceParams;
  }

  /** Whether an expiry at `expiresAt` is after the next report, the report still to come at `asOf`. */
  spansEarnings(expiresAt: number, asOf = this.asOf): boolean {
    return this.earningsAt !== undefined && this.earningsAt >= asOf && this.earningsAt < expiresAt;
  }

  /** 30-day ATM IV as IB's tick 24 shows it, including the earnings premium while a report is within 30 days. */
  iv30(): number {
    const days = this.earningsAt === undefined ? undefined : Math.floor((this.earningsAt - this.asOf) / 86_400_000);
    return iv30WithEarnings(this.baseIv, days, this.spec.earnings?.move);
  }

  /** 30-day realised vol of the daily closes, with the live spot as today's close. */
  historicalVol(): number {
    const closes = this.bars.slice(-40).map((b) => b.close);
    closes.push(this.spot);
    return realisedVol(closes, closes.length - 1);
  }

  /** Fraction of the day's volume traded by `asOf` (U-shaped: busier at the open and the close). */
  volumeFraction(): number {
    this.memo();
    return this.memoFrac;
  }

  todayBar(): DailyBar {
    const s = this.session;
    return {
      date: formatYmd(s.day),
      open: s.open,
      high: s.high,
      low: s.low,
      close: round2(this.spot),
      volume: Math.round(s.volumeTarget * this.volumeFraction()),
    };
  }

  todayIvBar(): DailyBar {
    const s = this.session;
    const iv = this.iv30();
    const high = Math.max(s.ivHigh, iv);
    return { date: formatYmd(s.day), open: s.ivOpen, high, low: Math.min(s.ivLow, iv), close: iv, volume: 0 };
  }

  /**
   * Advances by `dt` years of trading time at clock time `now` (global step `step`; `sessionDay` is the trading
   * day of `now`). Returns whether the price moved.
   */
  advance(now: number, sessionDay: number, dt: number, step: number, jumpsPerDay: number): boolean {
    this.rollSession(sessionDay);
    let moved = false;
    if (!this.frozen && !this.halted) {
      const z1 = this.rng.normal();
      const z2 = RHO * z1 + Math.sqrt(1 - RHO * RHO) * this.rng.normal();
      const iv = this.baseIv;
      const sigma = iv * this.spec.realisedRatio;
      let r = -0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * z1;
      let dLnIv = IV_KAPPA * (Math.log(this.spec.ivMean) - this.lnIv) * dt + IV_VOL_OF_VOL * Math.sqrt(dt) * z2;
      if (this.rng.next() < jumpsPerDay * dt * 252) {
        const j = LIVE_JUMP_MEAN + LIVE_JUMP_SD * this.rng.normal();
        r += j;
        dLnIv -= 2 * j;
      }
      if (this.earningsAt !== undefined && now >= this.earningsAt && this.spec.earnings) {
        const m = this.spec.earnings.move;
        r += m * this.rng.normal() - 0.5 * m * m;
        let next = this.earningsDay as number;
        for (let i = 0; i < EARNINGS_CYCLE; i++) next = nextTradingDay(next);
        this.setEarnings(next);
      }
      this.spot *= Math.exp(r);
      this.lnIv = Math.min(Math.log(3), Math.max(Math.log(0.03), this.lnIv + dLnIv));
      this.touch(now, step);
      moved = true;
    }
    this.spotRing[step % RING] = this.spot;
    return moved;
  }

  /** Records a change made at `now`: session extremes, cache version, as-of time. */
  touch(now: number, step: number): void {
    const s = this.session;
    const px = round2(this.spot);
    if (px > s.high) s.high = px;
    if (px < s.low) s.low = px;
    const iv = this.iv30();
    if (iv > s.ivHigh) s.ivHigh = iv;
    if (iv < s.ivLow) s.ivLow = iv;
    this.version++;
    this.asOf = now;
    this.stepAt = step;
  }

  /** On the first step of a new trading day, closes yesterday's bars and opens a new session. */
  private rollSession(day: number): void {
    if (day <= this.session.day) return;
    this.version++;
    this.bars.push(this.todayBar());
    this.ivBars.push(this.todayIvBar());
    const px = round2(this.spot);
    const iv = this.iv30();
    const noise = Math.exp(0.5 * (hashUnit(this.seed, this.conId, day) - 0.5));
    this.session = {
      day,
      open: px,
      high: px,
      low: px,
      prevClose: px,
      volumeTarget: Math.round(this.spec.avgVolume * noise),
      ivOpen: iv,
      ivHigh: iv,
      ivLow: iv,
      openAt: nyTime(day, 9, 30),
      prevCloseAt: nyTime(this.session.day, 16),
      baseIvOpen: this.baseIv,
      baseIvPrevClose: this.baseIv,
    };
  }
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
