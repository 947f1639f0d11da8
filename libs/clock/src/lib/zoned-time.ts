/**
 * Wall-clock time in a time zone, New York above all (where US options trade, expire and settle, and where IB's
 * gateway prints its times): the one home of this arithmetic for every library. `Intl` knows the zones' rules
 * (daylight saving included); it is asked once per zone and quarter hour, since every offset change of the zones we
 * meet falls on a quarter hour, so hot paths (a bar per line of a historical answer, a tick of the simulator's
 * market) pay a map lookup.
 */
export const NEW_YORK = 'America/New_York';

/** A wall-clock time: year, month 1–12, day, hours 0–23, minutes, seconds. */
export interface WallTime {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
}

const QUARTER_MS = 900_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** An IANA zone `Intl` knows (America/New_York, Europe/Zurich, UTC …). */
export function isValidTimeZone(zone: string): boolean {
  if (!zone || !/^[A-Za-z_+\-/0-9]+$/.test(zone)) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in ms (wall time minus UTC: −4 h or −5 h for New York). */
export function zoneOffsetMs(epochMs: number, zone = NEW_YORK): number {
  let byQuarter = offsets.get(zone);
  if (!byQuarter) offsets.set(zone, (byQuarter = new Map()));
  const q = Math.floor(epochMs / QUARTER_MS);
  let off = byQuarter.get(q);
  if (off === undefined) {
    const at = q * QUARTER_MS;
    const p: Record<string, number> = {};
    for (const x of formatter(zone).formatToParts(new Date(at))) if (x.type !== 'literal') p[x.type] = Number(x.value);
    off = Date.UTC(p['year'], p['month'] - 1, p['day'], p['hour'], p['minute'], p['second']) - at;
    if (byQuarter.size > 200_000) byQuarter.clear();
    byQuarter.set(q, off);
  }
  return off;
}

/** The wall-clock time in `zone` at an instant. */
export function wallTime(epochMs: number, zone = NEW_YORK): WallTime {
  const t = new Date(epochMs + zoneOffsetMs(epochMs, zone));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), hh: t.getUTCHours(), mm: t.getUTCMinutes(), ss: t.getUTCSeconds() };
}

/**
 * The instant of a wall-clock time in `zone`. A time that a spring-forward skips maps one hour later, a time a
 * fall-back repeats maps to its first occurrence (as the gateway and IBC read them).
 */
export function zonedInstant(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0, zone = NEW_YORK): number {
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  const first = wall - zoneOffsetMs(wall, zone);
  return wall - zoneOffsetMs(first, zone);
}

/** Days since 1970-01-01 of the calendar date in `zone` at an instant (New York's date by default). */
export function zonedDayNumber(epochMs: number, zone = NEW_YORK): number {
  return Math.floor((epochMs + zoneOffsetMs(epochMs, zone)) / DAY_MS);
}

/** The instant of a wall-clock time on a day number (days since 1970-01-01) in `zone`; hours may be fractional. */
export function zonedTimeOnDay(day: number, hours: number, minutes = 0, zone = NEW_YORK): number {
  const dt = new Date(day * DAY_MS);
  const whole = Math.floor(hours);
  return zonedInstant(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), whole, 0, 0, zone) + ((hours - whole) * 60 + minutes) * 60_000;
}
