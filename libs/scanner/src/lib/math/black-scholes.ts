/** Black–Scholes–Merton lives in @ibsc/option-math (shared with the console's payoff chart: one implementation). */
export { bsGreeks, bsPrice, d1d2, strikeForDelta, THETA_PER_DAY, VEGA_PER_POINT, type BsGreeks, type BsInputs, type OptionRight } from '@ibsc/option-math';
