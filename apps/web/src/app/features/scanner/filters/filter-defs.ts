import type { NumericRange, ScanFilters } from '@ibsc/shared-dto';

/** The range filters of ScanFiltersDto, in the order the panel shows them. */
export const RANGE_KEYS = [
  'dte',
  'shortDelta',
  'width',
  'pop',
  'returnOnRisk',
  'creditToWidth',
  'expectedValue',
  'ivRank',
  'ivPercentile',
  'legVolume',
  'legOpenInterest',
  'legBidAsk',
  'legBidAskPct',
  'netGamma',
  'netTheta',
  'netVega',
] as const satisfies ReadonlyArray<keyof ScanFilters>;
export type RangeKey = (typeof RANGE_KEYS)[number];

export type FilterGroup = 'Contract' | 'Probability and value' | 'Volatility' | 'Liquidity' | 'Greeks';

export interface RangeFilterDef {
  key: RangeKey;
  label: string;
  group: FilterGroup;
  /** What the API accepts (ScanFiltersDto). Typed values outside are refused by the API with a message. */
  lo: number;
  hi: number;
  /** The slider's span: a practical part of [lo, hi]; the number boxes take any allowed value. */
  sliderLo: number;
  sliderHi: number;
  step: number;
  integer: boolean;
  unit: string;
  help: string;
  /** Bounds a newly enabled filter starts with. */
  initial: NumericRange;
}

const MONEY = 10_000_000;

export const RANGE_FILTERS: Record<RangeKey, RangeFilterDef> = {
  dte: { key: 'dte', label: 'Days to expiry', group: 'Contract', lo: 0, hi: 1000, sliderLo: 0, sliderHi: 120, step: 1, integer: true, unit: 'days', help: 'Calendar days from today to expiry.', initial: { min: 7, max: 45 } },
  shortDelta: { key: 'shortDelta', label: 'Short-leg |Δ|', group: 'Contract', lo: 0, hi: 1, sliderLo: 0, sliderHi: 1, step: 0.01, integer: false, unit: '', help: 'Absolute delta of the sold leg, 0–1.', initial: { min: 0.15, max: 0.35 } },
  width: { key: 'width', label: 'Spread width', group: 'Contract', lo: 0, hi: 10_000, sliderLo: 0, sliderHi: 50, step: 0.5, integer: false, unit: '$/share', help: 'Distance between the strikes.', initial: { min: 1, max: 10 } },
  pop: { key: 'pop', label: 'Probability of profit', group: 'Probability and value', lo: 0, hi: 1, sliderLo: 0, sliderHi: 1, step: 0.01, integer: false, unit: '0–1', help: 'Risk-neutral N(d2) at the breakeven, smile IV.', initial: { min: 0.6, max: 1 } },
  returnOnRisk: { key: 'returnOnRisk', label: 'Return on risk', group: 'Probability and value', lo: 0, hi: 1000, sliderLo: 0, sliderHi: 5, step: 0.01, integer: false, unit: '× (0.25 = 25 %)', help: 'Max profit ÷ max loss at the expected fill.', initial: { min: 0.1 } },
  creditToWidth: { key: 'creditToWidth', label: 'Credit ÷ width', group: 'Probability and value', lo: 0, hi: 1, sliderLo: 0, sliderHi: 1, step: 0.01, integer: false, unit: '0–1', help: 'Credit spreads only, at the expected fill.', initial: { min: 0.2 } },
  expectedValue: { key: 'expectedValue', label: 'Expected value', group: 'Probability and value', lo: -MONEY, hi: MONEY, sliderLo: -500, sliderHi: 500, step: 1, integer: false, unit: '$/spread', help: 'Risk-neutral, at the expected fill, held to expiry.', initial: { min: 0 } },
  ivRank: { key: 'ivRank', label: 'IV rank', group: 'Volatility', lo: 0, hi: 100, sliderLo: 0, sliderHi: 100, step: 1, integer: false, unit: '0–100', help: '100·(IV − min)/(max − min) over 252 days.', initial: { min: 30, max: 100 } },
  ivPercentile: { key: 'ivPercentile', label: 'IV percentile', group: 'Volatility', lo: 0, hi: 100, sliderLo: 0, sliderHi: 100, step: 1, integer: false, unit: '0–100', help: 'Share of the last 252 days with IV below today’s.', initial: { min: 30, max: 100 } },
  legVolume: { key: 'legVolume', label: 'Volume per leg', group: 'Liquidity', lo: 0, hi: 1e9, sliderLo: 0, sliderHi: 10_000, step: 10, integer: true, unit: 'contracts', help: 'Today’s volume; both legs must pass.', initial: { min: 10 } },
  legOpenInterest: { key: 'legOpenInterest', label: 'Open interest per leg', group: 'Liquidity', lo: 0, hi: 1e9, sliderLo: 0, sliderHi: 50_000, step: 50, integer: true, unit: 'contracts', help: 'Both legs must pass.', initial: { min: 100 } },
  legBidAsk: { key: 'legBidAsk', label: 'Bid-ask per leg', group: 'Liquidity', lo: 0, hi: 1000, sliderLo: 0, sliderHi: 2, step: 0.01, integer: false, unit: '$/share', help: 'Ask − bid of each leg.', initial: { max: 0.2 } },
  legBidAskPct: { key: 'legBidAskPct', label: 'Bid-ask per leg, % of mid', group: 'Liquidity', lo: 0, hi: 200, sliderLo: 0, sliderHi: 50, step: 0.5, integer: false, unit: '%', help: '(Ask − bid) ÷ mid of each leg.', initial: { max: 10 } },
  netGamma: { key: 'netGamma', label: 'Net gamma', group: 'Greeks', lo: -MONEY, hi: MONEY, sliderLo: -10, sliderHi: 10, step: 0.01, integer: false, unit: 'Δ per $1, per spread', help: 'Change in delta per $1 move.', initial: { min: -5, max: 5 } },
  netTheta: { key: 'netTheta', label: 'Net theta', group: 'Greeks', lo: -MONEY, hi: MONEY, sliderLo: -50, sliderHi: 50, step: 0.5, integer: false, unit: '$/day, per spread', help: 'Money per calendar day.', initial: { min: 0 } },
  netVega: { key: 'netVega', label: 'Net vega', group: 'Greeks', lo: -MONEY, hi: MONEY, sliderLo: -100, sliderHi: 100, step: 1, integer: false, unit: '$/vol point, per spread', help: 'Money per volatility point.', initial: { min: -50, max: 50 } },
};

export const FILTER_GROUPS: FilterGroup[] = ['Contract', 'Probability and value', 'Volatility', 'Liquidity', 'Greeks'];

/**
 * Liquid option underlyings (the built-in simulator's 30 and its four option indices); the picker suggests them and
 * accepts any valid ticker (the API answers 400 naming a symbol the gateway does not know).
 */
export const KNOWN_SYMBOLS = [
  'SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN',
  'DIA', 'XLF', 'XLE', 'XLK', 'GLD', 'SLV', 'TLT', 'EEM', 'EFA', 'HYG', 'XBI', 'SMH',
  'GOOGL', 'META', 'AMD', 'NFLX', 'JPM', 'BAC', 'XOM', 'DIS', 'BA', 'PLTR',
  'SPX', 'XSP', 'NDX', 'RUT',
];

export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,9}$/;
