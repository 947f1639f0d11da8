/**
 * The scan engine's lean view of the prepared chains: one row per quoted leg in typed columns, and one record per
 * expiry with everything that does not depend on the pair (T, √T, discount factors, spot·e^{−qT}, r − q, the smile).
 * Every value is computed with exactly the expression the reference path uses (spread-metrics.ts, black-scholes.ts,
 * probabilities.ts), so the spread kernels reproduce its numbers bit for bit while computing each per-leg piece once
 * for all the spreads that share the leg. Buffers are kept and grown across runs (no per-scan garbage).
 */
import type { ChainOption, OptionChain } from '../../chain/option-chain';
import {
  legContext,
  prepareLeg,
  prepareSliceShared,
  prepareUnderlyingShared,
  type ChainPrepOptions,
  type LegContext,
  type PreparedLeg,
  type PreparedSlice,
  type PreparedUnderlying,
} from '../../chain/prepared-chain';
import type { Smile } from '../../chain/smile';
import { growF64, growI32, growU8, touchColumns } from './columns';

/** Leg bits. */
export const LEG_TWO_SIDED = 1;
export const LEG_OI_NULL = 2;
/** The quote carried all four greeks (prepareLeg's 'gateway' greeks). */
export const LEG_GATEWAY_GREEKS = 4;
/** bid > ask (flagged CROSSED_QUOTE; priced only under the 'penalize' policy). */
export const LEG_CROSSED = 8;

export interface SliceInfo {
  u: PreparedUnderlying;
  /**
   * The prepared expiry. Its `calls`/`puts` are filled lazily, only with the legs something asked for (a leg
   * filter, a greek filter, a built row): the lean path reads quotes from the columns instead.
   */
  s: PreparedSlice;
  ctx: LegContext;
  spot: number;
  /** rate − dividendYield, as the reference evaluates it. */
  rmq: number;
  t: number;
  sqrtT: number;
  /** spot · e^{−qT}. */
  spotDq: number;
  smile: Smile;
  /** The underlying's IV when the smile is empty (MISSING_IV), else NaN. */
  fallbackIv: number;
  /** An IV exists for POP and EV (the "metrics" funnel step). */
  hasIv: boolean;
  /** Global leg index per strike index; −1 where the leg is not listed or not quoted. */
  callLeg: Int32Array;
  putLeg: Int32Array;
}

function num(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

export class MarketTable {
  legCount = 0;
  /** Contracts listed and quoted over the loaded chains (for the funnel). */
  listed = 0;
  quoted = 0;
  slices: SliceInfo[] = [];
  /** Per leg: its option, its slice, its index in the slice's calls/puts, and its right. */
  options: ChainOption[] = [];
  legSlice = new Int32Array(0);
  legStrikeIndex = new Int32Array(0);
  isCall = new Uint8Array(0);
  strike = new Float64Array(0);
  bid = new Float64Array(0);
  ask = new Float64Array(0);
  mid = new Float64Array(0);
  /** ask − bid. */
  ba = new Float64Array(0);
  /** ln(spot / strike). */
  lnSK = new Float64Array(0);
  /** strike · e^{−rT}. */
  kDr = new Float64Array(0);
  /** Score depth term min(1, log10(1 + OI)/3) of this leg's OI (NaN stays NaN). */
  depth = new Float64Array(0);
  /** Open interest (NaN when null). */
  oi = new Float64Array(0);
  quoteTime = new Float64Array(0);
  /** The quote's volume (NaN when null) and, with LEG_GATEWAY_GREEKS, its delta. */
  volume = new Float64Array(0);
  gatewayDelta = new Float64Array(0);
  multiplier = new Float64Array(0);
  /** Index of the last smile point at or below the leg's strike (clamped to a valid bracket start): a search hint. */
  smileHint = new Int32Array(0);
  bits = new Uint8Array(0);

  load(chains: readonly OptionChain[], now: number, todayNy: number, opts: ChainPrepOptions = {}): void {
    let capacity = 0;
    for (const c of chains) for (const e of c.expiries) capacity += 2 * e.strikes.length;
    this.ensure(capacity);
    this.legCount = 0;
    this.listed = 0;
    this.quoted = 0;
    this.options.length = 0;
    this.slices.length = 0;
    for (const chain of chains) {
      const u = prepareUnderlyingShared(chain, now, todayNy, opts);
      const ctx = legContext(u);
      for (const slice of chain.expiries) {
        const s = prepareSliceShared(slice, u);
        if (!s) continue;
        s.calls = new Array<PreparedLeg | null>(slice.calls.length).fill(null);
        s.puts = new Array<PreparedLeg | null>(slice.puts.length).fill(null);
        u.slices.push(s);
        this.addSlice(u, s, ctx);
      }
    }
  }

  /** Legs the columns hold without growing. */
  capacity(): number {
    return Math.min(this.strike.length, this.bits.length);
  }

  /** Grows the columns to `legs` and writes them once (lean/workspace.ts). */
  reserve(legs: number): void {
    this.ensure(legs);
    touchColumns(this);
  }

  /** The prepared leg (prepared-chain.ts prepareLeg), made on first use and kept in its slice. */
  leg(j: number): PreparedLeg {
    const sl = this.slices[this.legSlice[j]];
    const side = this.isCall[j] ? sl.s.calls : sl.s.puts;
    const k = this.legStrikeIndex[j];
    let leg = side[k];
    if (!leg) side[k] = leg = prepareLeg(this.options[j], sl.ctx, sl.t, sl.smile) as PreparedLeg;
    return leg;
  }

  /** The leg's delta as prepareLeg gives it: the gateway's when all four greeks came, else the prepared leg's. */
  delta(j: number): number {
    return (this.bits[j] & LEG_GATEWAY_GREEKS) !== 0 ? this.gatewayDelta[j] : this.leg(j).delta;
  }

  /** prepareLeg's bidAsk and bidAskPct. */
  bidAsk(j: number): number {
    return (this.bits[j] & LEG_TWO_SIDED) !== 0 ? this.ba[j] : Number.NaN;
  }

  bidAskPct(j: number): number {
    const mid = this.mid[j];
    return (this.bits[j] & LEG_TWO_SIDED) !== 0 && mid > 0 ? (100 * this.ba[j]) / mid : Number.NaN;
  }

  private addSlice(u: PreparedUnderlying, s: PreparedSlice, ctx: LegContext): void {
    const calls = s.slice.calls;
    const puts = s.slice.puts;
    const n = Math.max(calls.length, puts.length);
    const t = s.t;
    const dq = Math.exp(-u.dividendYield * t);
    const dr = Math.exp(-u.rate * t);
    const si = this.slices.length;
    const first = this.legCount;
    const callLeg = new Int32Array(calls.length);
    const putLeg = new Int32Array(puts.length);
    // Counted as the reference counts them: over the calls' indices.
    for (let i = 0; i < calls.length; i++) {
      this.listed += (calls[i] ? 1 : 0) + (puts[i] ? 1 : 0);
      this.quoted += (calls[i]?.quote ? 1 : 0) + (puts[i]?.quote ? 1 : 0);
    }
    for (let i = 0; i < n; i++) {
      if (i < calls.length) callLeg[i] = this.addLeg(calls[i], u.spot, dr, si, i, 1, u.excludeCrossed);
      if (i < puts.length) putLeg[i] = this.addLeg(puts[i], u.spot, dr, si, i, 0, u.excludeCrossed);
    }
    const hasSmile = s.smile.strikes.length > 0;
    this.hintSmile(s.smile, first);
    this.slices.push({
      u,
      s,
      ctx,
      spot: u.spot,
      rmq: u.rate - u.dividendYield,
      t,
      sqrtT: Math.sqrt(t),
      spotDq: u.spot * dq,
      smile: s.smile,
      fallbackIv: hasSmile || u.iv === null ? Number.NaN : u.iv,
      hasIv: hasSmile || u.iv !== null,
      callLeg,
      putLeg,
    });
  }

  /** Legs come in ascending strike order within a slice, so one forward walk finds every hint. */
  private hintSmile(smile: Smile, from: number): void {
    const ks = smile.strikes;
    const last = Math.max(0, ks.length - 2);
    let h = 0;
    for (let j = from; j < this.legCount; j++) {
      const k = this.strike[j];
      while (h < last && ks[h + 1] <= k) h++;
      this.smileHint[j] = h;
    }
  }

  /**
   * The values prepareLeg would give that the kernels read, straight from the quote, each field read once (quote
   * objects come in many shapes, so every pass over them is costly).
   */
  private addLeg(option: ChainOption | null, spot: number, dr: number, si: number, k: number, call: number, excludeCrossed: boolean): number {
    if (!option || !option.quote) return -1;
    const i = this.legCount++;
    const q = option.quote;
    const strike = option.contract.strike;
    this.options.push(option);
    this.legSlice[i] = si;
    this.legStrikeIndex[i] = k;
    this.isCall[i] = call;
    const crossed = (q.bid as number) > (q.ask as number);
    const twoSided = num(q.bid) && num(q.ask) && q.ask > 0 && q.bid >= 0 && !(excludeCrossed && crossed);
    const bid = q.bid ?? Number.NaN;
    const ask = q.ask ?? Number.NaN;
    this.strike[i] = strike;
    this.bid[i] = bid;
    this.ask[i] = ask;
    this.mid[i] = twoSided ? ((q.bid as number) + (q.ask as number)) / 2 : Number.NaN;
    this.ba[i] = ask - bid;
    this.lnSK[i] = Math.log(spot / strike);
    this.kDr[i] = strike * dr;
    const oi = q.openInterest;
    this.oi[i] = oi ?? Number.NaN;
    this.depth[i] = oi === null ? 0 : Math.min(1, Math.log10(1 + oi) / 3);
    this.quoteTime[i] = q.quoteTime;
    this.volume[i] = q.volume ?? Number.NaN;
    const delta = q.delta;
    const gateway = num(delta) && num(q.gamma) && num(q.theta) && num(q.vega);
    this.gatewayDelta[i] = gateway ? delta : Number.NaN;
    this.multiplier[i] = option.contract.multiplier;
    this.bits[i] = (twoSided ? LEG_TWO_SIDED : 0) | (oi === null ? LEG_OI_NULL : 0) | (gateway ? LEG_GATEWAY_GREEKS : 0) | (crossed ? LEG_CROSSED : 0);
    return i;
  }

  private ensure(n: number): void {
    if (this.strike.length >= n) return;
    this.strike = growF64(this.strike, n);
    this.bid = growF64(this.bid, n);
    this.ask = growF64(this.ask, n);
    this.mid = growF64(this.mid, n);
    this.ba = growF64(this.ba, n);
    this.lnSK = growF64(this.lnSK, n);
    this.kDr = growF64(this.kDr, n);
    this.depth = growF64(this.depth, n);
    this.oi = growF64(this.oi, n);
    this.quoteTime = growF64(this.quoteTime, n);
    this.volume = growF64(this.volume, n);
    this.gatewayDelta = growF64(this.gatewayDelta, n);
    this.multiplier = growF64(this.multiplier, n);
    this.legSlice = growI32(this.legSlice, n);
    this.legStrikeIndex = growI32(this.legStrikeIndex, n);
    this.isCall = growU8(this.isCall, n);
    this.smileHint = growI32(this.smileHint, n);
    this.bits = growU8(this.bits, n);
  }
}

