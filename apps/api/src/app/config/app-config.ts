import type { OrdersConfig } from '@ibsc/orders';
import type { SimTimingPreset } from '@ibsc/ib-sim';

/**
 * Every setting the API reads, validated once at start-up (ADR 0002). Nothing else reads process.env.
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface LoginLimits {
  /** Failures of one account after which each further attempt waits (doubling from 1 s). */
  backoffAfter: number;
  /** Failures of one account that lock it for lockoutSec (an admin can clear it sooner). */
  lockoutAfter: number;
  lockoutSec: number;
  /** Failures from one address within lockoutSec after which that address is refused until the window passes. */
  addressMaxFailures: number;
  /** Password checks run at once (scrypt costs ~32 MiB and ~100 ms); more wait, and a long queue is refused. */
  maxConcurrent: number;
}

export interface AppConfig {
  port: number;
  /** HOST: interface to listen on; 127.0.0.1 by default (Compose and Kubernetes set 0.0.0.0 explicitly). */
  host: string;
  /** TRUST_PROXY: reverse-proxy hops whose X-Forwarded-For names the client (per-address login throttling); 0: none. */
  trustProxy: number;
  /** Unset: an embedded PostgreSQL server is started (data under dataDir/postgres). */
  databaseUrl: string | null;
  /**
   * DATABASE_MIGRATION_URL: the owner's login, for migrations and grants; DATABASE_URL is then the app's login, a role
   * that owns nothing (ADR 0013). null: DATABASE_URL migrates too, and the app switches to databaseAppRole.
   */
  databaseMigrationUrl: string | null;
  /** DATABASE_APP_ROLE: the restricted role the app's connections run as when one login does both (default ibsc_app). */
  databaseAppRole: string;
  /** AUDIT_VERIFY_INTERVAL_MS: how often each replica verifies a stretch of the audit log's hash chain. */
  auditVerifyIntervalMs: number;
  /** AUDIT_VERIFY_MAX_ROWS: rows verified per interval at most (a rolling pass over the whole log). */
  auditVerifyMaxRows: number;
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
  /** SIM_TIMINGS: the built-in simulator's market-data latencies, fast (default) or realistic (IB's usual delays, ADR 0019). */
  simTimings: SimTimingPreset;
  /**
   * SIM_CONTROL_URL: the HTTP control endpoint of a standalone simulator (apps/ib-sim) that IB_GATEWAY=tws points
   * at; admin fault drills go there. null: drills only with the in-process simulator.
   */
  simControlUrl: string | null;
  adminPassword: string | null;
  jwtSecret: string | null;
  jwtTtlSec: number;
  /** LOGIN_*: failed-login back-off, lockout and concurrency (docs/security.md). */
  login: LoginLimits;
  /** API_KEY_RATE_PER_SEC / API_KEY_BURST: each API key's token bucket (ADR 0016); beyond it 429 RATE_LIMITED. */
  apiKeyRate: { perSec: number; burst: number };
  /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`; null: public. */
  metricsToken: string | null;
  /** API_DOCS: `on` serves the OpenAPI page at /api/docs (it describes the API; every route still needs a token). */
  apiDocs: 'on' | 'off';
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
  /** SCAN_PRUNE (on|off, default on) / SCAN_PRUNE_MARGIN (score points, 0–50, default 5): quote only what can reach the top (ADR 0017). */
  scanPrune: boolean;
  /**
   * SCAN_VISIBLE_STREAMS (on|off, default on): the legs of the rows a trader sees (scan.visible, the top of the table)
   * on pinned streaming lines that yield to orders' legs (ADR 0017 and its addendum); off: the escape hatch.
   */
  scanVisibleStreams: boolean;
  /**
   * SCAN_FRESH_LANE (on|off, default on) / SCAN_FRESH_TOP_ROWS (0-1000, default 100): the fresh lane keeps the leg
   * quotes of the named rows and of the top N rows young between cycles, within 40 % of IB_REQUEST_RATE (ADR 0024).
   */
  scanFreshLane: boolean;
  scanFreshTopRows: number;
  /**
   * SCAN_SCORING_THREAD (worker|main, default worker): where the scan's scoring and pruning estimate run (ADR 0025); a
   * worker thread keeps the API's event loop free for requests, `main` is the escape hatch.
   */
  scanScoringThread: 'worker' | 'main';
  scanPruneMargin: number;
  /** SCAN_PREVIEW_TIMEOUT_MS / SCAN_PREVIEW_MAX_CONTRACTS: budget of one POST /scan/preview-count (ADR 0012). */
  scanPreviewTimeoutMs: number;
  scanPreviewMaxContracts: number;
  /** POSITIONS_PUSH_INTERVAL_MS: period of `positions.update` while a client is connected and a position is open. */
  positionsPushIntervalMs: number;
  /** Replicated deployment (ADR 0010): this process's name in `ibsc_session` and the logs (REPLICA_ID). */
  replicaId: string;
  /** SESSION_POLL_MS: how often a standby tries to take the IB session's lock. */
  sessionPollMs: number;
  /** SESSION_KEEPALIVE_MS: the owner's keep-alive on its lock connection (the server drops it after 5 silent periods). */
  sessionKeepAliveMs: number;
  /** SESSION_COMMAND_TIMEOUT_MS: how long a replica waits for the owner to take a forwarded command. */
  sessionCommandTimeoutMs: number;
}
