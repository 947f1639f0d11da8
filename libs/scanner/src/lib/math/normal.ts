/**
 * The standard normal distribution lives in @ibsc/option-math (shared with the console's payoff chart). Bound here
 * once as plain constants rather than re-exported: the scan's hot loops then call the function directly instead of
 * through a chain of module getters.
 */
import * as shared from '@ibsc/option-math';

export const normPdf = shared.normPdf;
export const normCdf = shared.normCdf;
export const normInv = shared.normInv;
