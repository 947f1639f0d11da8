/**
 * The connection layer's notion of time is the product's (libs/clock): every timer in libs/ibkr (backoff, handshake
 * and request timeouts, watchdog, restart window, token bucket, historical pacing) goes through a Clock.
 */
export { type Clock, type TimerHandle, SystemClock } from '@ibsc/clock';
