/**
 * Option quotes as numbers in a Float64Array, for the scoring worker's codecs (chain-codec.ts, plan-codec.ts): a
 * quote is QUOTE_WIDTH consecutive numbers (bid … openInterest, then quoteTime) and a null mask.
 *
 * Null is a bit in the mask, not NaN alone: the value written for a null is NaN (for whoever reads the array raw),
 * but a real NaN or ±Infinity in a quote (nothing upstream should produce one: the gateway's converter maps
 * non-finite values to null, but the estimator and tests build quotes too) then still comes back as itself. The mask
 * is an integer below 2^10, exact in a float64, so the caller stores it in the same array (one buffer to transfer).
 */
import type { OptionQuote } from '../chain/option-chain';

/** Numbers per quote: the ten nullable fields, then quoteTime. */
export const QUOTE_WIDTH = 11;
/** The null-mask bits a quote can use (bit k: field k is null, in OptionQuote's order). */
export const QUOTE_NULL_BITS = 0x3ff;

function put(out: Float64Array, i: number, v: number | null, bit: number): number {
  if (v === null) {
    out[i] = Number.NaN;
    return bit;
  }
  out[i] = v;
  return 0;
}

/** Writes `q` at out[at … at + QUOTE_WIDTH − 1]; returns its null mask. No allocation. */
export function writeQuote(out: Float64Array, at: number, q: OptionQuote): number {
  const nulls =
    put(out, at, q.bid, 1) |
    put(out, at + 1, q.ask, 2) |
    put(out, at + 2, q.last, 4) |
    put(out, at + 3, q.iv, 8) |
    put(out, at + 4, q.delta, 16) |
    put(out, at + 5, q.gamma, 32) |
    put(out, at + 6, q.theta, 64) |
    put(out, at + 7, q.vega, 128) |
    put(out, at + 8, q.volume, 256) |
    put(out, at + 9, q.openInterest, 512);
  out[at + 10] = q.quoteTime;
  return nulls;
}

/** The quote written at `at` with null mask `nulls` (fields in OptionQuote's declaration order). */
export function readQuote(src: Float64Array, at: number, nulls: number): OptionQuote {
  return {
    bid: nulls & 1 ? null : src[at],
    ask: nulls & 2 ? null : src[at + 1],
    last: nulls & 4 ? null : src[at + 2],
    iv: nulls & 8 ? null : src[at + 3],
    delta: nulls & 16 ? null : src[at + 4],
    gamma: nulls & 32 ? null : src[at + 5],
    theta: nulls & 64 ? null : src[at + 6],
    vega: nulls & 128 ? null : src[at + 7],
    volume: nulls & 256 ? null : src[at + 8],
    openInterest: nulls & 512 ? null : src[at + 9],
    quoteTime: src[at + 10],
  };
}

/** Quotes by key (the anchors of a plan): the keys, and per quote QUOTE_WIDTH numbers then its null mask. */
export interface EncodedQuoteMap {
  keys: string[];
  numbers: Float64Array<ArrayBuffer>;
}

const MAP_STRIDE = QUOTE_WIDTH + 1;

export function encodeQuoteMap(quotes: ReadonlyMap<string, OptionQuote>): EncodedQuoteMap {
  const keys: string[] = [];
  const numbers = new Float64Array(quotes.size * MAP_STRIDE);
  let at = 0;
  for (const [k, q] of quotes) {
    keys.push(k);
    numbers[at + QUOTE_WIDTH] = writeQuote(numbers, at, q);
    at += MAP_STRIDE;
  }
  return { keys, numbers };
}

/** The map back, in the same insertion order. */
export function decodeQuoteMap(m: EncodedQuoteMap): Map<string, OptionQuote> {
  const out = new Map<string, OptionQuote>();
  for (let i = 0, at = 0; i < m.keys.length; i++, at += MAP_STRIDE) out.set(m.keys[i], readQuote(m.numbers, at, m.numbers[at + QUOTE_WIDTH]));
  return out;
}
