import { ORDERS_CONFIG_DEFAULTS, type OrdersConfig } from './orders-config';
import { refusalMessage, type RiskInput, RiskGuard } from './risk-guard';

const NOW = new Date('2026-11-23T15:00:00Z');
const config: OrdersConfig = { ...ORDERS_CONFIG_DEFAULTS, liveTradingConfirm: null };
const ok: RiskInput = {
  intent: 'open',
  reportedAccount: 'DU1234567',
  killSwitch: { tripped: false, reason: null, trippedAt: null },
  quantity: 2,
  maxLossPerUnit: 305,
  underlying: 'SPY',
  openOnUnderlying: 1,
  dailyPnl: -100,
  width: 5,
  legQuotes: [
    { label: 'SPY 20261218 100C', bid: 6, ask: 6.2 },
    { label: 'SPY 20261218 105C', bid: 3, ask: 3.1 },
  ],
  underlyingPrices: [
    { at: new Date(NOW.getTime() - 240_000), price: 100 },
    { at: new Date(NOW.getTime() - 60_000), price: 100.5 },
    { at: NOW, price: 101 },
  ],
};

function failed(input: Partial<RiskInput>, cfg: Partial<OrdersConfig> = {}) {
  const d = new RiskGuard({ ...config, ...cfg }, () => NOW).evaluate({ ...ok, ...input });
  return { d, failed: d.checks.filter((c) => !c.passed) };
}

describe('RiskGuard', () => {
  it('passes a sane paper order and reports every check with its numbers', () => {
    const { d, failed: f } = failed({});
    expect(f).toEqual([]);
    expect(d.allowed).toBe(true);
    expect(d.checks.map((c) => c.rule)).toEqual([
      'live_trading_gate',
      'kill_switch',
      'daily_loss_limit',
      'max_contracts',
      'max_loss_per_trade',
      'max_open_per_underlying',
      'leg_spread_circuit',
      'underlying_move_circuit',
    ]);
    expect(d.checks.find((c) => c.rule === 'max_loss_per_trade')).toMatchObject({ limit: 1000, actual: 610, message: 'max loss 610 ≤ 1000' });
    expect(d.evaluatedAt).toBe(NOW);
  });

  it.each<[string, Partial<RiskInput>, Partial<OrdersConfig>, string]>([
    ['max contracts', { quantity: 12, maxLossPerUnit: 50 }, {}, 'max_contracts: quantity 12 exceeds RISK_MAX_CONTRACTS=10'],
    ['max loss per trade', { quantity: 4 }, {}, 'max_loss_per_trade: max loss 1220 (305 × 4) exceeds RISK_MAX_LOSS_PER_TRADE=1000'],
    ['max open per underlying', { openOnUnderlying: 3 }, {}, 'max_open_per_underlying: SPY would have 4 open spreads, more than RISK_MAX_OPEN_PER_UNDERLYING=3'],
    ['daily loss', { dailyPnl: -2000.4 }, {}, "daily_loss_limit: today's P&L -2000.4 reached the daily loss limit −2000 (RISK_DAILY_LOSS_LIMIT)"],
    [
      'kill switch',
      { killSwitch: { tripped: true, reason: 'daily loss', trippedAt: new Date('2026-11-23T14:00:00Z') } },
      {},
      'kill_switch: the kill switch is on since 2026-11-23T14:00:00.000Z (daily loss); an admin must reset it',
    ],
    [
      'leg bid-ask',
      { legQuotes: [{ label: 'SPY 20261218 100C', bid: 5.5, ask: 7 }, ok.legQuotes[1]] },
      {},
      'leg_spread_circuit: leg SPY 20261218 100C bid-ask 1.5 exceeds 25% of the width 5 (1.25, RISK_MAX_LEG_SPREAD_PCT_OF_WIDTH)',
    ],
    [
      'underlying move',
      { underlyingPrices: [{ at: new Date(NOW.getTime() - 120_000), price: 100 }, { at: NOW, price: 102.5 }] },
      {},
      'underlying_move_circuit: SPY moved 2.5% in the last 5 min, more than RISK_MAX_UNDERLYING_MOVE_PCT=2',
    ],
    ['paper config, live account', { reportedAccount: 'U7654321' }, {}, 'live_trading_gate: ACCOUNT_TYPE=paper but the gateway reports live account U7654321'],
    ['live without confirmation', { reportedAccount: 'U7654321' }, { accountType: 'live' }, 'live_trading_gate: live trading needs LIVE_TRADING_CONFIRM=U7654321; it is unset'],
    [
      'live with the wrong confirmation',
      { reportedAccount: 'U7654321' },
      { accountType: 'live', liveTradingConfirm: 'U1111111' },
      'live_trading_gate: live trading needs LIVE_TRADING_CONFIRM=U7654321; it is U1111111',
    ],
    ['live config, paper account', {}, { accountType: 'live', liveTradingConfirm: 'U1' }, 'live_trading_gate: ACCOUNT_TYPE=live but the gateway reports paper account DU1234567'],
    ['not connected', { reportedAccount: null }, {}, 'live_trading_gate: the gateway reports no account (not connected)'],
  ])('refuses on %s, naming the rule and the numbers', (_name, input, cfg, message) => {
    const { d } = failed(input, cfg);
    expect(d.allowed).toBe(false);
    expect(refusalMessage(d)).toBe(message);
  });

  it('allows live trading with the matching confirmation', () => {
    const { d } = failed({ reportedAccount: 'U7654321' }, { accountType: 'live', liveTradingConfirm: 'U7654321' });
    expect(d.allowed).toBe(true);
  });

  it('asks to trip the kill switch when the daily loss limit is first breached (not when already on)', () => {
    expect(failed({ dailyPnl: -2500 }).d.tripKillSwitch).toMatch(/daily loss limit/);
    expect(failed({ dailyPnl: -2500, killSwitch: { tripped: true, reason: 'x', trippedAt: NOW } }).d.tripKillSwitch).toBeNull();
    expect(failed({ dailyPnl: -10 }).d.tripKillSwitch).toBeNull();
  });

  it('fails closed when the numbers are missing', () => {
    expect(refusalMessage(failed({ maxLossPerUnit: null }).d)).toBe('max_loss_per_trade: the maximum loss is not known; RISK_MAX_LOSS_PER_TRADE=1000 cannot be checked');
    expect(refusalMessage(failed({ legQuotes: [null, ok.legQuotes[1]] }).d)).toBe('leg_spread_circuit: a leg has no quote; the circuit breaker cannot be checked');
    expect(failed({ dailyPnl: null }).d.allowed).toBe(false);
  });

  it('ignores prices outside the window and does not evaluate the move with fewer than two', () => {
    const old = [{ at: new Date(NOW.getTime() - 10 * 60_000), price: 90 }, { at: NOW, price: 101 }];
    const c = failed({ underlyingPrices: old }).d.checks.find((x) => x.rule === 'underlying_move_circuit')!;
    expect(c).toMatchObject({ passed: true, actual: null, message: 'fewer than two SPY prices in the last 5 min; not evaluated' });
  });

  it('lets a closing order through a tripped kill switch and the size limits', () => {
    const { d } = failed({ intent: 'close', quantity: 50, killSwitch: { tripped: true, reason: 'x', trippedAt: NOW }, dailyPnl: -5000 });
    expect(d.allowed).toBe(true);
    expect(d.checks.map((c) => c.rule)).toEqual(['live_trading_gate', 'leg_spread_circuit', 'underlying_move_circuit']);
  });
});
