/** The simulator's clock is the product's (libs/clock): ManualClock in tests, SystemClock for `npm run sim`. */
export { type Clock, type TimerHandle, ManualClock, SystemClock } from '@ibsc/clock';
