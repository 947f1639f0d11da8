/**
 * The listed options of each underlying: expiries, strikes, OCC symbols and conIds.
 *
 * The chain is fixed when the model is built (relative to the clock's date then). Expiries follow the underlying's
 * schedule (universe.ts: dailies for SPY/QQQ/IWM, weeklies, monthlies, quarterlies, LEAPS up to three years out).
 * Strikes span a range that widens with vol and time (about −3.5σ√T … +3σ√T, at least ±10 %), on a fine increment
 * near the money, a coarser one beyond and a wider one still far from it. Option conIds are a hash of the OCC symbol, so the same contract keeps its conId across runs
 * and start dates.
 */
import { expiryInstant, formatYmd, monthlyExpiryDay, nyTime, scheduledExpiryDays, ymdOf } from './calendar';
import type { OptionDef, Right } from './market-types';
import { hashString } from './seeded-random';
import { STANDARD_EXPIRIES, type OptionClassSpec, type StrikeLadder, type UnderlyingSpec } from './universe';

export interface OptionEntry {
  def: OptionDef;
  /** Index of the underlying in the model's list. */
  under: number;
  expiryDay: number;
  /** Epoch ms the settlement price is fixed: 16:00 New York on the expiry day (PM), 09:30 (AM). */
  expiresAt: number;
  monthly: boolean;
}

export interface ExpiryGroup {
  day: number;
  expiry: string;
  expiresAt: number;
  monthly: boolean;
  strikes: number[];
  tradingClass: string;
  settlement: 'AM' | 'PM';
}


/** OCC option symbol: root padded to 6, yymmdd, C/P, strike × 1000 padded to 8. */
export function occSymbol(symbol: string, expiry: string, right: Right, strike: number): string {
  return `${symbol.padEnd(6, ' ')}${expiry.slice(2)}${right}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

function roundStrike(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Strikes for one expiry. */
export function strikesFor(spot: number, vol: number, t: number, ladder: StrikeLadder): number[] {
  const sd = vol * Math.sqrt(Math.max(t, 1 / 365));
  const lo = spot * Math.max(0.3, Math.min(0.9, Math.exp(-3.5 * sd)));
  const hi = spot * Math.min(2.2, Math.max(1.1, Math.exp(3 * sd)));
  const set = new Set<number>();
  const add = (from: number, to: number, inc: number): void => {
    for (let k = Math.ceil(from / inc) * inc; k <= to + 1e-9; k += inc) set.add(roundStrike(k));
  };
  const wideBand = ladder.wideBand ?? Math.max(0.25, 3 * ladder.nearBand);
  add(Math.max(lo, spot * (1 - ladder.nearBand)), Math.min(hi, spot * (1 + ladder.nearBand)), ladder.nearInc);
  add(Math.max(lo, spot * (1 - wideBand)), Math.min(hi, spot * (1 + wideBand)), ladder.farInc);
  add(lo, hi, ladder.wideInc ?? 2 * ladder.farInc);
  return [...set].filter((k) => k > 0).sort((a, b) => a - b);
}

function isMonthly(day: number): boolean {
  const { y, m } = ymdOf(day);
  return monthlyExpiryDay(y, m) === day;
}

/** The option classes of an underlying: its own, or one named after the symbol (PM, the underlying's schedule). */
export function optionClassesOf(spec: UnderlyingSpec): readonly OptionClassSpec[] {
  return spec.optionClasses ?? [{ tradingClass: spec.def.symbol, expiries: spec.expiries ?? STANDARD_EXPIRIES, settlement: 'PM' }];
}

/** Settlement instant of an expiry day: the opening prints (09:30 New York) for AM, the close (16:00) for PM. */
export function settlementInstant(day: number, settlement: 'AM' | 'PM'): number {
  return settlement === 'AM' ? nyTime(day, 9, 30) : expiryInstant(day);
}

/** Every expiry of every class, in class order then date order (AM expiries still trading before their open). */
export function buildExpiries(now: number, spec: UnderlyingSpec, vol: number): ExpiryGroup[] {
  return optionClassesOf(spec).flatMap((cls) =>
    scheduledExpiryDays(now, cls.expiries)
      .filter((day) => settlementInstant(day, cls.settlement) > now)
      .map((day) => {
        const expiresAt = settlementInstant(day, cls.settlement);
        const t = (expiresAt - now) / (365 * 86_400_000);
        return {
          day,
          expiry: formatYmd(day),
          expiresAt,
          monthly: isMonthly(day),
          strikes: strikesFor(spec.spot, vol, t, spec.ladder),
          tradingClass: cls.tradingClass,
          settlement: cls.settlement,
        };
      }),
  );
}

/**
 * Builds the options of every underlying. `taken` holds conIds already in use (the underlyings); option conIds
 * are added to it.
 */
export function buildOptions(
  specs: readonly UnderlyingSpec[],
  groups: readonly ExpiryGroup[][],
  taken: Set<number>,
): OptionEntry[] {
  const out: OptionEntry[] = [];
  specs.forEach((spec, under) => {
    const symbol = spec.def.symbol;
    const isIndex = spec.def.kind === 'IND';
    for (const g of groups[under]) {
      for (const strike of g.strikes) {
        for (const right of ['C', 'P'] as const) {
          const localSymbol = occSymbol(g.tradingClass, g.expiry, right, strike);
          let conId = 100_000_000 + (hashString(localSymbol) % 1_900_000_000);
          while (taken.has(conId)) conId = conId >= 1_999_999_999 ? 100_000_000 : conId + 1;
          taken.add(conId);
          out.push({
            def: {
              conId,
              symbol,
              underConId: spec.def.conId,
              expiry: g.expiry,
              strike,
              right,
              multiplier: 100,
              tradingClass: g.tradingClass,
              localSymbol,
              exchange: 'SMART',
              currency: 'USD',
              settlement: g.settlement,
              exercise: isIndex ? 'european' : 'american',
              cashSettled: isIndex,
            },
            under,
            expiryDay: g.day,
            expiresAt: g.expiresAt,
            monthly: g.monthly,
          });
        }
      }
    }
  });
  return out;
}
