/** The standard normal distribution lives in @ibsc/option-math (shared with the console's payoff chart). */
export { normCdf, normInv, normPdf } from '@ibsc/option-math';
