/**
 * The contract between the simulator's market model (libs/ib-sim/src/market) and its protocol server.
 * The server only talks to the market through `MarketModel`; the model knows nothing of sockets.
 */
export type Right = 'C' | 'P';

export interface UnderlyingDef {
  conId: number;
  symbol: string;
  /**
   * Stocks and ETFs are both secType STK in IB; `kind` tells them apart for contract details (stockType). 'IND' is
   * an index (secType IND: SPX, XSP, NDX, RUT): a price but no bid/ask, never traded itself.
   */
  kind: 'STK' | 'ETF' | 'IND';
  currency: 'USD';
  primaryExchange: string; // e.g. 'NASDAQ', 'ARCA', 'NYSE'
  longName: string;
  industry: string;
  category: string;
  /** Earnings date as YYYYMMDD, when one is scheduled in the model. */
  earningsDate?: string;
}

export interface OptionDef {
  conId: number;
  symbol: string; // underlying symbol
  underConId: number;
  expiry: string; // YYYYMMDD
  strike: number;
  right: Right;
  multiplier: 100;
  tradingClass: string; // e.g. 'SPY'; index options: 'SPX' (AM monthlies) or 'SPXW' (PM weeklies/dailies)
  localSymbol: string; // OCC style, the trading class as root: 'SPY   261218C00450000', 'SPXW  261218P06500000'
  exchange: 'SMART';
  currency: 'USD';
  /**
   * When the settlement price is fixed: 'PM' at the close of the expiry day (every equity option, SPXW), 'AM' at
   * the opening prints of the expiry day (SPX/NDX/RUT monthlies: last trading day the day before).
   */
  settlement: 'AM' | 'PM';
  /** American (equity and ETF options) or European (index options: exercise only at expiry). */
  exercise: 'american' | 'european';
  /** Index options settle in cash (multiplier × intrinsic value); equity options deliver shares. */
  cashSettled: boolean;
}

/** Underlyings: secType STK for stocks and ETFs, IND for indices. */
export type UnderlyingSecType = 'STK' | 'IND';
export type ContractDef = ({ secType: 'STK' } & UnderlyingDef) | ({ secType: 'IND' } & UnderlyingDef) | ({ secType: 'OPT' } & OptionDef);

/** IB's secType of an underlying. */
export function underlyingSecType(def: Pick<UnderlyingDef, 'kind'>): UnderlyingSecType {
  return def.kind === 'IND' ? 'IND' : 'STK';
}

export interface ChainParams {
  /** SMART for every chain; index chains are listed on their exchange (CBOE, …) as well. */
  exchange: string;
  underlyingConId: number;
  tradingClass: string;
  multiplier: string; // '100'
  expirations: string[]; // YYYYMMDD, ascending
  strikes: number[]; // ascending
}

export interface Quote {
  bid: number;
  ask: number;
  last: number;
  bidSize: number;
  askSize: number;
  lastSize: number;
  volume: number;
  high: number;
  low: number;
  open: number;
  close: number; // previous close
  /** Options only. */
  openInterest?: number;
  /** Underlyings only: 30-day ATM implied vol and historical vol (annualised, e.g. 0.21). */
  impliedVol?: number;
  historicalVol?: number;
  /**
   * Underlyings only: IB Dividends (generic tick 456, string tick 59) as TWS sends it:
   * "past12Months,next12Months,nextDate,nextAmount" in dollars per share, e.g. "7.98,7.98,20261218,1.995".
   */
  dividends?: string;
  halted: boolean;
}

/**
 * Option greeks as IB's tickOptionComputation carries them: delta and gamma per $1 of the underlying, vega per
 * vol point (0.01), theta per calendar day. When a value cannot be computed (e.g. no bid, or a price outside the
 * no-arbitrage bounds) impliedVol/optPrice are -1 and delta/gamma/vega/theta are -2, as IB sends them.
 */
export interface Greeks {
  impliedVol: number;
  delta: number;
  optPrice: number;
  pvDividend: number;
  gamma: number;
  vega: number;
  theta: number;
  undPrice: number;
}

export interface DailyBar {
  date: string; // YYYYMMDD
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export type HistoryKind = 'TRADES' | 'OPTION_IMPLIED_VOLATILITY' | 'HISTORICAL_VOLATILITY';

export interface MarketModel {
  underlyings(): UnderlyingDef[];
  contract(conId: number): ContractDef | undefined;
  /** Contract-details lookup as IB does it: any field may be missing; returns every match. */
  findContracts(q: {
    secType: UnderlyingSecType | 'OPT';
    symbol?: string;
    conId?: number;
    expiry?: string; // YYYYMMDD or YYYYMM
    strike?: number;
    right?: Right;
    localSymbol?: string;
  }): ContractDef[];
  chainParams(underConId: number): ChainParams[];
  optionCount(): number;
  /** Current quote; the model advances itself with the clock it was built with. */
  quote(conId: number): Quote;
  /** Greeks for an option: bid/ask/last/model as IB's tick types 10/11/12/13. */
  greeks(conId: number, kind: 'bid' | 'ask' | 'last' | 'model'): Greeks;
  /**
   * Daily bars, oldest first, the last one being today's (still forming). Underlyings only: throws an Error for
   * an option or an unknown conId.
   */
  history(conId: number, kind: HistoryKind, days: number): DailyBar[];
  /**
   * Calls `listener` after each model step (and after a fault such as halt or jump) with the conIds of the
   * **underlyings** whose price or state changed; the options of those underlyings may have changed too, and the
   * server derives them itself. conIds of individual options appear only when something option-specific changed.
   * Steps never report a frozen underlying (an explicit jump() does). Returns an unsubscribe function.
   */
  onChange(listener: (conIds: number[]) => void): () => void;
  // Faults
  setHalted(symbol: string, halted: boolean): void;
  setFrozen(symbol: string, frozen: boolean): void;
  /** Underlying spot now. */
  spot(symbol: string): number;
  /** Forces a move of the underlying by a fraction (e.g. 0.05 = +5 %), for tests. */
  jump(symbol: string, fraction: number): void;
}
