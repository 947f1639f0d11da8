/**
 * Every vertical of a scan as a row of typed columns (struct of arrays), indexed in the reference enumeration order
 * (chain → expiry → type → width → strike), plus the survivors as a compacted index list. Only spreads whose two
 * legs are two-sided are stored (the "priced" step is fused into the enumeration); `candidates` counts them all.
 */
import type { SpreadType } from '@ibsc/shared-dto';
import { strikeKey } from '../../chain/prepared-chain';
import { growF64, growI32, growU8, touchColumns } from './columns';
import { LEG_TWO_SIDED, type MarketTable, type SliceInfo } from './market-table';

/** Type codes, in SPREAD_TYPES order. Credit: code ≥ 2; call right: 0 and 3; bullish: 0 and 2. */
export const BULL_CALL = 0;
export const BEAR_PUT = 1;
export const BULL_PUT = 2;
export const BEAR_CALL = 3;
export const TYPE_NAMES: readonly SpreadType[] = ['bull-call', 'bear-put', 'bull-put', 'bear-call'];
const TYPE_CODE: Readonly<Record<SpreadType, number>> = { 'bull-call': BULL_CALL, 'bear-put': BEAR_PUT, 'bull-put': BULL_PUT, 'bear-call': BEAR_CALL };
/** Long strike = short strike + offset × width (vertical-builder.ts). */
const LONG_OFFSET: readonly number[] = [-1, 1, -1, 1];

/** Spread bits. */
export const SP_OUTSIDE_BOUNDS = 1;
export const SP_STALE = 2;
/** A leg is crossed (CROSSED_QUOTE): the score's penalty. */
export const SP_CROSSED = 4;

export class SpreadTable {
  /** Stored (priced) spreads. */
  count = 0;
  /** Verticals enumerated, priced or not. */
  candidates = 0;
  short = new Int32Array(0);
  long = new Int32Array(0);
  slice = new Int32Array(0);
  type = new Uint8Array(0);
  width = new Float64Array(0);
  // Computed by the kernels (spread-kernels.ts), valid for the spreads that reached them.
  fill = new Float64Array(0);
  mid = new Float64Array(0);
  natural = new Float64Array(0);
  maxProfit = new Float64Array(0);
  maxLoss = new Float64Array(0);
  breakeven = new Float64Array(0);
  pop = new Float64Array(0);
  ev = new Float64Array(0);
  score = new Float64Array(0);
  /** An interval holding the exact score (approx-score.ts). */
  lo = new Float64Array(0);
  hi = new Float64Array(0);
  bits = new Uint8Array(0);
  /** Survivors: indices into the columns, ascending; the first liveCount are valid. */
  live = new Int32Array(0);
  liveCount = 0;

  enumerate(m: MarketTable, types: readonly SpreadType[], widths: readonly number[]): void {
    let validWidths = 0;
    for (const w of widths) if (w > 0) validWidths++;
    let capacity = 0;
    for (const sl of m.slices) capacity += types.length * validWidths * sl.callLeg.length;
    this.ensure(capacity);
    this.count = 0;
    this.candidates = 0;
    for (let si = 0; si < m.slices.length; si++) {
      const sl = m.slices[si];
      const partners = partnerIndex(sl, widths);
      for (const typeName of types) {
        const type = TYPE_CODE[typeName];
        const legs = type === BULL_CALL || type === BEAR_CALL ? sl.callLeg : sl.putLeg;
        const up = LONG_OFFSET[type] > 0 ? 1 : 0;
        for (let wi = 0; wi < widths.length; wi++) {
          const partner = partners[2 * wi + up];
          if (!partner) continue;
          this.addStrikes(m.bits, legs, partner, si, type, widths[wi]);
        }
      }
    }
    for (let i = 0; i < this.count; i++) this.live[i] = i;
    this.liveCount = this.count;
  }

  /** Spreads the columns hold without growing. */
  capacity(): number {
    return Math.min(this.short.length, this.live.length);
  }

  /** Grows the columns to `spreads` and writes them once (lean/workspace.ts). */
  reserve(spreads: number): void {
    this.ensure(spreads);
    touchColumns(this);
  }

  private addStrikes(legBits: Uint8Array, legs: Int32Array, partner: Int32Array, si: number, type: number, width: number): void {
    for (let i = 0; i < legs.length; i++) {
      const s = legs[i];
      if (s < 0) continue;
      const j = partner[i];
      if (j < 0 || j >= legs.length) continue;
      const l = legs[j];
      if (l < 0) continue;
      this.candidates++;
      if ((legBits[s] & legBits[l] & LEG_TWO_SIDED) === 0) continue;
      const n = this.count++;
      this.short[n] = s;
      this.long[n] = l;
      this.slice[n] = si;
      this.type[n] = type;
      this.width[n] = width;
    }
  }

  private ensure(n: number): void {
    if (this.short.length >= n) return;
    this.short = growI32(this.short, n);
    this.long = growI32(this.long, n);
    this.slice = growI32(this.slice, n);
    this.type = growU8(this.type, n);
    this.width = growF64(this.width, n);
    this.fill = growF64(this.fill, n);
    this.mid = growF64(this.mid, n);
    this.natural = growF64(this.natural, n);
    this.maxProfit = growF64(this.maxProfit, n);
    this.maxLoss = growF64(this.maxLoss, n);
    this.breakeven = growF64(this.breakeven, n);
    this.pop = growF64(this.pop, n);
    this.ev = growF64(this.ev, n);
    this.score = growF64(this.score, n);
    this.lo = growF64(this.lo, n);
    this.hi = growF64(this.hi, n);
    this.bits = growU8(this.bits, n);
    this.live = growI32(this.live, n);
  }
}

interface PartnerEntry {
  strikes: Float64Array;
  widths: string;
  partners: Array<Int32Array | null>;
}

/**
 * Partner indices per strikes array (a chain's strikes come from its daily-cached definition, so the same array
 * recurs scan after scan). An entry is used only when the array still holds the same strikes and the widths match.
 */
const PARTNERS = new WeakMap<readonly number[], PartnerEntry>();

function sameStrikes(a: Float64Array, b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Per width, the strike index of the partner strike below (2·wi) and above (2·wi + 1) each strike, −1 when not
 * listed; null for widths that are not positive. Looked up once per expiry instead of once per type.
 */
function partnerIndex(sl: SliceInfo, widths: readonly number[]): Array<Int32Array | null> {
  const strikes = sl.s.slice.strikes;
  const key = widths.join(',');
  const cached = PARTNERS.get(strikes);
  if (cached && cached.widths === key && sameStrikes(cached.strikes, strikes)) return cached.partners;
  const out: Array<Int32Array | null> = [];
  for (const width of widths) {
    if (!(width > 0)) {
      out.push(null, null);
      continue;
    }
    for (const offset of [-1, 1]) {
      const idx = new Int32Array(strikes.length);
      for (let i = 0; i < strikes.length; i++) idx[i] = sl.s.strikeIndex.get(strikeKey(strikes[i] + offset * width)) ?? -1;
      out.push(idx);
    }
  }
  PARTNERS.set(strikes, { strikes: Float64Array.from(strikes), widths: key, partners: out });
  return out;
}
