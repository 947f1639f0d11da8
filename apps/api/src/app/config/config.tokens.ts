/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** Injection token for the clock (a () => Date), so tests control time. */
export const CLOCK = Symbol('CLOCK');
export type NowFn = () => Date;
