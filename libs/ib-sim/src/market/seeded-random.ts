/**
 * Deterministic randomness for the market model. Nothing in the model calls Math.random.
 *
 * Two kinds are used:
 * - sequential streams (`SeededRandom`, mulberry32) for paths that are generated in order (the spot walk, history);
 * - stateless hashes (`hashUnit`) for values computed lazily (sizes, open interest, last-trade times), so the
 *   result never depends on the order in which callers ask for quotes.
 */
import { mulberry32 } from '@ibsc/option-math';

function mix(h: number, w: number): number {
  let k = Math.imul(w | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** 32-bit hash of up to four integers (murmur3-style); missing words count as absent, not as 0. */
export function hash32(a: number, b?: number, c?: number, d?: number): number {
  let h = mix(0x9e3779b9, a);
  if (b !== undefined) h = mix(h, b);
  if (c !== undefined) h = mix(h, c);
  if (d !== undefined) h = mix(h, d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) determined by the given integers. */
export function hashUnit(a: number, b?: number, c?: number, d?: number): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** FNV-1a hash of a string, unsigned 32-bit. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A sequential stream on the project's seeded generator (mulberry32, @ibsc/option-math), with normal draws. */
export class SeededRandom {
  private readonly uniform: () => number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.uniform = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uniform();
  }

  /** Standard normal (Marsaglia polar method; caches the second draw). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** A child stream whose sequence depends only on this seed and `salt`. */
  static derive(seed: number, salt: string): SeededRandom {
    return new SeededRandom(hash32(seed, hashString(salt)));
  }
}
