import type { OrdersConfig } from '@ibsc/orders';

/**
 * Every setting the API reads, validated once at start-up (ADR 0002). Nothing else reads process.env.
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  host: string;
  /** Unset: an embedded PostgreSQL server is started (data under dataDir/postgres). */
  databaseUrl: string | null;
  embeddedPgPort: number;
  dataDir: string;
  logLevel: LogLevelName;
  ibGateway: 'simulator' | 'tws';
  twsHost: string;
  twsPort: number;
  clientId: number;
  /** Client id used after repeated 326 ("client id in use"); null: keep retrying CLIENT_ID. */
  fallbackClientId: number | null;
  watchdogTimeoutSec: number;
  /** The gateway's daily restart, wall time HH:MM in restartTimeZone. */
  restartTime: string;
  restartTimeZone: string;
  /** Messages per second to the gateway (orders and cancels included); IB allows 50. */
  requestRate: number;
  maxSubscriptions: number;
  accountType: 'paper' | 'live';
  simPort: number;
  simSeed: number;
  adminPassword: string | null;
  jwtSecret: string | null;
  jwtTtlSec: number;
  /** Serve the built console from this folder at `/`, when it exists. */
  webRoot: string;
  /** Order engine and risk guard: ACCOUNT_TYPE, LIVE_TRADING_CONFIRM, RISK_* (libs/orders validateOrdersConfig). */
  orders: OrdersConfig;
  /** SCAN_QUOTE_MODE: how the scanner acquires option quotes (docs/scanner.md). Default snapshot (measured faster). */
  scanQuoteMode: 'snapshot' | 'stream';
  /** SCAN_EARNINGS: next earnings dates, `SYM:YYYYMMDD,…` (IB's API has none); null when unset. */
  scanEarnings: string | null;
  /** SCAN_RISK_FREE_RATE: continuously compounded risk-free rate for POP, touch, EV and the chart; default 0.045 (−0.05 to 0.25). */
  scanRiskFreeRate: number;
  /** SCAN_DIVIDEND_YIELDS: `SYM:0.012,…`, continuous yields used until the gateway's dividend tick (456) arrives; {} when unset. */
  scanDividendYields: Record<string, number>;
  /** SCAN_CROSSED_QUOTES: legs with bid > ask are excluded (default) or kept and penalised. */
  scanCrossedQuotes: 'exclude' | 'penalize';
  /** POSITIONS_PUSH_INTERVAL_MS: period of `positions.update` while a client is connected and a position is open. */
  positionsPushIntervalMs: number;
}
