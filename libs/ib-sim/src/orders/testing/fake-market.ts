/**
 * A tiny, fully controlled MarketModel for the order engine's tests: a few SPY contracts whose quotes the test
 * sets by hand (`setQuote` notifies onChange listeners as the real model does).
 */
import type {
  ChainParams,
  ContractDef,
  DailyBar,
  Greeks,
  MarketModel,
  OptionDef,
  Quote,
  Right,
  UnderlyingDef,
} from '../../market/market-types';

export const SPY_CON_ID = 756733;

export const SPY: UnderlyingDef = {
  conId: SPY_CON_ID,
  symbol: 'SPY',
  kind: 'ETF',
  currency: 'USD',
  primaryExchange: 'ARCA',
  longName: 'SPDR S&P 500 ETF TRUST',
  industry: 'Funds',
  category: 'Equity Fund',
};

export const EXPIRY = '20261218';

/** conId of a SPY Dec-2026 option in the fake market: 9000000 + strike × 10 + (P ? 1 : 0). */
export function optConId(strike: number, right: Right): number {
  return 9_000_000 + strike * 10 + (right === 'P' ? 1 : 0);
}

function option(strike: number, right: Right): OptionDef {
  const pad = String(strike * 1000).padStart(8, '0');
  return {
    conId: optConId(strike, right),
    symbol: 'SPY',
    underConId: SPY_CON_ID,
    expiry: EXPIRY,
    strike,
    right,
    multiplier: 100,
    tradingClass: 'SPY',
    localSymbol: `SPY   261218${right}${pad}`,
    exchange: 'SMART',
    currency: 'USD',
    settlement: 'PM',
    exercise: 'american',
    cashSettled: false,
  };
}

export class FakeMarket implements MarketModel {
  private readonly defs = new Map<number, ContractDef>();
  private readonly quotes = new Map<number, Quote>();
  private readonly listeners = new Set<(conIds: number[]) => void>();
  spotPrice = 665;

  constructor() {
    this.defs.set(SPY_CON_ID, { secType: 'STK', ...SPY });
    this.setQuote(SPY_CON_ID, 664.99, 665.01, false);
    for (const strike of [640, 650, 655, 660, 665, 670, 675, 680, 690]) {
      for (const right of ['C', 'P'] as const) {
        const d = option(strike, right);
        this.defs.set(d.conId, { secType: 'OPT', ...d });
        this.setQuote(d.conId, 1, 1.1, false);
      }
    }
  }

  setQuote(conId: number, bid: number, ask: number, notify = true): void {
    const prev = this.quotes.get(conId);
    this.quotes.set(conId, {
      bid,
      ask,
      last: (bid + ask) / 2,
      bidSize: 10,
      askSize: 10,
      lastSize: 1,
      volume: 100,
      high: ask,
      low: bid,
      open: bid,
      close: prev?.close ?? (bid + ask) / 2,
      halted: prev?.halted ?? false,
    });
    if (notify) for (const l of this.listeners) l([conId]);
  }

  underlyings(): UnderlyingDef[] {
    return [SPY];
  }
  contract(conId: number): ContractDef | undefined {
    return this.defs.get(conId);
  }
  findContracts(q: Parameters<MarketModel['findContracts']>[0]): ContractDef[] {
    return [...this.defs.values()].filter((d) => {
      if (d.secType !== q.secType) return false;
      if (q.symbol && d.symbol !== q.symbol) return false;
      if (q.conId && d.conId !== q.conId) return false;
      if (d.secType === 'OPT') {
        if (q.expiry && !d.expiry.startsWith(q.expiry)) return false;
        if (q.strike !== undefined && d.strike !== q.strike) return false;
        if (q.right && d.right !== q.right) return false;
        if (q.localSymbol && d.localSymbol !== q.localSymbol) return false;
      }
      return true;
    });
  }
  chainParams(): ChainParams[] {
    return [];
  }
  optionCount(): number {
    return this.defs.size - 1;
  }
  quote(conId: number): Quote {
    const q = this.quotes.get(conId);
    if (!q) throw new Error(`no quote for ${conId}`);
    return q;
  }
  greeks(): Greeks {
    throw new Error('not in the fake market');
  }
  history(): DailyBar[] {
    return [];
  }
  onChange(listener: (conIds: number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  listenerCount(): number {
    return this.listeners.size;
  }
  setHalted(symbol: string, halted: boolean): void {
    for (const [conId, d] of this.defs) {
      if (d.symbol === symbol) this.quotes.set(conId, { ...this.quote(conId), halted });
    }
  }
  setFrozen(): void {
    /* not modelled */
  }
  spot(): number {
    return this.spotPrice;
  }
  jump(): void {
    /* not modelled */
  }
}
