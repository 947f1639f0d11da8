/**
 * The gateway's daily restart (IBC AutoRestartTime; the plan's default 23:45 America/New_York) as instants on
 * the clock: when the next one starts, whether `now` is inside the window where a drop is expected, and whether
 * the 5-minute warning is due. Time-zone math uses Intl, so daylight-saving changes are handled per day.
 */
export interface RestartScheduleOptions {
  /** Wall time "HH:MM" (24 h). */
  time: string;
  /** IANA zone, e.g. America/New_York. */
  timeZone: string;
  /** How long after the start a drop still counts as the expected restart. Default 15 minutes. */
  windowMinutes?: number;
  /** Warning lead time. Default 5 minutes. */
  warnMinutes?: number;
}

export type RestartPhase = 'normal' | 'warning' | 'window';

const DAY = 86_400_000;

export function parseRestartTime(text: string): { hour: number; minute: number } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone || !/^[A-Za-z_+\-/0-9]+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class RestartSchedule {
  readonly hour: number;
  readonly minute: number;
  readonly windowMs: number;
  readonly warnMs: number;
  private readonly fmt: Intl.DateTimeFormat;

  constructor(readonly options: RestartScheduleOptions) {
    const t = parseRestartTime(options.time);
    if (!t) throw new RangeError(`restart time ${JSON.stringify(options.time)} is not HH:MM`);
    if (!isValidTimeZone(options.timeZone)) throw new RangeError(`time zone ${JSON.stringify(options.timeZone)} is not an IANA zone`);
    this.hour = t.hour;
    this.minute = t.minute;
    this.windowMs = (options.windowMinutes ?? 15) * 60_000;
    this.warnMs = (options.warnMinutes ?? 5) * 60_000;
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: options.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** The restart start of the zoned calendar day containing `at`. */
  private startOnDayOf(at: number): number {
    const p = this.parts(at);
    return this.zonedToUtc(p.year, p.month, p.day, this.hour, this.minute);
  }

  /** The last restart start at or before `now`. */
  lastStart(now: number): number {
    const today = this.startOnDayOf(now);
    return today <= now ? today : this.startOnDayOf(now - DAY);
  }

  /** The first restart start after `now`. */
  nextStart(now: number): number {
    const today = this.startOnDayOf(now);
    return today > now ? today : this.startOnDayOf(now + DAY);
  }

  inWindow(now: number): boolean {
    return now - this.lastStart(now) < this.windowMs;
  }

  phase(now: number): RestartPhase {
    if (this.inWindow(now)) return 'window';
    return this.nextStart(now) - now <= this.warnMs ? 'warning' : 'normal';
  }

  private parts(at: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
    const o: Record<string, number> = {};
    for (const p of this.fmt.formatToParts(new Date(at))) if (p.type !== 'literal') o[p.type] = Number(p.value);
    return { year: o['year'], month: o['month'], day: o['day'], hour: o['hour'], minute: o['minute'], second: o['second'] };
  }

  /** Offset of the zone at `at`, in ms (zoned wall time minus UTC). */
  private offset(at: number): number {
    const p = this.parts(at);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return wall - Math.floor(at / 1000) * 1000;
  }

  private zonedToUtc(year: number, month: number, day: number, hour: number, minute: number): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute);
    let guess = wall - this.offset(wall);
    guess = wall - this.offset(guess);
    return guess;
  }
}
