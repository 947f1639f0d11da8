/**
 * Time as IB writes it. Execution times arrive as `yyyyMMdd HH:mm:ss <zone>` (TWS 10.x, the simulator) or
 * `yyyyMMdd  HH:mm:ss` / `yyyyMMdd-HH:mm:ss` in the gateway's zone; the reqExecutions time filter is
 * `yyyyMMdd-HH:mm:ss` in New York time (the simulator's and a US gateway's zone).
 */
const ZONES: Record<string, string> = {
  'US/Eastern': 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  'US/Central': 'America/Chicago',
  'US/Pacific': 'America/Los_Angeles',
  UTC: 'UTC',
  GMT: 'UTC',
};

const PARTS_CACHE = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = PARTS_CACHE.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    PARTS_CACHE.set(zone, f);
  }
  return f;
}

function wallParts(ms: number, zone: string): [number, number, number, number, number, number] {
  const p: Record<string, string> = {};
  for (const x of formatter(zone).formatToParts(new Date(ms))) p[x.type] = x.value;
  return [Number(p['year']), Number(p['month']), Number(p['day']), Number(p['hour']), Number(p['minute']), Number(p['second'])];
}

/** The instant of a wall-clock time in `zone` (DST-safe). */
export function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const [py, pm, pd, ph, pmi, ps] = wallParts(t, zone);
    t = guess - (Date.UTC(py, pm - 1, pd, ph, pmi, ps) - t);
  }
  return t;
}

/** Parses an execution time; unknown shapes fall back to `fallback` (the time it was received). */
export function parseIbTime(text: string | undefined, fallback: Date, defaultZone = 'America/New_York'): Date {
  if (!text) return fallback;
  const m = /^(\d{4})(\d{2})(\d{2})[ -]+(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(text.trim());
  if (!m) return fallback;
  const zone = m[7] ? (ZONES[m[7]] ?? m[7]) : defaultZone;
  try {
    return new Date(zonedInstant(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], zone));
  } catch {
    return fallback;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyyMMdd-HH:mm:ss` in New York time, for ExecutionFilter.time. */
export function execFilterTime(at: Date, zone = 'America/New_York'): string {
  const [y, mo, d, h, mi, s] = wallParts(at.getTime(), zone);
  return `${y}${pad(mo)}${pad(d)}-${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** Midnight of `at`'s day in `zone` (the start of the trading day for daily P&L). */
export function startOfDay(at: Date, zone = 'America/New_York'): Date {
  const [y, mo, d] = wallParts(at.getTime(), zone);
  return new Date(zonedInstant(y, mo, d, 0, 0, 0, zone));
}
