import { mulberry32 } from '@ibsc/option-math';
import type { SpreadRow, SpreadType } from '@ibsc/shared-dto';

/** The project's seeded generator (mulberry32): the same seed gives the same rows and updates. */
export const prng = mulberry32;

const SYMBOLS = ['SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN'];
const TYPES: SpreadType[] = ['bull-put', 'bear-call', 'bull-call', 'bear-put'];

/** A plausible spread row for benchmarks: every column has a value. */
export function syntheticRow(i: number, rnd: () => number): SpreadRow {
  const symbol = SYMBOLS[i % SYMBOLS.length];
  const type = TYPES[Math.floor(i / SYMBOLS.length) % TYPES.length];
  const spot = 100 + (i % 50) * 10;
  const width = [1, 2, 5][i % 3];
  const short = Math.round(spot * (0.9 + rnd() * 0.2));
  const right = type === 'bull-put' || type === 'bear-put' ? 'P' : 'C';
  const long = right === 'P' ? short - width : short + width;
  const mid = 0.2 + rnd() * width * 0.4;
  const leg = (strike: number) => ({
    conId: 1000 + i * 2 + (strike === short ? 0 : 1),
    right,
    strike,
    bid: mid,
    ask: mid + 0.05,
    mid: mid + 0.025,
    delta: right === 'P' ? -rnd() * 0.5 : rnd() * 0.5,
    iv: 0.15 + rnd() * 0.3,
    volume: Math.floor(rnd() * 5000),
    openInterest: Math.floor(rnd() * 20000),
    quoteTime: Date.now(),
  }) as SpreadRow['short'];
  const credit = type === 'bull-put' || type === 'bear-call';
  return {
    id: `${symbol}|202612${String(1 + (i % 28)).padStart(2, '0')}|${type}|${short}/${long}|${i}`,
    symbol,
    type,
    side: credit ? 'credit' : 'debit',
    expiry: `202612${String(1 + (i % 28)).padStart(2, '0')}`,
    dte: 7 + (i % 60),
    expiresAt: Date.UTC(2026, 11, 1 + (i % 28), 21),
    yearsToExpiry: (7 + (i % 60)) / 365,
    rate: 0.045,
    dividendYield: 0,
    dividendYieldSource: 'none',
    spot,
    width,
    multiplier: 100,
    quantity: 1,
    short: leg(short),
    long: leg(long),
    netMid: mid,
    netNatural: mid * 0.9,
    expectedFill: mid * 0.95,
    k: 0.5,
    fillMethod: 'mid moved k × half-spread toward natural',
    maxProfit: mid * 95,
    maxLoss: (width - mid) * 100,
    breakeven: short - mid,
    returnOnRisk: mid / (width - mid),
    creditToWidth: credit ? mid / width : null,
    pop: rnd(),
    popMethod: 'risk-neutral N(d2) at breakeven, smile IV',
    popDelta: rnd(),
    popDeltaMethod: 'delta shortcut: |Δ| interpolated at breakeven (overstates P(ITM))',
    ivAtBreakeven: 0.2,
    ivSource: 'smile',
    touch: rnd(),
    touchMethod: 'risk-neutral GBM first passage of the short strike before expiry, smile IV at short strike',
    expectedValue: (rnd() - 0.5) * 50,
    evMethod: 'risk-neutral lognormal (smile IV at breakeven), discounted payoff minus expected fill, hold to expiry',
    greeks: { delta: rnd() * 20 - 10, gamma: rnd() - 0.5, theta: rnd() * 5, vega: rnd() * 10 - 5 },
    greeksSource: 'gateway',
    ivRank: rnd() * 100,
    ivPercentile: rnd() * 100,
    earningsDate: null,
    quoteTime: Date.now(),
    quoteAgeMs: rnd() * 3000,
    flags: rnd() < 0.1 ? ['MISSING_VOLUME'] : [],
    score: rnd() * 100,
    tradingClass: symbol,
    settlement: 'PM',
    exercise: 'american',
    cashSettled: false,
    settlesAt: Date.UTC(2026, 11, 1 + (i % 28), 21),
  };
}

/** The same row with its quote-driven numbers moved, as a scan re-score would. */
export function requote(row: SpreadRow, rnd: () => number): SpreadRow {
  const drift = 1 + (rnd() - 0.5) * 0.1;
  const netMid = Math.max(0.01, row.netMid * drift);
  return {
    ...row,
    netMid,
    netNatural: netMid * 0.9,
    expectedFill: netMid * 0.95,
    maxProfit: netMid * 95,
    pop: Math.min(1, Math.max(0, row.pop + (rnd() - 0.5) * 0.02)),
    touch: Math.min(1, Math.max(0, row.touch + (rnd() - 0.5) * 0.02)),
    expectedValue: row.expectedValue + (rnd() - 0.5),
    score: Math.min(100, Math.max(0, row.score + (rnd() - 0.5) * 4)),
    quoteAgeMs: rnd() * 3000,
    greeks: row.greeks ? { ...row.greeks, delta: row.greeks.delta * drift, theta: row.greeks.theta * drift } : null,
  };
}
