import { isValidTimeZone, parseRestartTime } from '@ibsc/ibkr';
import { OrdersConfigError, validateOrdersConfig, type OrdersConfig } from '@ibsc/orders';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { passwordProblems } from '../auth/password-policy';
import { DEFAULT_RISK_FREE_RATE } from '@ibsc/scanner';
import { AppConfig, LOG_LEVELS, LogLevelName } from './app-config';
import { SIM_TIMING_PRESET_NAMES } from '@ibsc/ib-sim';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function fail(name: string, value: string, allowed: string): never {
  throw new ConfigError(`Invalid configuration: ${name}=${JSON.stringify(value)} is not allowed; expected ${allowed}`);
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = raw(env, name);
  if (v === undefined) return def;
  if (!/^-?\d+$/.test(v)) fail(name, v, `an integer from ${min} to ${max}`);
  const n = Number(v);
  if (n < min || n > max) fail(name, v, `an integer from ${min} to ${max}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], def: T): T {
  const v = raw(env, name);
  if (v === undefined) return def;
  const lower = v.toLowerCase();
  if (!(allowed as readonly string[]).includes(lower)) fail(name, v, `one of ${allowed.join(', ')}`);
  return lower as T;
}

function host(env: Env, name: string, def: string): string {
  const v = raw(env, name);
  if (v === undefined) return def;
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(v)) fail(name, v, 'a host name or IP address');
  return v;
}

function databaseUrl(env: Env, name = 'DATABASE_URL'): string | null {
  const v = raw(env, name);
  if (v === undefined) return null;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return fail(name, v, 'a URL such as postgres://user:pass@host:5432/db');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    fail(name, v, 'a postgres:// or postgresql:// URL');
  }
  return v;
}

/** DATABASE_MIGRATION_URL: the owner's login (migrations, grants); DATABASE_URL is then the app's own login (ADR 0013). */
function databaseMigrationUrl(env: Env): string | null {
  const v = databaseUrl(env, 'DATABASE_MIGRATION_URL');
  if (v !== null && raw(env, 'DATABASE_URL') === undefined) {
    fail('DATABASE_MIGRATION_URL', v, 'unset, or set together with DATABASE_URL (the app role\'s login); without DATABASE_URL the embedded PostgreSQL sets up both roles');
  }
  return v;
}

/** DATABASE_APP_ROLE: with one login, the restricted role the app's connections switch to. */
function databaseAppRole(env: Env): string {
  const v = raw(env, 'DATABASE_APP_ROLE');
  if (v === undefined) return 'ibsc_app';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(v)) fail('DATABASE_APP_ROLE', v, 'a PostgreSQL role name of lower-case letters, digits and _ (e.g. ibsc_app)');
  return v;
}

/** SIM_CONTROL_URL: a standalone simulator's HTTP control endpoint, for admin fault drills (IB_GATEWAY=tws only). */
function simControlUrl(env: Env, gateway: 'simulator' | 'tws'): string | null {
  const v = raw(env, 'SIM_CONTROL_URL');
  if (v === undefined) return null;
  const allowed = "an http:// or https:// URL of the standalone simulator's control endpoint, such as http://ib-sim:4003";
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return fail('SIM_CONTROL_URL', v, allowed);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '') {
    fail('SIM_CONTROL_URL', v, allowed);
  }
  if (gateway !== 'tws') {
    fail('SIM_CONTROL_URL', v, 'unset with IB_GATEWAY=simulator (the built-in simulator is faulted in-process); set IB_GATEWAY=tws to use a standalone simulator');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function optionalSecret(env: Env, name: string, minLength: number): string | null {
  const v = env[name];
  if (v === undefined || v === '') return null;
  if (v.length < minLength) fail(name, '*'.repeat(v.length), `at least ${minLength} characters`);
  return v;
}

function adminPassword(env: Env): string | null {
  const v = optionalSecret(env, 'ADMIN_PASSWORD', 1);
  if (v === null) return null;
  const problems = passwordProblems(v, 'admin');
  if (problems.length) fail('ADMIN_PASSWORD', '*'.repeat(v.length), `a password that passes the policy (${problems.join('; ')})`);
  return v;
}

function login(env: Env): AppConfig['login'] {
  const backoffAfter = int(env, 'LOGIN_BACKOFF_AFTER', 3, 1, 100);
  const lockoutAfter = int(env, 'LOGIN_LOCKOUT_AFTER', 10, 1, 1000);
  if (lockoutAfter < backoffAfter) fail('LOGIN_LOCKOUT_AFTER', String(lockoutAfter), `an integer from LOGIN_BACKOFF_AFTER (${backoffAfter}) to 1000`);
  return {
    backoffAfter,
    lockoutAfter,
    lockoutSec: int(env, 'LOGIN_LOCKOUT_SEC', 900, 10, 86400),
    addressMaxFailures: int(env, 'LOGIN_ADDRESS_MAX_FAILURES', 30, 1, 100000),
    maxConcurrent: int(env, 'LOGIN_MAX_CONCURRENT', 2, 1, 64),
  };
}

function restartTime(env: Env): string {
  const v = raw(env, 'IB_RESTART_TIME');
  if (v === undefined) return '23:45';
  if (!parseRestartTime(v)) fail('IB_RESTART_TIME', v, 'a time HH:MM from 00:00 to 23:59');
  return v;
}

function timeZone(env: Env): string {
  const v = raw(env, 'IB_RESTART_TZ');
  if (v === undefined) return 'America/New_York';
  if (!isValidTimeZone(v)) fail('IB_RESTART_TZ', v, 'an IANA time zone such as America/New_York');
  return v;
}

function fallbackClientId(env: Env, clientId: number): number | null {
  if (raw(env, 'IB_FALLBACK_CLIENT_ID') === undefined) return null;
  const id = int(env, 'IB_FALLBACK_CLIENT_ID', 0, 0, 2147483647);
  if (id === clientId) fail('IB_FALLBACK_CLIENT_ID', String(id), `a client id other than CLIENT_ID (${clientId})`);
  return id;
}

function scanEarnings(env: Env): string | null {
  const v = raw(env, 'SCAN_EARNINGS');
  if (v === undefined) return null;
  if (!/^[A-Za-z][A-Za-z0-9.]{0,9}:\d{8}(\s*,\s*[A-Za-z][A-Za-z0-9.]{0,9}:\d{8})*$/.test(v)) fail('SCAN_EARNINGS', v, 'entries SYMBOL:YYYYMMDD separated by commas');
  return v;
}

/** REPLICA_ID, or host-pid-random: unique per process (a restarted process is a new replica). */
function replicaId(env: Env): string {
  const v = raw(env, 'REPLICA_ID');
  if (v !== undefined) {
    if (!/^[A-Za-z0-9._-]{1,50}$/.test(v)) fail('REPLICA_ID', v, '1–50 characters of A-Z, a-z, 0-9, ., _ or -');
    return v;
  }
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 30) || 'api';
  return `${host}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/** A decimal number in [min, max]: plain notation such as 0.045 or -0.01. */
function decimal(env: Env, name: string, def: number, min: number, max: number): number {
  const v = raw(env, name);
  if (v === undefined) return def;
  const n = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  if (!(n >= min && n <= max)) fail(name, v, `a decimal number from ${min} to ${max} (e.g. ${def})`);
  return n;
}

/** SCAN_DIVIDEND_YIELDS="SPY:0.012,IWM:0.011": the fallback yields until the gateway's dividend tick arrives. */
function scanDividendYields(env: Env): Record<string, number> {
  const v = raw(env, 'SCAN_DIVIDEND_YIELDS');
  if (v === undefined) return {};
  const out: Record<string, number> = {};
  for (const entry of v.split(',')) {
    const m = /^\s*([A-Za-z][A-Za-z0-9.]{0,9}):(\d+(\.\d+)?)\s*$/.exec(entry);
    const y = m ? Number(m[2]) : Number.NaN;
    if (!m || !(y <= 0.2)) fail('SCAN_DIVIDEND_YIELDS', v, 'entries SYMBOL:YIELD separated by commas, each yield a decimal from 0 to 0.2 (e.g. SPY:0.012,IWM:0.011)');
    out[m[1].toUpperCase()] = y;
  }
  return out;
}

function ordersConfig(env: Env): OrdersConfig {
  try {
    return validateOrdersConfig(env);
  } catch (e) {
    if (e instanceof OrdersConfigError) throw new ConfigError(e.message);
    throw e;
  }
}

/** Parses and validates the environment; throws ConfigError with one line naming the variable. */
export function validateEnvironment(env: Env): AppConfig {
  const logLevel: LogLevelName = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info');
  const clientId = int(env, 'CLIENT_ID', 1, 0, 2147483647);
  const ibGateway = oneOf(env, 'IB_GATEWAY', ['simulator', 'tws'] as const, 'simulator');
  return {
    port: int(env, 'PORT', 3000, 1, 65535),
    host: host(env, 'HOST', '127.0.0.1'),
    trustProxy: int(env, 'TRUST_PROXY', 0, 0, 10),
    databaseUrl: databaseUrl(env),
    databaseMigrationUrl: databaseMigrationUrl(env),
    databaseAppRole: databaseAppRole(env),
    auditVerifyIntervalMs: int(env, 'AUDIT_VERIFY_INTERVAL_MS', 60000, 1000, 86400000),
    auditVerifyMaxRows: int(env, 'AUDIT_VERIFY_MAX_ROWS', 10000, 100, 10000000),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    dataDir: raw(env, 'DATA_DIR') ?? '.data',
    logLevel,
    ibGateway,
    twsHost: host(env, 'TWS_HOST', '127.0.0.1'),
    twsPort: int(env, 'TWS_PORT', 7497, 1, 65535),
    clientId,
    fallbackClientId: fallbackClientId(env, clientId),
    watchdogTimeoutSec: int(env, 'WATCHDOG_TIMEOUT', 60, 1, 3600),
    restartTime: restartTime(env),
    restartTimeZone: timeZone(env),
    requestRate: int(env, 'IB_REQUEST_RATE', 45, 1, 50),
    maxSubscriptions: int(env, 'MAX_SUBSCRIPTIONS', 90, 1, 10000),
    accountType: oneOf(env, 'ACCOUNT_TYPE', ['paper', 'live'] as const, 'paper'),
    simPort: int(env, 'SIM_PORT', 4002, 0, 65535),
    simSeed: int(env, 'SIM_SEED', 42, 0, 2147483647),
    simTimings: oneOf(env, 'SIM_TIMINGS', SIM_TIMING_PRESET_NAMES, 'fast'),
    simControlUrl: simControlUrl(env, ibGateway),
    adminPassword: adminPassword(env),
    jwtSecret: optionalSecret(env, 'JWT_SECRET', 32),
    jwtTtlSec: int(env, 'JWT_TTL', 43200, 60, 2592000),
    login: login(env),
    apiKeyRate: { perSec: int(env, 'API_KEY_RATE_PER_SEC', 10, 1, 10000), burst: int(env, 'API_KEY_BURST', 20, 1, 100000) },
    metricsToken: optionalSecret(env, 'METRICS_TOKEN', 16),
    apiDocs: oneOf(env, 'API_DOCS', ['on', 'off'] as const, 'on'),
    webRoot: raw(env, 'WEB_ROOT') ?? 'dist/apps/web/browser',
    orders: ordersConfig(env),
    scanQuoteMode: oneOf(env, 'SCAN_QUOTE_MODE', ['snapshot', 'stream'] as const, 'snapshot'),
    scanEarnings: scanEarnings(env),
    scanRiskFreeRate: decimal(env, 'SCAN_RISK_FREE_RATE', DEFAULT_RISK_FREE_RATE, -0.05, 0.25),
    scanDividendYields: scanDividendYields(env),
    scanCrossedQuotes: oneOf(env, 'SCAN_CROSSED_QUOTES', ['exclude', 'penalize'] as const, 'exclude'),
    scanPrune: oneOf(env, 'SCAN_PRUNE', ['on', 'off'] as const, 'on') === 'on',
    scanVisibleStreams: oneOf(env, 'SCAN_VISIBLE_STREAMS', ['on', 'off'] as const, 'on') === 'on',
    scanFreshLane: oneOf(env, 'SCAN_FRESH_LANE', ['on', 'off'] as const, 'on') === 'on',
    scanFreshTopRows: int(env, 'SCAN_FRESH_TOP_ROWS', 100, 0, 1000),
    scanScoringThread: oneOf(env, 'SCAN_SCORING_THREAD', ['worker', 'main'] as const, 'worker'),
    scanPruneMargin: int(env, 'SCAN_PRUNE_MARGIN', 5, 0, 50),
    scanPreviewTimeoutMs: int(env, 'SCAN_PREVIEW_TIMEOUT_MS', 10000, 500, 120000),
    scanPreviewMaxContracts: int(env, 'SCAN_PREVIEW_MAX_CONTRACTS', 2000, 10, 100000),
    positionsPushIntervalMs: int(env, 'POSITIONS_PUSH_INTERVAL_MS', 2000, 250, 60000),
    replicaId: replicaId(env),
    sessionPollMs: int(env, 'SESSION_POLL_MS', 500, 50, 10000),
    sessionKeepAliveMs: int(env, 'SESSION_KEEPALIVE_MS', 1000, 200, 10000),
    sessionCommandTimeoutMs: int(env, 'SESSION_COMMAND_TIMEOUT_MS', 30000, 1000, 120000),
  };
}
