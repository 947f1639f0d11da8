/**
 * The risk guard: pure, with its config and clock injected. Runs before anything is transmitted; every check
 * reports its numbers, and a refusal names the rule and the numbers. Closing orders (which reduce risk) are only
 * subject to the live-trading gate and the circuit breaker, so a tripped kill switch never traps a position.
 */
import type { OrdersConfig } from './orders-config';

export const RISK_RULES = [
  'live_trading_gate',
  'kill_switch',
  'daily_loss_limit',
  'max_contracts',
  'max_loss_per_trade',
  'max_open_per_underlying',
  'leg_spread_circuit',
  'underlying_move_circuit',
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

export interface RiskCheck {
  rule: RiskRule;
  passed: boolean;
  message: string;
  limit: number | string | null;
  actual: number | string | null;
}

export interface KillSwitchState {
  tripped: boolean;
  reason: string | null;
  trippedAt: Date | null;
}

export interface RiskInput {
  intent: 'open' | 'close';
  /** The account the gateway reports (managedAccounts); null when not connected. */
  reportedAccount: string | null;
  killSwitch: KillSwitchState;
  quantity: number;
  /** Dollars lost per spread at worst, at the order's price (null when it cannot be known). */
  maxLossPerUnit: number | null;
  underlying: string;
  /** Open spreads plus working opening orders on the underlying, not counting this one. */
  openOnUnderlying: number;
  /** Today's realized + marked P&L in dollars; null when marks are missing. */
  dailyPnl: number | null;
  width: number;
  legQuotes: ReadonlyArray<{ label: string; bid: number; ask: number } | null>;
  underlyingPrices: ReadonlyArray<{ at: Date; price: number }>;
}

export interface RiskDecision {
  allowed: boolean;
  checks: RiskCheck[];
  /** Set when this evaluation found the daily loss limit breached: the caller persists the kill switch. */
  tripKillSwitch: string | null;
  evaluatedAt: Date;
}

function round(n: number, d = 2): number {
  const f = 10 ** d;
  return Math.round(n * f) / f;
}

export class RiskGuard {
  constructor(
    private readonly config: OrdersConfig,
    private readonly now: () => Date,
  ) {}

  evaluate(input: RiskInput): RiskDecision {
    const checks: RiskCheck[] = [this.liveGate(input)];
    let trip: string | null = null;
    if (input.intent === 'open') {
      checks.push(this.killSwitch(input));
      const daily = this.dailyLoss(input);
      checks.push(daily);
      if (!daily.passed && !input.killSwitch.tripped && input.dailyPnl !== null) trip = daily.message;
      checks.push(this.maxContracts(input), this.maxLoss(input), this.maxOpen(input));
    }
    checks.push(this.legSpread(input), this.underlyingMove(input));
    return { allowed: checks.every((c) => c.passed), checks, tripKillSwitch: trip, evaluatedAt: this.now() };
  }

  private liveGate(i: RiskInput): RiskCheck {
    const rule = 'live_trading_gate';
    const type = this.config.accountType;
    const acct = i.reportedAccount;
    if (!acct) return { rule, passed: false, message: 'the gateway reports no account (not connected)', limit: type, actual: null };
    const isPaper = /^D/i.test(acct);
    if (type === 'paper' && !isPaper) {
      return { rule, passed: false, message: `ACCOUNT_TYPE=paper but the gateway reports live account ${acct}`, limit: 'paper', actual: acct };
    }
    if (type === 'live') {
      if (isPaper) return { rule, passed: false, message: `ACCOUNT_TYPE=live but the gateway reports paper account ${acct}`, limit: 'live', actual: acct };
      const confirm = this.config.liveTradingConfirm;
      if (confirm !== acct) {
        return {
          rule,
          passed: false,
          message: `live trading needs LIVE_TRADING_CONFIRM=${acct}; it is ${confirm === null ? 'unset' : confirm}`,
          limit: acct,
          actual: confirm,
        };
      }
      return { rule, passed: true, message: `live account ${acct} confirmed`, limit: acct, actual: confirm };
    }
    return { rule, passed: true, message: `paper account ${acct}`, limit: type, actual: acct };
  }

  private killSwitch(i: RiskInput): RiskCheck {
    const k = i.killSwitch;
    return k.tripped
      ? { rule: 'kill_switch', passed: false, message: `the kill switch is on since ${k.trippedAt?.toISOString() ?? '?'} (${k.reason ?? 'no reason'}); an admin must reset it`, limit: 'off', actual: 'on' }
      : { rule: 'kill_switch', passed: true, message: 'the kill switch is off', limit: 'off', actual: 'off' };
  }

  private dailyLoss(i: RiskInput): RiskCheck {
    const limit = this.config.dailyLossLimit;
    if (i.dailyPnl === null) {
      return { rule: 'daily_loss_limit', passed: false, message: `today's P&L is not available (missing marks); RISK_DAILY_LOSS_LIMIT=${limit} cannot be checked`, limit, actual: null };
    }
    const pnl = round(i.dailyPnl);
    return pnl <= -limit
      ? { rule: 'daily_loss_limit', passed: false, message: `today's P&L ${pnl} reached the daily loss limit −${limit} (RISK_DAILY_LOSS_LIMIT)`, limit: -limit, actual: pnl }
      : { rule: 'daily_loss_limit', passed: true, message: `today's P&L ${pnl} is above −${limit}`, limit: -limit, actual: pnl };
  }

  private maxContracts(i: RiskInput): RiskCheck {
    const limit = this.config.maxContracts;
    return i.quantity > limit
      ? { rule: 'max_contracts', passed: false, message: `quantity ${i.quantity} exceeds RISK_MAX_CONTRACTS=${limit}`, limit, actual: i.quantity }
      : { rule: 'max_contracts', passed: true, message: `quantity ${i.quantity} ≤ ${limit}`, limit, actual: i.quantity };
  }

  private maxLoss(i: RiskInput): RiskCheck {
    const limit = this.config.maxLossPerTrade;
    if (i.maxLossPerUnit === null) {
      return { rule: 'max_loss_per_trade', passed: false, message: `the maximum loss is not known; RISK_MAX_LOSS_PER_TRADE=${limit} cannot be checked`, limit, actual: null };
    }
    const total = round(i.maxLossPerUnit * i.quantity);
    return total > limit
      ? { rule: 'max_loss_per_trade', passed: false, message: `max loss ${total} (${round(i.maxLossPerUnit)} × ${i.quantity}) exceeds RISK_MAX_LOSS_PER_TRADE=${limit}`, limit, actual: total }
      : { rule: 'max_loss_per_trade', passed: true, message: `max loss ${total} ≤ ${limit}`, limit, actual: total };
  }

  private maxOpen(i: RiskInput): RiskCheck {
    const limit = this.config.maxOpenPerUnderlying;
    const after = i.openOnUnderlying + 1;
    return after > limit
      ? { rule: 'max_open_per_underlying', passed: false, message: `${i.underlying} would have ${after} open spreads, more than RISK_MAX_OPEN_PER_UNDERLYING=${limit}`, limit, actual: after }
      : { rule: 'max_open_per_underlying', passed: true, message: `${i.underlying}: ${after} of ${limit} open spreads`, limit, actual: after };
  }

  private legSpread(i: RiskInput): RiskCheck {
    const pct = this.config.maxLegSpreadPctOfWidth;
    const limit = round((pct / 100) * i.width, 4);
    let worst: { label: string; spread: number } | null = null;
    for (const q of i.legQuotes) {
      if (!q) return { rule: 'leg_spread_circuit', passed: false, message: 'a leg has no quote; the circuit breaker cannot be checked', limit, actual: null };
      const s = round(q.ask - q.bid, 4);
      if (!worst || s > worst.spread) worst = { label: q.label, spread: s };
    }
    if (!worst) return { rule: 'leg_spread_circuit', passed: true, message: 'no legs', limit, actual: null };
    return worst.spread > limit + 1e-9
      ? {
          rule: 'leg_spread_circuit',
          passed: false,
          message: `leg ${worst.label} bid-ask ${worst.spread} exceeds ${pct}% of the width ${i.width} (${limit}, RISK_MAX_LEG_SPREAD_PCT_OF_WIDTH)`,
          limit,
          actual: worst.spread,
        }
      : { rule: 'leg_spread_circuit', passed: true, message: `widest leg bid-ask ${worst.spread} ≤ ${limit}`, limit, actual: worst.spread };
  }

  private underlyingMove(i: RiskInput): RiskCheck {
    const pct = this.config.maxUnderlyingMovePct;
    const win = this.config.moveWindowMin;
    const now = this.now().getTime();
    const inWindow = i.underlyingPrices.filter((p) => p.at.getTime() >= now - win * 60_000 && p.at.getTime() <= now && p.price > 0);
    if (inWindow.length < 2) {
      return { rule: 'underlying_move_circuit', passed: true, message: `fewer than two ${i.underlying} prices in the last ${win} min; not evaluated`, limit: pct, actual: null };
    }
    const sorted = [...inWindow].sort((a, b) => a.at.getTime() - b.at.getTime());
    const last = sorted[sorted.length - 1].price;
    let move = 0;
    for (const p of sorted) move = Math.max(move, Math.abs(last - p.price) / p.price);
    const movePct = round(move * 100, 3);
    return movePct > pct
      ? {
          rule: 'underlying_move_circuit',
          passed: false,
          message: `${i.underlying} moved ${movePct}% in the last ${win} min, more than RISK_MAX_UNDERLYING_MOVE_PCT=${pct}`,
          limit: pct,
          actual: movePct,
        }
      : { rule: 'underlying_move_circuit', passed: true, message: `${i.underlying} moved ${movePct}% in ${win} min`, limit: pct, actual: movePct };
  }
}

/** One line naming every failed rule and its numbers. */
export function refusalMessage(decision: RiskDecision): string {
  return decision.checks
    .filter((c) => !c.passed)
    .map((c) => `${c.rule}: ${c.message}`)
    .join('; ');
}
