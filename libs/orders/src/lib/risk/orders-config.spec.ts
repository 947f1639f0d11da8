import { ORDERS_CONFIG_DEFAULTS, OrdersConfigError, validateOrdersConfig } from './orders-config';

describe('validateOrdersConfig', () => {
  it('defaults to paper and the documented limits', () => {
    expect(validateOrdersConfig({})).toEqual({ ...ORDERS_CONFIG_DEFAULTS, liveTradingConfirm: null });
    expect(ORDERS_CONFIG_DEFAULTS).toEqual({
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
    });
  });

  it('reads every variable', () => {
    expect(
      validateOrdersConfig({
        ACCOUNT_TYPE: 'LIVE',
        RISK_MAX_CONTRACTS: '5',
        RISK_MAX_LOSS_PER_TRADE: '750.5',
        RISK_MAX_OPEN_PER_UNDERLYING: '2',
        RISK_DAILY_LOSS_LIMIT: '1500',
        RISK_MAX_LEG_SPREAD_PCT_OF_WIDTH: '30',
        RISK_MAX_UNDERLYING_MOVE_PCT: '1.5',
        RISK_MOVE_WINDOW_MIN: '10',
        ORDERS_RECONCILE_INTERVAL_SEC: '60',
        ORDERS_EVENT_BACKLOG_MAX: '500',
        LIVE_TRADING_CONFIRM: 'U1234567',
        POSITIONS_RECONCILE_SEC: '30',
      }),
    ).toEqual({
      accountType: 'live',
      maxContracts: 5,
      maxLossPerTrade: 750.5,
      maxOpenPerUnderlying: 2,
      dailyLossLimit: 1500,
      maxLegSpreadPctOfWidth: 30,
      maxUnderlyingMovePct: 1.5,
      moveWindowMin: 10,
      reconcileIntervalSec: 60,
      eventBacklogMax: 500,
      liveTradingConfirm: 'U1234567',
      positionsReconcileSec: 30,
    });
  });

  it.each([
    ['RISK_MAX_CONTRACTS', '0', 'Invalid configuration: RISK_MAX_CONTRACTS="0" is not allowed; expected an integer from 1 to 10000'],
    ['RISK_MAX_CONTRACTS', '2.5', 'Invalid configuration: RISK_MAX_CONTRACTS="2.5" is not allowed; expected an integer from 1 to 10000'],
    ['RISK_MAX_LOSS_PER_TRADE', '-5', 'Invalid configuration: RISK_MAX_LOSS_PER_TRADE="-5" is not allowed; expected a number greater than 0 and at most 1000000000'],
    ['RISK_MAX_OPEN_PER_UNDERLYING', 'lots', 'Invalid configuration: RISK_MAX_OPEN_PER_UNDERLYING="lots" is not allowed; expected an integer from 1 to 1000'],
    ['RISK_DAILY_LOSS_LIMIT', '0', 'Invalid configuration: RISK_DAILY_LOSS_LIMIT="0" is not allowed; expected a number greater than 0 and at most 1000000000'],
    ['RISK_MAX_LEG_SPREAD_PCT_OF_WIDTH', '5000', 'Invalid configuration: RISK_MAX_LEG_SPREAD_PCT_OF_WIDTH="5000" is not allowed; expected a number greater than 0 and at most 1000'],
    ['RISK_MAX_UNDERLYING_MOVE_PCT', '101', 'Invalid configuration: RISK_MAX_UNDERLYING_MOVE_PCT="101" is not allowed; expected a number greater than 0 and at most 100'],
    ['RISK_MOVE_WINDOW_MIN', '0', 'Invalid configuration: RISK_MOVE_WINDOW_MIN="0" is not allowed; expected an integer from 1 to 1440'],
    ['ORDERS_RECONCILE_INTERVAL_SEC', '5', 'Invalid configuration: ORDERS_RECONCILE_INTERVAL_SEC="5" is not allowed; expected an integer from 10 to 86400'],
    ['ORDERS_RECONCILE_INTERVAL_SEC', '5m', 'Invalid configuration: ORDERS_RECONCILE_INTERVAL_SEC="5m" is not allowed; expected an integer from 10 to 86400'],
    ['ORDERS_EVENT_BACKLOG_MAX', '10', 'Invalid configuration: ORDERS_EVENT_BACKLOG_MAX="10" is not allowed; expected an integer from 100 to 1000000'],
    ['ACCOUNT_TYPE', 'demo', 'Invalid configuration: ACCOUNT_TYPE="demo" is not allowed; expected one of paper, live'],
    ['LIVE_TRADING_CONFIRM', 'U12 34', 'Invalid configuration: LIVE_TRADING_CONFIRM="U12 34" is not allowed; expected an IB account id such as U1234567'],
    ['LIVE_TRADING_CONFIRM', 'DU1234567', 'Invalid configuration: LIVE_TRADING_CONFIRM="DU1234567" is not allowed; expected a live account id (paper accounts start with D)'],
  ])('%s=%s → one line naming it', (name, value, message) => {
    let error: unknown;
    try {
      validateOrdersConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OrdersConfigError);
    expect((error as Error).message).toBe(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
