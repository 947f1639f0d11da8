export { type Clock, type TimerHandle, ManualClock, SystemClock } from './lib/clock';
export { NEW_YORK, isValidTimeZone, wallTime, zoneOffsetMs, zonedDayNumber, zonedInstant, zonedTimeOnDay, type WallTime } from './lib/zoned-time';
export {
  epochDay,
  formatYmd,
  isTradingDay,
  nextTradingDay,
  nthWeekday,
  nyseHolidays,
  parseYmd,
  previousTradingDay,
  tradingDayOnOrBefore,
  weekday,
  ymdOf,
} from './lib/trading-calendar';
export { nextTurn } from './lib/next-turn';
