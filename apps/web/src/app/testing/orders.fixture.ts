import type { OrderView, PositionsView, PreviewView, TradeView } from '@ibsc/shared-dto';

export function makePreview(overrides: Partial<PreviewView> = {}): PreviewView {
  return {
    spreadType: 'bull-put',
    underlying: 'SPY',
    expiry: '20261219',
    lowerStrike: 445,
    upperStrike: 450,
    width: 5,
    action: 'BUY',
    quantity: 1,
    orderType: 'LMT',
    limitPrice: -1.01,
    quote: { bid: -1.1, ask: -0.92, mid: -1.01 },
    initialMargin: { before: 10_000, change: 500, after: 10_500 },
    maintenanceMargin: { before: 9_000, change: 500, after: 9_500 },
    equityWithLoan: { before: 100_000, change: null, after: null },
    commission: 2.6,
    commissionMin: 2.5,
    commissionMax: 2.7,
    commissionCurrency: 'USD',
    buyingPowerChange: -502.6,
    maxProfit: 101,
    maxLoss: 399,
    breakevens: [448.99],
    risk: [
      { rule: 'maxContracts', passed: true, message: '1 ≤ 10 contracts', limit: 10, actual: 1 },
      { rule: 'maxLossPerTrade', passed: true, message: 'max loss within limit', limit: 1000, actual: 399 },
    ],
    allowed: true,
    warnings: [],
    notAvailable: ['equityWithLoan.after'],
    ...overrides,
  };
}

export function makeOrder(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: 'o-1',
    orderRef: 'IBSC-0001',
    ibOrderId: 101,
    permId: null,
    account: 'DU123456',
    status: 'submitted',
    statusReason: null,
    cancelRequested: false,
    intent: 'open',
    positionKey: null,
    parentOrderId: null,
    exitRole: null,
    spreadType: 'bull-put',
    underlying: 'SPY',
    expiry: '20261219',
    width: 5,
    action: 'BUY',
    quantity: 1,
    filledQuantity: 0,
    orderType: 'LMT',
    limitPrice: -1.01,
    auxPrice: null,
    priceMode: 'mid',
    tif: 'DAY',
    walk: null,
    takeProfitPct: null,
    stopLossPct: null,
    avgFillPrice: null,
    midAtSubmit: -1.01,
    slippageVsMid: null,
    commission: null,
    legs: [
      { conId: 11, expiry: '20261219', strike: 450, right: 'P', action: 'SELL', ratio: 1 },
      { conId: 12, expiry: '20261219', strike: 445, right: 'P', action: 'BUY', ratio: 1 },
    ],
    walkLog: [],
    createdBy: 'alice',
    createdAt: '2026-11-21T14:30:00.000Z',
    updatedAt: '2026-11-21T14:30:00.000Z',
    transmittedAt: '2026-11-21T14:30:00.100Z',
    completedAt: null,
    ...overrides,
  };
}

export function makePositions(overrides: Partial<PositionsView> = {}): PositionsView {
  return {
    positions: [
      {
        positionKey: 'SPY|20261219|bull-put|445/450',
        underlying: 'SPY',
        spreadType: 'bull-put',
        expiry: '20261219',
        lowerStrike: 445,
        upperStrike: 450,
        quantity: 1,
        avgPrice: -1.0,
        mark: -0.8,
        marketValue: -80,
        unrealizedPnl: 20,
        realizedPnl: 0,
        dailyPnl: null,
        commissions: 2.6,
      },
    ],
    totals: { unrealizedPnl: 20, realizedPnl: 0, dailyPnl: null },
    asOf: '2026-11-21T14:31:00.000Z',
    drift: null,
    ...overrides,
  };
}

export function makeTrade(overrides: Partial<TradeView> = {}): TradeView {
  return {
    execId: 'e-1',
    orderId: 'o-1',
    orderRef: 'IBSC-0001',
    at: '2026-11-21T14:30:05.000Z',
    underlying: 'SPY',
    spreadType: 'bull-put',
    expiry: '20261219',
    lowerStrike: 445,
    upperStrike: 450,
    side: 'BOT',
    quantity: 1,
    price: -1.0,
    commission: 2.6,
    ...overrides,
  };
}
