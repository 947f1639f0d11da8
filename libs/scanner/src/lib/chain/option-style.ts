/**
 * How an option class settles and exercises, from what IB tells us: the underlying's secType and the trading class.
 * IB's contract details carry neither the settlement time nor the exercise style, so these are the exchange's
 * rules (Cboe and Nasdaq contract specifications), written down once:
 * - options on an index (secType IND) are European and settle in cash; options on stocks and ETFs are American and
 *   deliver shares;
 * - the index classes whose settlement value comes from the opening prints of the expiry day ("AM": SPX, NDX, RUT
 *   monthlies and a few more) stop trading at the close of the business day before; every other class (SPXW, XSP,
 *   NDXP, RUTW, every equity option) settles at the close of the expiry day ("PM").
 */
import type { OptionExercise, OptionSettlement } from '@ibsc/shared-dto';
import { previousTradingDay } from '@ibsc/clock';
import { dayNumberOf, newYorkCloseMs, yyyymmddOf } from './calendar';

/** Index option trading classes settled at the open of the expiry day. */
export const AM_SETTLED_CLASSES: ReadonlySet<string> = new Set(['SPX', 'NDX', 'RUT', 'DJX', 'OEX', 'XEO', 'MXEF', 'MXEA']);

/** The exchange an index is quoted on at IB (secType IND needs it); CBOE when not listed here. */
export const INDEX_EXCHANGES: Readonly<Record<string, string>> = { SPX: 'CBOE', XSP: 'CBOE', VIX: 'CBOE', OEX: 'CBOE', XEO: 'CBOE', DJX: 'CBOE', NDX: 'NASDAQ', XND: 'NASDAQ', RUT: 'RUSSELL', MRUT: 'RUSSELL' };

export type UnderlyingSecType = 'STK' | 'IND';

export interface OptionStyle {
  exercise: OptionExercise;
  settlement: OptionSettlement;
  cashSettled: boolean;
}

export function optionStyle(underlyingSecType: UnderlyingSecType, tradingClass: string): OptionStyle {
  if (underlyingSecType !== 'IND') return { exercise: 'american', settlement: 'PM', cashSettled: false };
  return { exercise: 'european', settlement: AM_SETTLED_CLASSES.has(tradingClass.toUpperCase()) ? 'AM' : 'PM', cashSettled: true };
}

/** Epoch ms of 09:30 New York on a YYYYMMDD date. */
export function newYorkOpenMs(yyyymmdd: string): number {
  return newYorkCloseMs(yyyymmdd) - 6.5 * 3_600_000;
}

/**
 * When an expiry stops trading (`expiresAt`) and when its settlement value is fixed (`settlesAt`, what T runs to):
 * PM both at 16:00 New York on the expiry date; AM trading ends at 16:00 on the NYSE trading day before (a holiday
 * is skipped: Juneteenth on a Thursday, as in 2025, moves the last trading day to the Wednesday) and settlement is
 * the expiry date's open (09:30).
 */
export function expiryTimes(expiry: string, settlement: OptionSettlement): { expiresAt: number; settlesAt: number } {
  if (settlement === 'PM') {
    const close = newYorkCloseMs(expiry);
    return { expiresAt: close, settlesAt: close };
  }
  return { expiresAt: newYorkCloseMs(yyyymmddOf(previousTradingDay(dayNumberOf(expiry)))), settlesAt: newYorkOpenMs(expiry) };
}
