/**
 * A tiny hand-made chain (one underlying at 101, one expiry exactly 30 days out, strikes 95/100/105, flat IV 0.2,
 * r = q = 0) whose spread numbers are worked out by hand in spread-metrics.spec.ts and docs/scanner.md.
 */
import { yyyymmddOf } from '../chain/calendar';
import type { ChainOption, OptionChain, OptionQuote } from '../chain/option-chain';

export const HAND_NOW = Date.UTC(2026, 0, 5, 15, 0, 0); // Monday 2026-01-05 10:00 New York
export const HAND_EXPIRES_AT = HAND_NOW + 30 * 86_400_000;
export const HAND_EXPIRY = yyyymmddOf(Math.floor(HAND_EXPIRES_AT / 86_400_000));

type Q = Partial<OptionQuote> & Pick<OptionQuote, 'bid' | 'ask'>;

export const HAND_QUOTES: Record<'C' | 'P', Record<95 | 100 | 105, Q>> = {
  C: {
    95: { bid: 5.6, ask: 5.9, delta: 0.8, gamma: 0.03, theta: -0.03, vega: 0.07 },
    100: { bid: 2.3, ask: 2.5, delta: 0.55, gamma: 0.06, theta: -0.05, vega: 0.11 },
    105: { bid: 0.7, ask: 0.8, delta: 0.25, gamma: 0.045, theta: -0.035, vega: 0.09 },
  },
  P: {
    95: { bid: 0.8, ask: 0.9, delta: -0.2, gamma: 0.04, theta: -0.03, vega: 0.08 },
    100: { bid: 2.0, ask: 2.2, delta: -0.45, gamma: 0.06, theta: -0.05, vega: 0.11 },
    105: { bid: 5.0, ask: 5.3, delta: -0.75, gamma: 0.045, theta: -0.03, vega: 0.09 },
  },
};

export interface HandChainOptions {
  /** Per-contract overrides, keyed like "P100". */
  override?: Record<string, Partial<OptionQuote> | null>;
  earningsDate?: string | null;
  ivHistory?: number[];
  underlyingIv?: number | null;
  nextDividend?: { exDate: string; amount: number } | null;
}

export function handChain(o: HandChainOptions = {}): OptionChain {
  const strikes = [95, 100, 105] as const;
  const side = (right: 'C' | 'P'): ChainOption[] =>
    strikes.map((strike) => {
      const base: OptionQuote = {
        last: null,
        iv: 0.2,
        delta: null,
        gamma: null,
        theta: null,
        vega: null,
        volume: 500,
        openInterest: 2000,
        quoteTime: HAND_NOW - 1000,
        ...HAND_QUOTES[right][strike],
      };
      const ov = o.override?.[`${right}${strike}`];
      return {
        contract: { conId: null, symbol: 'XYZ', expiry: HAND_EXPIRY, strike, right, multiplier: 100 },
        quote: ov === null ? null : { ...base, ...ov },
      };
    });
  return {
    underlying: {
      symbol: 'XYZ',
      spot: 101,
      spotTime: HAND_NOW,
      iv: o.underlyingIv === undefined ? 0.2 : o.underlyingIv,
      ivHistory: o.ivHistory ?? [0.1, 0.3],
      dividendYield: 0,
      nextDividend: o.nextDividend ?? null,
      earningsDate: o.earningsDate ?? null,
    },
    rate: 0,
    expiries: [{ expiry: HAND_EXPIRY, expiresAt: HAND_EXPIRES_AT, strikes: [...strikes], calls: side('C'), puts: side('P') }],
  };
}
