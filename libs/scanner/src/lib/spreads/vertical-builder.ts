/**
 * Enumerates vertical spreads per expiry:
 *
 * | type      | side   | right | short leg    | long leg          |
 * |-----------|--------|-------|--------------|-------------------|
 * | bull-put  | credit | put   | K            | K − width (lower) |
 * | bear-call | credit | call  | K            | K + width (higher)|
 * | bull-call | debit  | call  | K            | K − width (lower) |
 * | bear-put  | debit  | put   | K            | K + width (higher)|
 *
 * Widths are exact strike distances (e.g. [1, 2.5, 5]); a width whose partner strike is not listed, or whose legs
 * were not quoted, yields no spread there. Legs only need to be quoted here; whether they have a usable two-sided
 * market is the first funnel step, so nothing is dropped unseen.
 */
import type { SpreadSide, SpreadType } from '@ibsc/shared-dto';
import { strikeKey, type PreparedLeg, type PreparedSlice, type PreparedUnderlying } from '../chain/prepared-chain';

export interface VerticalCandidate {
  u: PreparedUnderlying;
  s: PreparedSlice;
  type: SpreadType;
  side: SpreadSide;
  short: PreparedLeg;
  long: PreparedLeg;
  width: number;
}

export interface VerticalBuildOptions {
  types: readonly SpreadType[];
  widths: readonly number[];
}

export const SPREAD_SIDE: Readonly<Record<SpreadType, SpreadSide>> = {
  'bull-call': 'debit',
  'bear-put': 'debit',
  'bull-put': 'credit',
  'bear-call': 'credit',
};

const SHAPE: Readonly<Record<SpreadType, { right: 'C' | 'P'; longOffset: -1 | 1 }>> = {
  'bull-put': { right: 'P', longOffset: -1 },
  'bear-call': { right: 'C', longOffset: 1 },
  'bull-call': { right: 'C', longOffset: -1 },
  'bear-put': { right: 'P', longOffset: 1 },
};

/** Appends to `out` (to avoid copying large arrays) and returns it. */
export function buildVerticals(u: PreparedUnderlying, options: VerticalBuildOptions, out: VerticalCandidate[] = []): VerticalCandidate[] {
  for (const s of u.slices) {
    const strikes = s.slice.strikes;
    for (const type of options.types) {
      const { right, longOffset } = SHAPE[type];
      const legs = right === 'C' ? s.calls : s.puts;
      const side = SPREAD_SIDE[type];
      for (const width of options.widths) {
        if (!(width > 0)) continue;
        for (let i = 0; i < strikes.length; i++) {
          const short = legs[i];
          if (!short) continue;
          const j = s.strikeIndex.get(strikeKey(strikes[i] + longOffset * width));
          if (j === undefined) continue;
          const long = legs[j];
          if (!long) continue;
          out.push({ u, s, type, side, short, long, width });
        }
      }
    }
  }
  return out;
}
