/**
 * The simulator's market model (libs/ib-sim, seeded), read in-process into the scanner's shapes: chain definitions,
 * underlyings and a quote for every listed option, as the gateway sources would deliver them. For measuring the
 * pruning's model error and proving it safe (acquisition/*.spec.ts, `npm run bench:pruning`) on a market whose
 * smile, spreads and ticks are the simulator's, not the synthetic market's.
 */
import { ManualClock } from '@ibsc/clock';
import { CORE_SYMBOLS, createMarketModel, NOT_COMPUTED_GREEK, RISK_FREE_RATE, type Greeks } from '@ibsc/ib-sim';
import { newYorkCloseMs } from '../chain/calendar';
import { contractKey, type ChainDefinition, type OptionQuote, type UnderlyingSnapshot } from '../chain/option-chain';
import { dividendYieldFromTick } from '../ibkr/quote-convert';
import type { SyntheticMarket } from './synthetic-market';

export interface SimMarketOptions {
  seed: number;
  /** Default the simulator's core eight. */
  symbols?: readonly string[];
  /** Default 2026-11-23 15:00 UTC (10:00 New York, a Monday). */
  now?: number;
  /** Simulated minutes the market runs before it is read (its paths move with the seed). Default 30. */
  minutes?: number;
}

const greek = (g: Greeks, v: number): number | null => (v === NOT_COMPUTED_GREEK || v === -1 || !Number.isFinite(v) ? null : v);

export function simMarket(o: SimMarketOptions): SyntheticMarket & { now: number } {
  const clock = new ManualClock(o.now ?? Date.UTC(2026, 10, 23, 15, 0, 0));
  const model = createMarketModel({ seed: o.seed, clock, symbols: o.symbols ?? CORE_SYMBOLS });
  try {
    clock.advance((o.minutes ?? 30) * 60_000);
    const now = clock.now();
    const definitions: ChainDefinition[] = [];
    const underlyings: UnderlyingSnapshot[] = [];
    const quotes = new Map<string, OptionQuote>();
    for (const u of model.underlyings()) {
      const uq = model.quote(u.conId);
      const spot = model.spot(u.symbol);
      underlyings.push({
        symbol: u.symbol,
        spot,
        spotTime: now,
        iv: uq.impliedVol ?? null,
        ivHistory: [],
        dividendYield: dividendYieldFromTick(uq.dividends, spot) ?? 0,
        earningsDate: u.earningsDate ?? null,
      });
      const byExpiry = new Map<string, Map<number, { C?: number; P?: number }>>();
      for (const conId of model.optionConIds(u.symbol)) {
        const c = model.contract(conId);
        if (!c || c.secType !== 'OPT') continue;
        const strikes = byExpiry.get(c.expiry) ?? new Map<number, { C?: number; P?: number }>();
        byExpiry.set(c.expiry, strikes);
        const at = strikes.get(c.strike) ?? {};
        at[c.right] = conId;
        strikes.set(c.strike, at);
        const q = model.quote(conId);
        const g = model.greeks(conId, 'model');
        quotes.set(contractKey({ symbol: u.symbol, expiry: c.expiry, right: c.right, strike: c.strike }), {
          bid: q.bid,
          ask: q.ask,
          last: null,
          iv: g.impliedVol > 0 ? g.impliedVol : null,
          delta: greek(g, g.delta),
          gamma: greek(g, g.gamma),
          theta: greek(g, g.theta),
          vega: greek(g, g.vega),
          volume: q.volume,
          openInterest: q.openInterest ?? null,
          quoteTime: now,
        });
      }
      const expiries = [...byExpiry.keys()].sort().map((expiry) => {
        const m = byExpiry.get(expiry) as Map<number, { C?: number; P?: number }>;
        const strikes = [...m.keys()].sort((a, b) => a - b);
        return {
          expiry,
          expiresAt: newYorkCloseMs(expiry),
          strikes,
          callConIds: strikes.map((k) => m.get(k)?.C ?? null),
          putConIds: strikes.map((k) => m.get(k)?.P ?? null),
        };
      });
      definitions.push({ symbol: u.symbol, multiplier: 100, expiries });
    }
    return { rate: RISK_FREE_RATE, definitions, underlyings, quotes, now };
  } finally {
    model.dispose();
  }
}
