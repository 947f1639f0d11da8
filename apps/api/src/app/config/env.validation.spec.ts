import { ConfigError, validateEnvironment } from './env.validation';

describe('validateEnvironment', () => {
  it('applies the plan defaults', () => {
    const c = validateEnvironment({});
    expect(c).toMatchObject({
      port: 3000,
      twsHost: '127.0.0.1',
      twsPort: 7497,
      clientId: 1,
      watchdogTimeoutSec: 60,
      maxSubscriptions: 90,
      accountType: 'paper',
      logLevel: 'info',
      ibGateway: 'simulator',
      databaseUrl: null,
      restartTime: '23:45',
      restartTimeZone: 'America/New_York',
      fallbackClientId: null,
      requestRate: 45,
      positionsPushIntervalMs: 2000,
      simControlUrl: null,
      scanRiskFreeRate: 0.045,
      scanDividendYields: {},
      scanCrossedQuotes: 'exclude',
    });
  });

  it('reads SIM_CONTROL_URL (a standalone simulator behind IB_GATEWAY=tws), without a trailing slash', () => {
    expect(validateEnvironment({ IB_GATEWAY: 'tws', SIM_CONTROL_URL: 'http://ib-sim:4003/' }).simControlUrl).toBe('http://ib-sim:4003');
    expect(validateEnvironment({ IB_GATEWAY: 'tws', SIM_CONTROL_URL: 'https://sim.example/control' }).simControlUrl).toBe('https://sim.example/control');
  });

  it.each([
    [{ IB_GATEWAY: 'tws', SIM_CONTROL_URL: 'ib-sim:4003' }, /SIM_CONTROL_URL="ib-sim:4003".*http:\/\/ or https:\/\/ URL/],
    [{ IB_GATEWAY: 'tws', SIM_CONTROL_URL: 'ftp://ib-sim' }, /SIM_CONTROL_URL="ftp:\/\/ib-sim".*such as http:\/\/ib-sim:4003/],
    [{ IB_GATEWAY: 'tws', SIM_CONTROL_URL: 'http://ib-sim:4003/?x=1' }, /SIM_CONTROL_URL/],
    [{ SIM_CONTROL_URL: 'http://127.0.0.1:4003' }, /SIM_CONTROL_URL=.*unset with IB_GATEWAY=simulator/],
  ])('rejects %j with one line naming SIM_CONTROL_URL and what is allowed', (env, pattern) => {
    expect(() => validateEnvironment(env)).toThrow(ConfigError);
    expect(() => validateEnvironment(env)).toThrow(pattern);
  });

  it('reads the scanner model inputs: rate, fallback dividend yields, crossed-quote policy', () => {
    const c = validateEnvironment({ SCAN_RISK_FREE_RATE: '0.0525', SCAN_DIVIDEND_YIELDS: 'SPY:0.012, iwm:0.011,NVDA:0', SCAN_CROSSED_QUOTES: 'Penalize' });
    expect(c.scanRiskFreeRate).toBe(0.0525);
    expect(c.scanDividendYields).toEqual({ SPY: 0.012, IWM: 0.011, NVDA: 0 });
    expect(c.scanCrossedQuotes).toBe('penalize');
    expect(validateEnvironment({ SCAN_RISK_FREE_RATE: '-0.01' }).scanRiskFreeRate).toBe(-0.01);
  });

  it('reads the pruning switch and margin (ADR 0017): on and 5 by default', () => {
    expect(validateEnvironment({})).toMatchObject({ scanPrune: true, scanPruneMargin: 5 });
    expect(validateEnvironment({ SCAN_PRUNE: 'OFF', SCAN_PRUNE_MARGIN: '12' })).toMatchObject({ scanPrune: false, scanPruneMargin: 12 });
    expect(validateEnvironment({}).scanVisibleStreams).toBe(true);
    expect(validateEnvironment({ SCAN_VISIBLE_STREAMS: 'OFF' }).scanVisibleStreams).toBe(false);
    expect(() => validateEnvironment({ SCAN_VISIBLE_STREAMS: 'yes' })).toThrow(/SCAN_VISIBLE_STREAMS/);
  });

  it('reads the fresh lane (ADR 0024): on, the top 100 rows by default', () => {
    expect(validateEnvironment({})).toMatchObject({ scanFreshLane: true, scanFreshTopRows: 100 });
    expect(validateEnvironment({ SCAN_FRESH_LANE: 'off', SCAN_FRESH_TOP_ROWS: '40' })).toMatchObject({ scanFreshLane: false, scanFreshTopRows: 40 });
    expect(() => validateEnvironment({ SCAN_FRESH_LANE: 'maybe' })).toThrow(/SCAN_FRESH_LANE/);
    expect(() => validateEnvironment({ SCAN_FRESH_TOP_ROWS: '5000' })).toThrow(/SCAN_FRESH_TOP_ROWS.*0 to 1000/);
  });

  it('reads where the scoring runs (ADR 0025): a worker thread by default, the main thread on request', () => {
    expect(validateEnvironment({}).scanScoringThread).toBe('worker');
    expect(validateEnvironment({ SCAN_SCORING_THREAD: 'main' }).scanScoringThread).toBe('main');
    expect(() => validateEnvironment({ SCAN_SCORING_THREAD: 'gpu' })).toThrow(/SCAN_SCORING_THREAD.*worker.*main/);
  });

  it('reads valid values', () => {
    const c = validateEnvironment({
      PORT: '8080',
      ACCOUNT_TYPE: 'live',
      IB_GATEWAY: 'TWS',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      MAX_SUBSCRIPTIONS: '50',
    });
    expect(c.port).toBe(8080);
    expect(c.accountType).toBe('live');
    expect(c.ibGateway).toBe('tws');
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(c.maxSubscriptions).toBe(50);
    expect(validateEnvironment({ POSITIONS_PUSH_INTERVAL_MS: '500' }).positionsPushIntervalMs).toBe(500);
  });

  it('reads the built-in simulator\'s timings preset: fast unless SIM_TIMINGS=realistic', () => {
    expect(validateEnvironment({}).simTimings).toBe('fast');
    expect(validateEnvironment({ SIM_TIMINGS: 'Realistic' }).simTimings).toBe('realistic');
  });

  it('reads the database roles and the audit chain verification (ADR 0013)', () => {
    expect(validateEnvironment({})).toMatchObject({ databaseMigrationUrl: null, databaseAppRole: 'ibsc_app', auditVerifyIntervalMs: 60000, auditVerifyMaxRows: 10000 });
    const c = validateEnvironment({
      DATABASE_URL: 'postgres://ibsc_app:x@db:5432/ibsc',
      DATABASE_MIGRATION_URL: 'postgres://ibsc:y@db:5432/ibsc',
      DATABASE_APP_ROLE: 'console_app',
      AUDIT_VERIFY_INTERVAL_MS: '5000',
      AUDIT_VERIFY_MAX_ROWS: '500',
    });
    expect(c).toMatchObject({ databaseMigrationUrl: 'postgres://ibsc:y@db:5432/ibsc', databaseAppRole: 'console_app', auditVerifyIntervalMs: 5000, auditVerifyMaxRows: 500 });
  });

  it.each([
    [{ DATABASE_MIGRATION_URL: 'postgres://ibsc:y@db:5432/ibsc' }, /DATABASE_MIGRATION_URL=.*set together with DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://a@b/c', DATABASE_MIGRATION_URL: 'mysql://x@y/z' }, /DATABASE_MIGRATION_URL=.*postgres/],
    [{ DATABASE_APP_ROLE: 'App-Role' }, /DATABASE_APP_ROLE="App-Role".*role name/],
    [{ DATABASE_APP_ROLE: 'x; DROP' }, /DATABASE_APP_ROLE/],
    [{ AUDIT_VERIFY_INTERVAL_MS: '10' }, /AUDIT_VERIFY_INTERVAL_MS="10".*integer from 1000/],
    [{ AUDIT_VERIFY_MAX_ROWS: 'all' }, /AUDIT_VERIFY_MAX_ROWS/],
  ])('rejects %j with one line naming the variable', (env, pattern) => {
    expect(() => validateEnvironment(env)).toThrow(pattern);
  });

  it('reads the connection-layer settings', () => {
    const c = validateEnvironment({ IB_RESTART_TIME: '05:30', IB_RESTART_TZ: 'Europe/Zurich', IB_FALLBACK_CLIENT_ID: '101', IB_REQUEST_RATE: '40' });
    expect(c).toMatchObject({ restartTime: '05:30', restartTimeZone: 'Europe/Zurich', fallbackClientId: 101, requestRate: 40 });
  });

  it.each([
    ['PORT', 'abc', /PORT="abc".*integer from 1 to 65535/],
    ['PORT', '70000', /PORT="70000"/],
    ['TWS_PORT', '-1', /TWS_PORT/],
    ['ACCOUNT_TYPE', 'real', /ACCOUNT_TYPE="real".*one of paper, live/],
    ['IB_GATEWAY', 'ibkr', /IB_GATEWAY="ibkr".*one of simulator, tws/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud".*one of error, warn, info, debug/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL.*postgres/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL/],
    ['WATCHDOG_TIMEOUT', '0', /WATCHDOG_TIMEOUT/],
    ['CLIENT_ID', '1.5', /CLIENT_ID/],
    ['JWT_SECRET', 'short', /JWT_SECRET.*at least 32 characters/],
    ['IB_RESTART_TIME', '24:10', /IB_RESTART_TIME="24:10".*HH:MM/],
    ['IB_RESTART_TIME', '7pm', /IB_RESTART_TIME/],
    ['IB_RESTART_TZ', 'Mars/Olympus', /IB_RESTART_TZ="Mars\/Olympus".*IANA time zone/],
    ['IB_FALLBACK_CLIENT_ID', '-3', /IB_FALLBACK_CLIENT_ID/],
    ['IB_FALLBACK_CLIENT_ID', '1', /IB_FALLBACK_CLIENT_ID="1".*other than CLIENT_ID/],
    ['IB_REQUEST_RATE', '51', /IB_REQUEST_RATE="51".*integer from 1 to 50/],
    ['IB_REQUEST_RATE', '0', /IB_REQUEST_RATE/],
    ['POSITIONS_PUSH_INTERVAL_MS', '100', /POSITIONS_PUSH_INTERVAL_MS="100".*integer from 250 to 60000/],
    ['POSITIONS_PUSH_INTERVAL_MS', '2s', /POSITIONS_PUSH_INTERVAL_MS/],
    ['SCAN_RISK_FREE_RATE', '4.5%', /SCAN_RISK_FREE_RATE="4.5%".*decimal number from -0.05 to 0.25/],
    ['SCAN_RISK_FREE_RATE', '0.3', /SCAN_RISK_FREE_RATE="0.3"/],
    ['SCAN_RISK_FREE_RATE', '1e-2', /SCAN_RISK_FREE_RATE/],
    ['SCAN_DIVIDEND_YIELDS', 'SPY=0.012', /SCAN_DIVIDEND_YIELDS="SPY=0.012".*SYMBOL:YIELD/],
    ['SCAN_DIVIDEND_YIELDS', 'SPY:0.5', /SCAN_DIVIDEND_YIELDS.*from 0 to 0.2/],
    ['SCAN_DIVIDEND_YIELDS', 'SPY:-0.01', /SCAN_DIVIDEND_YIELDS/],
    ['SCAN_CROSSED_QUOTES', 'keep', /SCAN_CROSSED_QUOTES="keep".*one of exclude, penalize/],
    ['SCAN_PRUNE', 'yes', /SCAN_PRUNE="yes".*one of on, off/],
    ['SCAN_PRUNE_MARGIN', '51', /SCAN_PRUNE_MARGIN="51"/],
    ['SCAN_PRUNE_MARGIN', '2.5', /SCAN_PRUNE_MARGIN/],
  ])('rejects %s=%s with one line naming it', (name, value, pattern) => {
    let error: unknown;
    try {
      validateEnvironment({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret', () => {
    expect(() => validateEnvironment({ ADMIN_PASSWORD: 'abc' })).toThrow(/ADMIN_PASSWORD="\*\*\*"/);
  });

  it('listens on loopback unless HOST says otherwise; security settings have safe defaults', () => {
    const c = validateEnvironment({});
    expect(c.host).toBe('127.0.0.1');
    expect(c).toMatchObject({ trustProxy: 0, metricsToken: null, apiDocs: 'on' });
    expect(c.login).toEqual({ backoffAfter: 3, lockoutAfter: 10, lockoutSec: 900, addressMaxFailures: 30, maxConcurrent: 2 });
    expect(validateEnvironment({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(validateEnvironment({ METRICS_TOKEN: 'a-scrape-token-of-24-ch', API_DOCS: 'OFF', TRUST_PROXY: '1' })).toMatchObject({
      metricsToken: 'a-scrape-token-of-24-ch',
      apiDocs: 'off',
      trustProxy: 1,
    });
  });

  it.each([
    [{ ADMIN_PASSWORD: 'aaaaaaaaaa' }, /ADMIN_PASSWORD="\*{10}".*12 to 256 characters/],
    [{ ADMIN_PASSWORD: '          ' }, /ADMIN_PASSWORD.*only spaces/],
    [{ ADMIN_PASSWORD: 'password1234' }, /ADMIN_PASSWORD.*most common/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN.*at least 16 characters/],
    [{ API_DOCS: 'admin' }, /API_DOCS="admin".*one of on, off/],
    [{ SIM_TIMINGS: 'slow' }, /SIM_TIMINGS="slow".*one of fast, realistic/],
    [{ LOGIN_LOCKOUT_AFTER: '0' }, /LOGIN_LOCKOUT_AFTER/],
    [{ LOGIN_BACKOFF_AFTER: '5', LOGIN_LOCKOUT_AFTER: '4' }, /LOGIN_LOCKOUT_AFTER="4".*from LOGIN_BACKOFF_AFTER \(5\)/],
    [{ LOGIN_LOCKOUT_SEC: '5' }, /LOGIN_LOCKOUT_SEC="5".*10 to 86400/],
    [{ LOGIN_ADDRESS_MAX_FAILURES: 'many' }, /LOGIN_ADDRESS_MAX_FAILURES/],
    [{ LOGIN_MAX_CONCURRENT: '0' }, /LOGIN_MAX_CONCURRENT/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY="yes".*integer from 0 to 10/],
  ])('refuses %j', (env, message) => {
    expect(() => validateEnvironment(env)).toThrow(ConfigError);
    expect(() => validateEnvironment(env)).toThrow(message);
  });
});
