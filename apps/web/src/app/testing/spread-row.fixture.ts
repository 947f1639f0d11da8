import type { NetGreeks, SpreadLegView, SpreadRow } from '@ibsc/shared-dto';

function leg(overrides: Partial<SpreadLegView>): SpreadLegView {
  return {
    conId: 1,
    right: 'P',
    strike: 450,
    bid: 2.1,
    ask: 2.2,
    mid: 2.15,
    delta: -0.2,
    iv: 0.21,
    volume: 1200,
    openInterest: 5400,
    quoteTime: 1_763_700_000_000,
    ...overrides,
  };
}

const GREEKS: NetGreeks = { delta: 12.5, gamma: -0.412, theta: 4.1, vega: -8.25 };

/** A bull put spread on SPY with plausible numbers; override what a test cares about. */
export function makeSpreadRow(overrides: Partial<SpreadRow> = {}): SpreadRow {
  return {
    id: 'SPY|20261219|bull-put|450/445',
    symbol: 'SPY',
    type: 'bull-put',
    side: 'credit',
    expiry: '20261219',
    dte: 28,
    expiresAt: Date.UTC(2026, 11, 19, 21),
    yearsToExpiry: 28.2 / 365,
    rate: 0.045,
    dividendYield: 0.012,
    dividendYieldSource: 'gateway',
    spot: 470.2,
    width: 5,
    multiplier: 100,
    quantity: 1,
    short: leg({ conId: 11, strike: 450, volume: 1200, openInterest: 5400 }),
    long: leg({ conId: 12, strike: 445, bid: 1.1, ask: 1.18, mid: 1.14, volume: 800, openInterest: 3100 }),
    netMid: 1.01,
    netNatural: 0.92,
    expectedFill: 0.98,
    k: 0.3,
    fillMethod: 'mid moved k × half-spread toward natural',
    maxProfit: 96.7,
    maxLoss: 403.3,
    breakeven: 449.02,
    returnOnRisk: 0.2398,
    creditToWidth: 0.196,
    pop: 0.781,
    popMethod: 'risk-neutral N(d2) at breakeven, smile IV',
    popDelta: 0.8,
    popDeltaMethod: 'delta shortcut: |Δ| interpolated at breakeven (overstates P(ITM))',
    ivAtBreakeven: 0.22,
    ivSource: 'smile',
    touch: 0.41,
    touchMethod: 'risk-neutral GBM first passage of the short strike before expiry, smile IV at short strike',
    expectedValue: 3.45,
    evMethod: 'risk-neutral lognormal (smile IV at breakeven), discounted payoff minus expected fill, hold to expiry',
    greeks: GREEKS,
    greeksSource: 'gateway',
    ivRank: 34.2,
    ivPercentile: 51.8,
    earningsDate: null,
    quoteTime: 1_763_700_000_000,
    quoteAgeMs: 1500,
    flags: ['MISSING_VOLUME'],
    score: 72.4,
    ...overrides,
  };
}
