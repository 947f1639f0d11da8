/** Parsing of reqHistoricalData's text parameters: bar size, duration, end time; and TWS's date formats. */
import { wallTime, zonedInstant } from '@ibsc/clock';

const BAR_SIZES: Record<string, number> = {
  '1 secs': 1,
  '5 secs': 5,
  '10 secs': 10,
  '15 secs': 15,
  '30 secs': 30,
  '1 min': 60,
  '2 mins': 120,
  '3 mins': 180,
  '5 mins': 300,
  '10 mins': 600,
  '15 mins': 900,
  '20 mins': 1200,
  '30 mins': 1800,
  '1 hour': 3600,
  '2 hours': 7200,
  '3 hours': 10800,
  '4 hours': 14400,
  '8 hours': 28800,
  '1 day': 86400,
  '1 week': 7 * 86400,
  '1 month': 30 * 86400,
};

export const DAY_SECONDS = 86400;

/** Seconds in a bar, or undefined for a size TWS does not know. */
export function parseBarSize(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return BAR_SIZES[t] ?? BAR_SIZES[t.replace(/s$/, '') + 's'] ?? BAR_SIZES[t.replace(/s$/, '')];
}

export interface Duration {
  seconds: number;
  /** Trading days the duration spans (for daily bars). */
  tradingDays: number;
}

/** "N S|D|W|M|Y" → seconds and trading days. */
export function parseDuration(text: string): Duration | undefined {
  const m = /^\s*(\d{1,6})\s+([SDWMY])\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n <= 0) return undefined;
  switch (m[2].toUpperCase()) {
    case 'S':
      return { seconds: n, tradingDays: Math.max(1, Math.ceil(n / DAY_SECONDS)) };
    case 'D':
      return { seconds: n * DAY_SECONDS, tradingDays: n };
    case 'W':
      return { seconds: n * 7 * DAY_SECONDS, tradingDays: n * 5 };
    case 'M':
      return { seconds: n * 30 * DAY_SECONDS, tradingDays: n * 21 };
    default:
      return { seconds: n * 365 * DAY_SECONDS, tradingDays: n * 252 };
  }
}

/**
 * End time in epoch ms: "" is now; "yyyyMMdd-HH:mm:ss" is UTC; "yyyyMMdd HH:mm:ss [zone]" is New York time
 * (the simulator reads every named zone as US/Eastern); "yyyyMMdd" alone is that day's end.
 */
export function parseEndDateTime(text: string, now: number): number | undefined {
  const t = text.trim();
  if (t === '') return now;
  let m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(t);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  m = /^(\d{4})(\d{2})(\d{2})(?:\s+(\d{2}):(\d{2}):(\d{2}))?(?:\s+\S+)?$/.exec(t);
  if (!m) return undefined;
  if (m[4] === undefined) return nyToEpoch(+m[1], +m[2], +m[3], 23, 59, 59);
  return nyToEpoch(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
}

/** New York wall time → epoch ms. */
export function nyToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return zonedInstant(y, mo, d, h, mi, s);
}

/**
 * Wall-clock parts in New York. Intraday answers format one date per bar (up to 10,000), so this must be cheap:
 * @ibsc/clock asks `Intl` once per quarter hour (it used to be asked per bar, ~50 µs each, which held the event loop
 * for tens of milliseconds on a 500-bar answer).
 */
export function nyParts(epochMs: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const t = wallTime(epochMs);
  return { y: t.y, mo: t.m, d: t.d, h: t.hh, mi: t.mm, s: t.ss };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "yyyyMMdd" in New York. */
export function nyDate(epochMs: number): string {
  const p = nyParts(epochMs);
  return `${p.y}${pad(p.mo)}${pad(p.d)}`;
}

/** "yyyyMMdd HH:mm:ss" in New York, the format of start/end and of intraday bars with formatDate 1. */
export function nyDateTime(epochMs: number): string {
  const p = nyParts(epochMs);
  return `${p.y}${pad(p.mo)}${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;
}
