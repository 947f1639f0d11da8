/**
 * Where the next earnings date comes from. IB's API does not carry earnings dates in contract details or market
 * data (Wall Street Horizon event data needs its own subscription), so the scanner asks this interface. The API
 * wires a static calendar from configuration (SCAN_EARNINGS="NVDA:20261202,TSLA:20261215") and, when the gateway
 * is the built-in simulator, the simulator's own calendar (it models the earnings moves of its stocks).
 */
import { newYorkDayNumber, dayNumberOf } from '../chain/calendar';

export interface EarningsCalendar {
  /** The next report on or after today (New York), YYYYMMDD, or null when none is known. */
  nextEarnings(symbol: string, now: number): Promise<string | null>;
}

export const NO_EARNINGS: EarningsCalendar = { nextEarnings: async () => null };

/** A fixed list of report dates per symbol; past dates are skipped. */
export class StaticEarningsCalendar implements EarningsCalendar {
  private readonly dates = new Map<string, string[]>();

  constructor(entries: Readonly<Record<string, string | readonly string[]>>) {
    for (const [symbol, d] of Object.entries(entries)) this.dates.set(symbol.toUpperCase(), [...(typeof d === 'string' ? [d] : d)].sort());
  }

  /** Parses `SYM:YYYYMMDD[,SYM:YYYYMMDD…]`; throws naming the bad entry. */
  static parse(text: string): StaticEarningsCalendar {
    const out: Record<string, string[]> = {};
    for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([A-Z][A-Z0-9.]{0,9}):(\d{8})$/.exec(raw.toUpperCase());
      if (!m) throw new Error(`bad earnings entry "${raw}": expected SYMBOL:YYYYMMDD`);
      (out[m[1]] ??= []).push(m[2]);
    }
    return new StaticEarningsCalendar(out);
  }

  async nextEarnings(symbol: string, now: number): Promise<string | null> {
    const today = newYorkDayNumber(now);
    return this.dates.get(symbol.toUpperCase())?.find((d) => dayNumberOf(d) >= today) ?? null;
  }
}

/** Asks each calendar in turn; the first date found wins. */
export class FirstOfEarningsCalendars implements EarningsCalendar {
  constructor(private readonly calendars: readonly EarningsCalendar[]) {}

  async nextEarnings(symbol: string, now: number): Promise<string | null> {
    for (const c of this.calendars) {
      const d = await c.nextEarnings(symbol, now);
      if (d) return d;
    }
    return null;
  }
}
