/**
 * Option math shared by the scanner (server) and the console (browser), so a chart and a scan row compute with the
 * same model: the standard normal distribution and Black–Scholes–Merton with a continuous dividend yield; and the
 * project's one seeded random generator (mulberry32). Pure
 * functions, no imports.
 */
export * from './lib/normal';
export * from './lib/black-scholes';
export * from './lib/seeded-random';
