/**
 * The pre-filter: which contracts are worth a market-data line. Runs before any option is quoted, on static chain
 * data and the underlying's IV only, so it must be cheap and must not lose plausible legs.
 *
 * 1. Expiries inside the DTE window.
 * 2. Strikes inside the band the short-leg delta range implies. With Black–Scholes on the underlying's IV, the strike
 *    with call delta Δ is K = S·exp(−d1·σ√T + (r − q + σ²/2)T) with d1 = N⁻¹(Δe^{qT}) (puts: d1 = −N⁻¹(|Δ|e^{qT})).
 *    The band is widened for what the underlying's IV cannot know (the smile, stale IV): the delta range by
 *    ±deltaSlack and σ by ×(1 ± volSlack), taking the union. Long legs sit up to the widest width beyond the band,
 *    on the side each requested spread type needs them.
 * 3. Without a delta range or without an IV, every strike of a kept expiry is kept.
 *
 * The output is in priority order: closest to the middle of the delta range first, so a quote source that cannot
 * quote everything quotes the most plausible legs.
 */
import type { NumericRange, SpreadType } from '@ibsc/shared-dto';
import { strikeForDelta, type OptionRight } from './math/black-scholes';
import { normInv } from './math/normal';
import { dteFrom, newYorkDayNumber, yearsTo } from './chain/calendar';
import { distinctClass, type ChainDefinition, type OptionContract, type UnderlyingSnapshot } from './chain/option-chain';

export interface PrefilterOptions {
  now: number;
  rate: number;
  spreadTypes: readonly SpreadType[];
  widths: readonly number[];
  dte?: NumericRange;
  /** |Δ| of the short leg. */
  shortDelta?: NumericRange;
  /** Default 0.05. */
  deltaSlack?: number;
  /** Default 0.3 (σ × 0.7 … × 1.3). */
  volSlack?: number;
}

export interface StrikeBand {
  lo: number;
  hi: number;
}

export interface PrefilterExpiry {
  expiry: string;
  dte: number;
  calls: StrikeBand | null;
  puts: StrikeBand | null;
}

export interface PrefilterResult {
  /** Contracts to quote, most plausible first. */
  contracts: OptionContract[];
  listed: number;
  expiries: PrefilterExpiry[];
  /** The IV the bands were computed from; null when the underlying had none (no strike band applied). */
  ivUsed: number | null;
}

const ALL: StrikeBand = { lo: -Infinity, hi: Infinity };

function needsRight(types: readonly SpreadType[], right: OptionRight): boolean {
  return types.some((t) => (right === 'C' ? t === 'bull-call' || t === 'bear-call' : t === 'bull-put' || t === 'bear-put'));
}

/** Strike range whose short legs have |Δ| in [dLo, dHi], over σ·(1 ± volSlack). */
function shortBand(right: OptionRight, dLo: number, dHi: number, spot: number, t: number, r: number, q: number, vol: number, volSlack: number): StrikeBand {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [vol * (1 - volSlack), vol, vol * (1 + volSlack)]) {
    for (const d of [dLo, dHi]) {
      const k = strikeForDelta(right, d, spot, t, r, q, v, normInv);
      if (Number.isFinite(k)) {
        lo = Math.min(lo, k);
        hi = Math.max(hi, k);
      }
    }
  }
  return lo <= hi ? { lo, hi } : ALL;
}

export function prefilterContracts(def: ChainDefinition, und: UnderlyingSnapshot, opts: PrefilterOptions): PrefilterResult {
  const today = newYorkDayNumber(opts.now);
  const maxWidth = Math.max(0, ...opts.widths);
  const slack = opts.deltaSlack ?? 0.05;
  const volSlack = opts.volSlack ?? 0.3;
  const iv = und.iv !== null && und.iv > 0 ? und.iv : null;
  const dr = opts.shortDelta;
  const useBand = iv !== null && dr !== undefined && (dr.min !== undefined || dr.max !== undefined);
  const dLo = Math.max(0.001, (dr?.min ?? 0) - slack);
  const dHi = Math.min(0.999, (dr?.max ?? 1) + slack);
  const mid = 0.5 * ((dr?.min ?? 0) + (dr?.max ?? 1));
  const wantCalls = needsRight(opts.spreadTypes, 'C');
  const wantPuts = needsRight(opts.spreadTypes, 'P');
  const types = new Set(opts.spreadTypes);

  const ranked: Array<{ c: OptionContract; p: number }> = [];
  const expiries: PrefilterExpiry[] = [];
  let listed = 0;

  for (const e of def.expiries) {
    for (let i = 0; i < e.strikes.length; i++) listed += (e.callConIds?.[i] === null ? 0 : 1) + (e.putConIds?.[i] === null ? 0 : 1);
    const dte = dteFrom(today, e.expiry);
    if (dte < 0 || !(e.expiresAt > opts.now)) continue; // expired at its close: nothing to quote
    if (opts.dte?.min !== undefined && dte < opts.dte.min) continue;
    if (opts.dte?.max !== undefined && dte > opts.dte.max) continue;
    const t = yearsTo(e.style?.settlesAt ?? e.expiresAt, opts.now);
    let calls: StrikeBand | null = null;
    let puts: StrikeBand | null = null;
    if (wantCalls) {
      const b = useBand ? shortBand('C', dLo, dHi, und.spot, t, opts.rate, und.dividendYield, iv, volSlack) : ALL;
      calls = { lo: b.lo - (types.has('bull-call') ? maxWidth : 0), hi: b.hi + (types.has('bear-call') ? maxWidth : 0) };
    }
    if (wantPuts) {
      const b = useBand ? shortBand('P', dLo, dHi, und.spot, t, opts.rate, und.dividendYield, iv, volSlack) : ALL;
      puts = { lo: b.lo - (types.has('bull-put') ? maxWidth : 0), hi: b.hi + (types.has('bear-put') ? maxWidth : 0) };
    }
    expiries.push({ expiry: e.expiry, dte, calls, puts });
    const sd = (iv ?? 0.3) * Math.sqrt(t);
    e.strikes.forEach((strike, i) => {
      for (const [right, band, ids] of [
        ['C', calls, e.callConIds],
        ['P', puts, e.putConIds],
      ] as const) {
        if (!band || strike < band.lo - 1e-9 || strike > band.hi + 1e-9) continue;
        if (ids && ids[i] === null) continue;
        // Priority: distance of the strike's approximate |Δ| from the middle of the delta range.
        const z = Math.log(und.spot / strike) / sd;
        const callDelta = 0.5 * (1 + Math.tanh(0.8 * z));
        const absDelta = right === 'C' ? callDelta : 1 - callDelta;
        ranked.push({
          c: { conId: ids ? (ids[i] ?? null) : null, symbol: def.symbol, expiry: e.expiry, strike, right, multiplier: def.multiplier, ...distinctClass(def.symbol, e.style) },
          p: Math.abs(absDelta - mid),
        });
      }
    });
  }
  ranked.sort((a, b) => a.p - b.p);
  return { contracts: ranked.map((x) => x.c), listed, expiries, ivUsed: useBand ? iv : null };
}
