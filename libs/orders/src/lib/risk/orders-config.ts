/**
 * Settings of the order engine and its risk guard, validated once at start-up (the API calls
 * validateOrdersConfig from its own config validation). Errors are one line naming the variable.
 */
export interface OrdersConfig {
  accountType: 'paper' | 'live';
  /** Contracts (spread units) per order. */
  maxContracts: number;
  /** Dollars at risk per order (max loss × quantity). */
  maxLossPerTrade: number;
  /** Open spreads plus working opening orders per underlying. */
  maxOpenPerUnderlying: number;
  /** Dollars: today's realized + marked P&L at or below −limit trips the kill switch. */
  dailyLossLimit: number;
  /** Percent: a leg's bid-ask wider than this share of the spread's width trips the circuit breaker. */
  maxLegSpreadPctOfWidth: number;
  /** Percent: the underlying moving more than this within the window trips the circuit breaker. */
  maxUnderlyingMovePct: number;
  moveWindowMin: number;
  /** Seconds between periodic reconciliations with the gateway (besides every reconnect and database recovery). */
  reconcileIntervalSec: number;
  /** Gateway order events kept in memory while the database is away (the oldest is dropped past it). */
  eventBacklogMax: number;
  /** The live account id the trader confirms; null when unset. */
  liveTradingConfirm: string | null;
  /** Seconds between position reconciliations with the gateway (besides one on every ready). */
  positionsReconcileSec: number;
}

export const ORDERS_CONFIG_DEFAULTS: Omit<OrdersConfig, 'liveTradingConfirm'> = {
  accountType: 'paper',
  maxContracts: 10,
  maxLossPerTrade: 1000,
  maxOpenPerUnderlying: 3,
  dailyLossLimit: 2000,
  maxLegSpreadPctOfWidth: 25,
  maxUnderlyingMovePct: 2,
  moveWindowMin: 5,
  positionsReconcileSec: 120,
  reconcileIntervalSec: 300,
  eventBacklogMax: 10_000,
};

export class OrdersConfigError extends Error {}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function fail(name: string, value: string, allowed: string): never {
  throw new OrdersConfigError(`Invalid configuration: ${name}=${JSON.stringify(value)} is not allowed; expected ${allowed}`);
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = raw(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) fail(name, v, `an integer from ${min} to ${max}`);
  return Number(v);
}

function positive(env: Env, name: string, def: number, max: number): number {
  const v = raw(env, name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0) || n > max) fail(name, v, `a number greater than 0 and at most ${max}`);
  return n;
}

export function validateOrdersConfig(env: Env): OrdersConfig {
  const typeRaw = raw(env, 'ACCOUNT_TYPE');
  const accountType = typeRaw === undefined ? 'paper' : typeRaw.toLowerCase();
  if (accountType !== 'paper' && accountType !== 'live') fail('ACCOUNT_TYPE', typeRaw ?? '', 'one of paper, live');
  const confirm = raw(env, 'LIVE_TRADING_CONFIRM') ?? null;
  if (confirm !== null) {
    if (!/^[A-Za-z0-9]{2,20}$/.test(confirm)) fail('LIVE_TRADING_CONFIRM', confirm, 'an IB account id such as U1234567');
    if (/^D/i.test(confirm)) fail('LIVE_TRADING_CONFIRM', confirm, 'a live account id (paper accounts start with D)');
  }
  return {
    accountType,
    maxContracts: int(env, 'RISK_MAX_CONTRACTS', ORDERS_CONFIG_DEFAULTS.maxContracts, 1, 10000),
    maxLossPerTrade: positive(env, 'RISK_MAX_LOSS_PER_TRADE', ORDERS_CONFIG_DEFAULTS.maxLossPerTrade, 1e9),
    maxOpenPerUnderlying: int(env, 'RISK_MAX_OPEN_PER_UNDERLYING', ORDERS_CONFIG_DEFAULTS.maxOpenPerUnderlying, 1, 1000),
    dailyLossLimit: positive(env, 'RISK_DAILY_LOSS_LIMIT', ORDERS_CONFIG_DEFAULTS.dailyLossLimit, 1e9),
    maxLegSpreadPctOfWidth: positive(env, 'RISK_MAX_LEG_SPREAD_PCT_OF_WIDTH', ORDERS_CONFIG_DEFAULTS.maxLegSpreadPctOfWidth, 1000),
    maxUnderlyingMovePct: positive(env, 'RISK_MAX_UNDERLYING_MOVE_PCT', ORDERS_CONFIG_DEFAULTS.maxUnderlyingMovePct, 100),
    moveWindowMin: int(env, 'RISK_MOVE_WINDOW_MIN', ORDERS_CONFIG_DEFAULTS.moveWindowMin, 1, 1440),
    reconcileIntervalSec: int(env, 'ORDERS_RECONCILE_INTERVAL_SEC', ORDERS_CONFIG_DEFAULTS.reconcileIntervalSec, 10, 86_400),
    eventBacklogMax: int(env, 'ORDERS_EVENT_BACKLOG_MAX', ORDERS_CONFIG_DEFAULTS.eventBacklogMax, 100, 1_000_000),
    liveTradingConfirm: confirm,
    positionsReconcileSec: int(env, 'POSITIONS_RECONCILE_SEC', ORDERS_CONFIG_DEFAULTS.positionsReconcileSec, 10, 86400),
  };
}
