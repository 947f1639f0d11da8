/**
 * The gateway's daily restart (IBC AutoRestartTime; the plan's default 23:45 America/New_York) as instants on
 * the clock: when the next one starts, whether `now` is inside the window where a drop is expected, and whether
 * the 5-minute warning is due. Time-zone math is @ibsc/clock's (Intl), so daylight-saving changes are handled per day.
 */
import { isValidTimeZone, wallTime, zonedInstant } from '@ibsc/clock';

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

export { isValidTimeZone };

export class RestartSchedule {
  readonly hour: number;
  readonly minute: number;
  readonly windowMs: number;
  readonly warnMs: number;

  constructor(readonly options: RestartScheduleOptions) {
    const t = parseRestartTime(options.time);
    if (!t) throw new RangeError(`restart time ${JSON.stringify(options.time)} is not HH:MM`);
    if (!isValidTimeZone(options.timeZone)) throw new RangeError(`time zone ${JSON.stringify(options.timeZone)} is not an IANA zone`);
    this.hour = t.hour;
    this.minute = t.minute;
    this.windowMs = (options.windowMinutes ?? 15) * 60_000;
    this.warnMs = (options.warnMinutes ?? 5) * 60_000;
  }

  /** The restart start of the zoned calendar day containing `at`. */
  private startOnDayOf(at: number): number {
    const p = wallTime(at, this.options.timeZone);
    return zonedInstant(p.y, p.m, p.d, this.hour, this.minute, 0, this.options.timeZone);
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
}
