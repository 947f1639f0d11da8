/**
 * Black–Scholes–Merton lives in @ibsc/option-math (shared with the console's payoff chart: one implementation). Bound
 * here once as plain constants (see normal.ts).
 */
import * as shared from '@ibsc/option-math';

export type { BsGreeks, BsInputs, OptionRight } from '@ibsc/option-math';
export const bsPrice = shared.bsPrice;
export const bsGreeks = shared.bsGreeks;
export const d1d2 = shared.d1d2;
export const strikeForDelta = shared.strikeForDelta;
export const VEGA_PER_POINT = shared.VEGA_PER_POINT;
export const THETA_PER_DAY = shared.THETA_PER_DAY;
